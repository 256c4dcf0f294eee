"""The one deletion the audit trigger allows: `prune_personal_data` (records.retention) sets
records.audit_prune for its own transaction and removes only entries older than 180 days, the
等保 level 3 minimum. Every other UPDATE or DELETE is still refused."""

from django.db import migrations

IMMUTABLE_SQL = """
CREATE OR REPLACE FUNCTION records_auditentry_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('records.audit_prune', true) = 'on'
       AND OLD.at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '审计记录不可修改或删除（%）', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
"""
PREVIOUS_SQL = """
CREATE OR REPLACE FUNCTION records_auditentry_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计记录不可修改或删除（%）', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0010_audit_channel_batch_trigger")]

    operations = [migrations.RunPython(_on_postgresql(IMMUTABLE_SQL), _on_postgresql(PREVIOUS_SQL))]
