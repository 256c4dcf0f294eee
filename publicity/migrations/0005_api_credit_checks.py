"""Credit checks through the API are logged in the query log (信用查询记录) with the token and the purpose."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('publicity', '0004_access_code_purpose'),
        ('records', '0019_penalty_fact_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='certificate',
            name='token',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='records.apitoken', verbose_name='接口令牌'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='doc_type',
            field=models.CharField(choices=[('query', '信用信息查询结果'), ('report', '专项信用报告'), ('repair_notice', '信用修复告知书'), ('api_check', '接口信用核查')], default='query', max_length=16, verbose_name='文书类型'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='requester_kind',
            field=models.CharField(choices=[('public', '社会公众'), ('subject', '主体本人（验证码）'), ('staff', '部门工作人员'), ('system', '部门系统（接口）')], default='public', max_length=10, verbose_name='申请人类别'),
        ),
    ]
