"""Who may run batch credit checks (seed task (五)): every staff role whose work uses a credit
check, that is the department operators (部门填报员, whose departments run tenders and
procurement), the credit office (信用办管理员, 信用办审核员) and auditors (审计员). Complaint
handlers (投诉处理员) handle complaints only and do not get it; an account with no role gets
nothing. Each may see the checks of their own department; the credit office and auditors
every department's (batchcheck.selectors.visible_checks)."""

from django.db import migrations

ROLES = ["信用办管理员", "信用办审核员", "部门填报员", "审计员"]
CODENAMES = ["add_batchcheck", "view_batchcheck"]


def grant(apps, schema_editor):
    from records.staff import grant_role_permissions

    grant_role_permissions(apps, {name: [("batchcheck", c) for c in CODENAMES] for name in ROLES})


def revoke(apps, schema_editor):
    from records.staff import grant_role_permissions

    grant_role_permissions(apps, {name: [("batchcheck", c) for c in CODENAMES] for name in ROLES}, revoke=True)


class Migration(migrations.Migration):
    dependencies = [
        ("batchcheck", "0001_initial"),
        ("records", "0004_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
