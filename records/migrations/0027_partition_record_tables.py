"""Yearly RANGE partitions on decision_date for 行政处罚, 行政许可 and 检查抽查 (PostgreSQL only).

records.partitions has the why and the DDL: each table is rebuilt as a partitioned one with its
rows, indexes, foreign keys and id sequence; the natural key stays unique through the
records_natural_key registry and its triggers. The model state does not change (Django does not
model partitioning), so the UniqueConstraint `<kind>_natural_key` stays in the state and is a
plain index of that name on PostgreSQL: a later migration that drops or alters that constraint
must do so with RunSQL on PostgreSQL.

On a large existing database this copies each table once inside the migration's transaction
(about a minute per million rows on the benchmark machine); docs/scaling.md §7 describes the
online way (copy in id ranges while writes go on, then swap the names).
"""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from records.partitions import PARTITIONED, is_partitioned, partition

    for table in PARTITIONED:
        if not is_partitioned(table, schema_editor.connection):
            partition(table, timezone.localdate().year + 1, schema_editor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from records.partitions import PARTITIONED, is_partitioned, unpartition

    for table in PARTITIONED:
        if is_partitioned(table, schema_editor.connection):
            unpartition(table, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("records", "0026_typical_cases_monthly")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
