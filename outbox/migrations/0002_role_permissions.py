"""The credit office sees every outgoing mail and sends failed ones again; auditors read them."""

from django.db import migrations

from portal.role_grants import grant_role_permissions

GRANTS = {
    "信用办管理员": [("outbox", "view_outgoingmail"), ("outbox", "change_outgoingmail")],
    "审计员": [("outbox", "view_outgoingmail")],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    grant_role_permissions(apps, GRANTS, revoke=True)


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial"), ("records", "0012_role_permissions")]

    operations = [migrations.RunPython(grant, revoke)]
