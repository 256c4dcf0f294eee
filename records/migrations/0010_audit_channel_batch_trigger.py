"""Audit entries name their channel, API token and batch; on PostgreSQL a trigger refuses any
UPDATE or DELETE of an audit row, whoever sends it (the application refuses it too, on every
database). TRUNCATE is a statement, not a row change: a database owner's flush still works."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


IMMUTABLE_SQL = """
CREATE OR REPLACE FUNCTION records_auditentry_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计记录不可修改或删除（%）', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS records_auditentry_immutable ON records_auditentry;
CREATE TRIGGER records_auditentry_immutable
    BEFORE UPDATE OR DELETE ON records_auditentry
    FOR EACH ROW EXECUTE FUNCTION records_auditentry_immutable();
"""
MUTABLE_SQL = """
DROP TRIGGER IF EXISTS records_auditentry_immutable ON records_auditentry;
DROP FUNCTION IF EXISTS records_auditentry_immutable();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('records', '0009_review_revisions_delegations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='batch',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='records.ingestbatch', verbose_name='报送批次'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='channel',
            field=models.CharField(choices=[('admin', '管理后台'), ('upload', '文件上传'), ('command', '命令行'), ('api', '接口推送'), ('public', '公众服务'), ('system', '系统')], default='system', max_length=8, verbose_name='渠道'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='token',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='records.apitoken', verbose_name='接口令牌'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('create', '新增'), ('update', '修改'), ('delete', '删除'), ('submit', '提交审核'), ('approve', '审核通过'), ('return', '退回修改'), ('withdraw', '撤销公示'), ('expire', '到期处理'), ('repair', '信用修复'), ('objection', '异议处理'), ('login', '登录'), ('login_failed', '登录失败'), ('logout', '退出'), ('two_factor', '两步验证')], max_length=14, verbose_name='操作'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor_username',
            field=models.CharField(blank=True, max_length=150, verbose_name='操作账号'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='content_type',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='contenttypes.contenttype', verbose_name='对象类型'),
        ),
        migrations.AddIndex(
            model_name='auditentry',
            index=models.Index(fields=['action', '-at'], name='audit_action'),
        ),
        migrations.RunPython(_on_postgresql(IMMUTABLE_SQL), _on_postgresql(MUTABLE_SQL), elidable=False),
    ]
