"""The monthly statistics page is gated by creditstats.view_monthlysnapshot: the credit office
roles and auditors read every row, a department operator its own department's row
(creditstats.access). Complaint handlers and accounts with no role do not get it. The credit
office administrator may also (re)generate a month's snapshot from the page
(creditstats.add_monthlysnapshot)."""

from django.db import migrations

ROLES = ["信用办管理员", "信用办审核员", "审计员", "部门填报员"]
GENERATE = ["信用办管理员"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create this app's now.
    app_config = apps.get_app_config("creditstats")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="creditstats", codename="view_monthlysnapshot")
    add = Permission.objects.get(content_type__app_label="creditstats", codename="add_monthlysnapshot")
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(view, *([add] if name in GENERATE else []))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    perm = Permission.objects.filter(content_type__app_label="creditstats")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*perm)


class Migration(migrations.Migration):
    dependencies = [
        ("creditstats", "0001_initial"),
        ("records", "0004_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
