"""Write generated rows fast: COPY on PostgreSQL, executemany elsewhere.

Rows are plain tuples in the column order of a model's concrete fields (without the primary
key), built from the model's own defaults so a new field with a default never breaks the
generator.
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import NOT_PROVIDED


class RowShape:
    """Column order, defaults and field positions of one model's table."""

    def __init__(self, model):
        self.model = model
        self.table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in fields]
        self.index = {f.attname: i for i, f in enumerate(fields)}
        defaults = []
        for f in fields:
            if f.default is not NOT_PROVIDED and not callable(f.default):
                defaults.append(f.default)
            elif f.null:
                defaults.append(None)
            elif f.get_internal_type() in ("CharField", "TextField"):
                defaults.append("")
            else:
                defaults.append(None)
        self.defaults = defaults

    def row(self, values: dict) -> tuple:
        row = list(self.defaults)
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        return tuple(row)


def write_rows(shape: RowShape, rows: list[tuple]) -> None:
    if not rows:
        return
    cols = ", ".join(connection.ops.quote_name(c) for c in shape.columns)
    table = connection.ops.quote_name(shape.table)
    if connection.vendor == "postgresql":
        raw = connection.connection  # psycopg 3 connection inside the current transaction
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        rows = [tuple(_adapt(v) for v in row) for row in rows]
        placeholders = ", ".join(["%s"] * len(shape.columns))
        # Plain INSERT: a duplicate natural key is a generator bug and must fail loudly.
        with connection.cursor() as cur:
            cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({placeholders})", rows)


def _adapt(value):
    # Bind values the way the ORM would store them on SQLite (UTC text for datetimes).
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
