"""The roles as shipped could not do their jobs (issue 10): the data exchange models came after
0004_staff_roles, so nobody but a superuser could import a file, read a batch or issue an API
token. This grants what each role's job needs; the query log (publicity.view_certificate) is
granted by publicity's own migration 0003_report_fields.

- 部门填报员: upload files (add) and read their department's batches and timeliness (the admin and
  the pages scope them to the department).
- 信用办审核员: read every batch and the timeliness summary beside the review queue.
- 信用办管理员: everything of the office: import for any department, every batch, API tokens.
- 审计员: read-only: batches, tokens, timeliness.
"""

from django.db import migrations

from records.staff import grant_role_permissions

GRANTS = {
    "部门填报员": [
        ("records", "add_ingestbatch"),
        ("records", "view_ingestbatch"),
        ("records", "view_timeliness"),
    ],
    "信用办审核员": [
        ("records", "view_ingestbatch"),
        ("records", "view_timeliness"),
    ],
    "信用办管理员": [
        ("records", "add_ingestbatch"),
        ("records", "view_ingestbatch"),
        ("records", "import_any_department"),
        ("records", "view_timeliness"),
        ("records", "view_apitoken"),
        ("records", "add_apitoken"),
        ("records", "change_apitoken"),
    ],
    "审计员": [
        ("records", "view_ingestbatch"),
        ("records", "view_timeliness"),
        ("records", "view_apitoken"),
    ],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    grant_role_permissions(apps, GRANTS, revoke=True)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0011_audit_prune_allowed"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="ingestbatch",
            options={
                "ordering": ["-started_at", "-id"],
                "permissions": [
                    ("import_any_department", "可为任意部门导入信用信息"),
                    ("view_timeliness", "查看报送及时性"),
                ],
                "verbose_name": "报送批次",
                "verbose_name_plural": "报送批次",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
