"""Bulk-load mode for PostgreSQL: secondary indexes and constraints off during a big load.

Inserting millions of rows into tables whose B-tree indexes no longer fit in memory is slow
(every row touches several random index pages). For a large load the generator stashes the
definitions of the record tables' secondary indexes, unique and foreign-key constraints in a
small table, drops them, loads, and recreates them in one pass each. The stash survives a
crash: the next run restores whatever is stashed before doing anything else.
"""

from contextlib import contextmanager

from django.db import connection

from records.partitions import on_every_partition

STASH = "records_bulkload_stash"


def _ensure_stash(cur):
    cur.execute(
        f"CREATE TABLE IF NOT EXISTS {STASH} ("
        " tablename text NOT NULL, name text NOT NULL, kind text NOT NULL, definition text NOT NULL,"
        " PRIMARY KEY (tablename, name))"
    )


def restore() -> int:
    """Recreate every stashed index and constraint. Returns how many were restored."""
    with connection.cursor() as cur:
        _ensure_stash(cur)
        cur.execute(f"SELECT tablename, name, kind, definition FROM {STASH} ORDER BY kind DESC")
        rows = cur.fetchall()
        # Unique constraints first (kind 'u'), then plain indexes ('i'), then foreign keys ('f').
        order = {"u": 0, "i": 1, "f": 2}
        for table, name, kind, definition in sorted(rows, key=lambda r: order[r[2]]):
            if kind == "i":
                # Stashed from pg_indexes: a partitioned table's index reads ON ONLY there.
                cur.execute(on_every_partition(definition))
            else:
                cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            cur.execute(f"DELETE FROM {STASH} WHERE tablename = %s AND name = %s", [table, name])
    return len(rows)


def stash_and_drop(tables: list[str]) -> int:
    with connection.cursor() as cur:
        _ensure_stash(cur)
        count = 0
        for table in tables:
            cur.execute(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
                [table],
            )
            constraints = cur.fetchall()
            constraint_names = {name for name, _kind, _def in constraints}
            cur.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE '%%_pkey'",
                [table],
            )
            indexes = [(n, d) for n, d in cur.fetchall() if n not in constraint_names]
            for name, kind, definition in constraints:
                cur.execute(f"INSERT INTO {STASH} VALUES (%s, %s, %s, %s)", [table, name, kind, definition])
                cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                count += 1
            for name, definition in indexes:
                cur.execute(f"INSERT INTO {STASH} VALUES (%s, %s, 'i', %s)", [table, name, definition])
                cur.execute(f'DROP INDEX "{name}"')
                count += 1
    return count


@contextmanager
def indexes_off(tables: list[str]):
    """Drop the tables' secondary indexes for the duration of the block (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        yield
        return
    restore()
    stash_and_drop(tables)
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '512MB'")
        restore()
