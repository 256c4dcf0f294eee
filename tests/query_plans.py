"""The plan of a query the application just ran, on whichever database the tests run on.

Tests assert on plans, never on timings: on SQLite `EXPLAIN QUERY PLAN` (which index, whether a
temporary b-tree sorts), on PostgreSQL `EXPLAIN` with sequential scans, bitmap scans and sorts priced out,
so that the handful of test rows does not make the planner prefer reading the table and sorting
it (the question asked is whether an index range scan *can* deliver the rows in order, which is
what the planner picks at scale).
"""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

POSTGRES = connection.vendor == "postgresql"
PRICED_OUT = ("enable_seqscan", "enable_bitmapscan", "enable_sort")


def queries_of(fn, *args, **kwargs) -> list[str]:
    """The SQL of the queries fn(*args, **kwargs) ran, parameters filled in. The server-side
    page cache is emptied first, so a page asked for again makes its own queries."""
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        fn(*args, **kwargs)
    return [q["sql"] for q in captured.captured_queries]


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if POSTGRES:
            for setting in PRICED_OUT:
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN " + sql)
            rows = [row[0] for row in cursor.fetchall()]
            for setting in PRICED_OUT:
                cursor.execute(f"SET LOCAL {setting} = on")
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            rows = [row[-1] for row in cursor.fetchall()]
    return "\n".join(rows)


def index_names(index: str) -> list[str]:
    """The index and, where its table is partitioned (records.partitions), the partitions'
    own indexes attached to it: a plan names those."""
    if not POSTGRES:
        return [index]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass",
            [index],
        )
        return [index, *(name for (name,) in cursor.fetchall())]


def uses_index(shown: str, index: str) -> bool:
    return any(name in shown for name in index_names(index))
