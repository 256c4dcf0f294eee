"""System checks of the record store."""

from django.core.checks import Error, Tags, Warning, register
from django.utils import timezone


@register(Tags.database)
def record_partitions_exist(app_configs=None, databases=None, **kwargs):
    """The yearly partitions (records.partitions) of this year, and in December of next year:
    a decision dated in a year without one cannot be stored; and no index of a partitioned
    table left invalid. Runs with `manage.py check --database default` and before every
    migrate."""
    if not databases or "default" not in databases:
        return []
    from django.db import connection

    from records.partitions import invalid_indexes, missing_partitions

    if connection.vendor != "postgresql":
        return []
    today = timezone.localdate()
    found = [
        Error(
            f"{table}: index {index} is not valid, so its partitions are read in full where it should serve.",
            hint="A bulk load that recreated it with CREATE INDEX … ON ONLY left it so. Repair: "
            '`manage.py shell -c "from records.partitions import rebuild_invalid_indexes; '
            'rebuild_invalid_indexes()"`.',
            id="records.E002",
        )
        for table, index in invalid_indexes()
    ]
    for table in missing_partitions(today.year):
        found.append(
            Error(
                f"{table} has no partition for {today.year}: records decided this year cannot be stored.",
                hint="Run `manage.py worker` (its daily job creates them) or call "
                "records.partitions.ensure_partitions(next year).",
                id="records.E001",
            )
        )
    if today.month == 12:
        for table in missing_partitions(today.year + 1):
            found.append(
                Warning(
                    f"{table} has no partition for {today.year + 1} yet: records decided from 1 January "
                    "cannot be stored until it exists.",
                    hint="The worker's daily job creates it; run `manage.py worker` or call "
                    "records.partitions.ensure_partitions(next year).",
                    id="records.W001",
                )
            )
    return found
