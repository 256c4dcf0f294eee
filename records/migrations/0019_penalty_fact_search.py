"""Search index on what a penalty was for (PostgreSQL only; SQLite searches with LIKE): the same
bigram GIN index as subject names (0006_subject_search_index, which explains the choice), on the
violation type and on the facts, so a column keyword like 虚开 finds 虚开增值税发票 penalties
without reading the whole penalty table."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS penalty_violation_bigrams ON records_penalty"
    " USING gin (records_name_bigrams(violation_type::text))",
    "CREATE INDEX IF NOT EXISTS penalty_facts_bigrams ON records_penalty"
    " USING gin (records_name_bigrams(violation_facts))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS penalty_facts_bigrams",
    "DROP INDEX IF EXISTS penalty_violation_bigrams",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0018_performance_indexes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
