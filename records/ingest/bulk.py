"""The SQL of the write phase (records.ingest.services steps 3-4): per kind the table's shape
(Table), multi-row INSERT … ON CONFLICT DO NOTHING and UPDATE … FROM a staged set per chunk, and
the row-by-row retry under savepoints when a chunk's statement fails."""

import datetime
import hashlib
import zlib
from decimal import Decimal

from django.apps import apps
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from records.demo.loader import RowShape
from records.ingest.fields import KindSpec
from records.ingest.results import (
    MAX_BATCH_ROWS,
    REJECTED,
    REPUBLISHED_REASON,
    UPDATED,
)
from records.ingest.validate import CleanRow, field_error
from records.models import (
    Penalty,
    RecordStatus,
)
from records.partitions import PARTITIONED, REGISTRY_UNIQUE, is_partitioned
from records.periods import DERIVED_FIELDS


class Table:
    """What the write phase needs to know about one kind's table, computed once per process."""

    _cache: dict = {}

    def __init__(self, spec: KindSpec):
        model = spec.model
        self.model = model
        self.shape = RowShape(model)
        self.table = model._meta.db_table
        attrs = [f.attr for f in spec.fields if f.attr and f.attr != "list_type"]
        if spec.slug == "list_entry":
            attrs.append("list_type_id")
        if spec.slug == "rating":
            attrs.append("rating_agency_id")
        self.compare = [*dict.fromkeys(attrs), "subject_id"]
        self.derived = ["report_deadline", "is_late"] + (DERIVED_FIELDS if model is Penalty else [])
        self.update_cols = [*self.compare, *self.derived, "updated_at"]
        self.key_cols = ["department_id", "document_number"] + (["action_kind"] if spec.action_kind else [])
        fields = {f.attname: f for f in model._meta.concrete_fields}
        # What a created record's audit entry lists: everything the batch set.
        self.audited = [*self.compare, "department_id", *self.derived, "status"]
        self.audit_names = {a: fields[a].name for a in [*self.audited, "is_late"]}
        self.columns = {a: fields[a].column for a in fields}
        self.stage = stage_name(self.table)
        self.lock_key = zlib.crc32(self.table.encode()) & 0x7FFFFFFF

    @property
    def partitioned(self) -> bool:
        """Partitioned on this database (records.partitions): the natural key is then unique
        through the registry's triggers, not an index an ON CONFLICT clause could name. Asked
        of the catalog each time (one index look-up), not assumed from the vendor: a database
        built without the migrations (syncdb) or after the migration's backward step has plain
        tables."""
        return self.table in PARTITIONED and is_partitioned(self.table, connection)

    def lock_natural_keys(self, department_id: int) -> None:
        """On a partitioned table, wait until no other transaction writes this department's
        records of this kind (released at commit): the look-up of existing keys and the insert
        then see the same rows."""
        if self.partitioned:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [self.lock_key, department_id])

    @classmethod
    def of(cls, spec: KindSpec) -> "Table":
        key = (spec.slug, connection.vendor)
        if key not in cls._cache:
            cls._cache[key] = cls(spec)
        return cls._cache[key]


def chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _max_rows(ncols: int) -> int:
    limit = 60_000 if connection.vendor == "postgresql" else 30_000
    return max(1, min(MAX_BATCH_ROWS, limit // ncols))


def insert_rows(table: Table, rows: list[CleanRow], results: dict) -> dict:
    """Insert rows that did not exist; returns {document_number: id} of those actually inserted."""
    if not rows:
        return {}
    qn = connection.ops.quote_name
    cols = table.shape.columns
    col_list = ", ".join(qn(c) for c in cols)
    conflict = ", ".join(qn(table.columns[a]) for a in table.key_cols)
    tail = f" ON CONFLICT ({conflict}) DO NOTHING RETURNING id, document_number"
    if table.partitioned:
        tail = " RETURNING id, document_number"
    inserted = {}

    if connection.vendor == "postgresql":
        # COPY the chunk into a session-local staging table, then one INSERT … SELECT: far cheaper
        # than a statement with tens of thousands of bound parameters.
        order = ", ".join(qn(table.columns[a]) for a in table.key_cols)
        sql = f"INSERT INTO {qn(table.table)} ({col_list}) SELECT {col_list} FROM {table.stage} ORDER BY {order}{tail}"

        def run(chunk):
            with connection.cursor() as cur:
                stage(
                    cur, table.table, cols, (table.shape.row(_shape_values(table, r.values)) for r in chunk)
                )
                cur.execute(sql)
                return {doc: pk for pk, doc in cur.fetchall()}

    else:
        head = f"INSERT INTO {qn(table.table)} ({col_list}) VALUES "
        one = "(" + ", ".join(["%s"] * len(cols)) + ")"

        def run(chunk):
            params = []
            for r in chunk:
                params.extend(_adapt(x) for x in table.shape.row(_shape_values(table, r.values)))
            with connection.cursor() as cur:
                cur.execute(head + ", ".join([one] * len(chunk)) + tail, params)
                return {doc: pk for pk, doc in cur.fetchall()}

    for chunk in chunks(rows, _max_rows(len(cols))):
        inserted.update(guarded(chunk, run, results))
    return inserted


def update_rows(table: Table, rows: list[CleanRow], results: dict) -> None:
    if not rows:
        return
    qn = connection.ops.quote_name
    attrs = table.update_cols
    cols = [table.columns[a] for a in attrs]
    if connection.vendor == "postgresql":
        sets = ", ".join(f"{qn(c)} = s.{qn(c)}" for c in cols)
        sql = f"UPDATE {qn(table.table)} AS t SET {sets} FROM {table.stage} AS s WHERE t.id = s.id"

        def run(chunk):
            with connection.cursor() as cur:
                stage(
                    cur,
                    table.table,
                    ["id", *cols],
                    ([r.values["id"], *(r.values.get(a) for a in attrs)] for r in sorted(chunk, key=_by_id)),
                )
                cur.execute(sql)
            return {}

    else:
        sql = f"UPDATE {qn(table.table)} SET " + ", ".join(f"{qn(c)} = %s" for c in cols) + " WHERE id = %s"

        def run(chunk):
            with connection.cursor() as cur:
                cur.executemany(
                    sql, [[_adapt(r.values.get(a)) for a in attrs] + [r.values["id"]] for r in chunk]
                )
            return {}

    updated_ids = []
    for chunk in chunks(rows, _max_rows(len(cols) + 1)):
        guarded(chunk, run, results)
        for r in chunk:
            res = results[r.position]
            if res.status == REJECTED:
                continue
            res.status, res.late = UPDATED, r.values["is_late"]
            updated_ids.append(r.values["id"])
    # A department that re-sends an expired record (say with a longer window) puts it back into
    # publication; the publication rules still check its dates at every read, and the nightly
    # expiry marks it again if the window is over. Withdrawn and repaired records stay so.
    if updated_ids:
        table.model._base_manager.filter(pk__in=updated_ids, status=RecordStatus.EXPIRED).update(
            status=RecordStatus.PUBLISHED, status_reason=REPUBLISHED_REASON, status_changed_at=timezone.now()
        )


def _adapt(value):
    """A value bound the way the ORM stores it on SQLite (dates as ISO text, UTC datetimes)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _by_id(row: CleanRow) -> int:
    return row.values["id"]


_STAGE_NAMES: dict = {}


def stage_name(db_table: str) -> str:
    """The staging table's name carries a digest of the table's columns, so a connection that
    outlives a migration never COPYs into a staging table of the old shape."""
    if db_table not in _STAGE_NAMES:
        model = next(m for m in apps.get_models() if m._meta.db_table == db_table)
        columns = ",".join(f.column for f in model._meta.concrete_fields)
        digest = hashlib.sha256(columns.encode()).hexdigest()[:8]
        _STAGE_NAMES[db_table] = connection.ops.quote_name(f"_ingest_{db_table}_{digest}")
    return _STAGE_NAMES[db_table]


def stage(cur, db_table: str, columns: list[str], rows) -> None:
    """Fill a table's session-local staging table with rows (PostgreSQL COPY). The staging table
    has the table's columns and no constraints; it lives as long as the database session."""
    qn = connection.ops.quote_name
    stage = stage_name(db_table)
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT * FROM {qn(db_table)} WITH NO DATA")
    cur.execute(f"TRUNCATE {stage}")
    # psycopg formats each value for COPY (in C with psycopg[binary]): three times faster than
    # building the text here.
    with cur.cursor.copy(f"COPY {stage} ({', '.join(qn(c) for c in columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def guarded(chunk: list[CleanRow], run, results: dict) -> dict:
    """Run a chunk's statement under a savepoint; if it fails, redo it row by row so that only
    the rows the database refuses are rejected."""
    try:
        with transaction.atomic():
            return run(chunk)
    except (OperationalError, InterfaceError):
        # Deadlocks, lock timeouts and a lost connection are not a row's fault: the whole
        # transaction fails, so nothing of the batch (subjects included) is kept.
        raise
    except DatabaseError as exc:  # IntegrityError, DataError: a value the database refuses
        error = exc
    if len(chunk) == 1:
        res = results[chunk[0].position]
        res.status = REJECTED
        if REGISTRY_UNIQUE in str(error):
            message = _("本部门已有相同决定文书号的记录（同时写入的另一处已保存），请重新报送本行。")
        else:
            message = _("写入数据库失败：%(e)s") % {"e": str(error).splitlines()[0][:200]}
        res.errors = [field_error(None, message)]
        return {}
    out = {}
    for r in chunk:
        out.update(guarded([r], run, results))
    return out


def _shape_values(table: Table, values: dict) -> dict:
    index = table.shape.index
    return {k: v for k, v in values.items() if k in index}
