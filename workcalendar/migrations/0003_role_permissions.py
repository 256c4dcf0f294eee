"""The credit office keeps the holiday schedule; reviewers and auditors read it."""

from django.db import migrations

from portal.role_grants import grant_role_permissions

GRANTS = {
    "信用办管理员": [
        ("workcalendar", "view_holidayyear"),
        ("workcalendar", "add_holidayyear"),
        ("workcalendar", "change_holidayyear"),
        ("workcalendar", "view_holidayday"),
        ("workcalendar", "add_holidayday"),
        ("workcalendar", "change_holidayday"),
        ("workcalendar", "delete_holidayday"),
    ],
    "信用办审核员": [("workcalendar", "view_holidayyear"), ("workcalendar", "view_holidayday")],
    "审计员": [("workcalendar", "view_holidayyear"), ("workcalendar", "view_holidayday")],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    grant_role_permissions(apps, GRANTS, revoke=True)


class Migration(migrations.Migration):
    dependencies = [
        ("workcalendar", "0002_seed_from_chinesecalendar"),
        ("records", "0012_role_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
