"""The export log of the exchange with 信用中国 (records.services.exchange), and who may use it:
信用办管理员 runs exports and downloads them; 审计员 reads the log and downloads the files.
Department roles get nothing: the files carry every department's records and full ID numbers."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from records.staff import grant_role_permissions

GRANTS = {
    "信用办管理员": [("records", "add_exchangeexport"), ("records", "view_exchangeexport")],
    "审计员": [("records", "view_exchangeexport")],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    grant_role_permissions(apps, GRANTS, revoke=True)


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0021_online_commitments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('create', '新增'), ('update', '修改'), ('delete', '删除'), ('submit', '提交审核'), ('approve', '审核通过'), ('return', '退回修改'), ('withdraw', '撤销公示'), ('expire', '到期处理'), ('repair', '信用修复'), ('objection', '异议处理'), ('login', '登录'), ('login_failed', '登录失败'), ('logout', '退出'), ('two_factor', '两步验证'), ('export', '数据导出')], max_length=14, verbose_name='操作'),
        ),
        migrations.CreateModel(
            name='ExchangeExport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20, verbose_name='信息类别')),
                ('format', models.CharField(choices=[('csv', 'CSV（UTF-8）'), ('xlsx', 'Excel（.xlsx）')], default='csv', max_length=4, verbose_name='文件格式')),
                ('since', models.DateTimeField(blank=True, null=True, verbose_name='起始（不含）')),
                ('since_id', models.PositiveBigIntegerField(default=0, verbose_name='起始记录ID')),
                ('until', models.DateTimeField(blank=True, null=True, verbose_name='截至')),
                ('until_id', models.PositiveBigIntegerField(default=0, verbose_name='截至记录ID')),
                ('since_delta', models.PositiveBigIntegerField(default=0, verbose_name='起始修复同步序号')),
                ('until_delta', models.PositiveBigIntegerField(default=0, verbose_name='截至修复同步序号')),
                ('row_count', models.PositiveIntegerField(default=0, verbose_name='公示记录数')),
                ('withdrawal_count', models.PositiveIntegerField(default=0, verbose_name='撤销/修复记录数')),
                ('file', models.FileField(max_length=200, upload_to='exchange/%Y/%m/', verbose_name='公示记录文件')),
                ('checksum', models.CharField(max_length=64, verbose_name='文件校验值（SHA-256）')),
                ('withdrawals_file', models.FileField(blank=True, max_length=200, upload_to='exchange/%Y/%m/', verbose_name='撤销/修复文件')),
                ('withdrawals_checksum', models.CharField(blank=True, max_length=64, verbose_name='撤销/修复文件校验值（SHA-256）')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='导出时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='导出人')),
                ('previous', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='next_export', to='records.exchangeexport', verbose_name='上一次导出')),
            ],
            options={
                'verbose_name': '信用中国数据导出',
                'verbose_name_plural': '信用中国数据导出',
                'ordering': ['-created_at', '-id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('previous__isnull', True)), fields=('kind',), name='exchangeexport_one_first_per_kind')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
