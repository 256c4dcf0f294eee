"""Yearly partitions of the largest record tables on PostgreSQL (issue 16, docs/scaling.md §7).

行政处罚, 行政许可 and 检查抽查 are the bulk of what departments report (nationally and in the
demo data). On PostgreSQL each of their tables is partitioned by RANGE on `decision_date`: one
partition for every decision before FIRST_YEAR, then one per year, up to next year. The newest
first lists read the newest partition only (an ordered Append), the expiry job and the 专项信用报告
read recent years, and an old year can be moved or detached as a whole. SQLite keeps plain tables.

What partitioning changes, and how it is made good here:
- A partitioned table's unique keys must contain the partition key, so `(department,
  document_number)` cannot be a unique index of the table any more. The natural key is kept
  unique across every year by a small table, records_natural_key, that triggers on each
  partitioned table maintain in the same statement (insert, update of the key, delete,
  truncate): a second record with the same department and document number fails with an
  IntegrityError, whatever the channel, as the unique index did. Django's model state keeps
  the UniqueConstraint, so forms and the admin still validate it by query. A plain index on
  `(department_id, document_number)` under the constraint's name serves the look-ups.
- The primary key is `(id, decision_date)`; ids stay unique through the table's one identity
  sequence, and Django keeps `id` as the model's key.
- There is no DEFAULT partition (it would turn newest-first reads into a merge over every
  partition). Next year's partition is created by the migration and then by the worker's daily
  job (portal.schedule); the system check records.W002 warns in December while it is missing.
- A decision date moved across a year boundary moves the row (PostgreSQL's UPDATE does).

Why written here rather than with pg_partman: the portal runs on a stock PostgreSQL (and on
managed services without the extension); the DDL is a few statements per year.
"""

import re

from django.db import connection as default_connection

# Table name → record kind (the natural-key registry says which table a key belongs to).
PARTITIONED = {"records_penalty": "penalty", "records_permit": "permit", "records_inspection": "inspection"}
# Decisions before this year share one partition; from it on, one partition per year.
FIRST_YEAR = 2016
REGISTRY = "records_natural_key"
REGISTRY_UNIQUE = "records_natural_key_unique"

_REGISTRY_SQL = f"""
CREATE TABLE IF NOT EXISTS {REGISTRY} (
    kind varchar(32) NOT NULL,
    department_id bigint NOT NULL,
    document_number varchar(128) NOT NULL,
    CONSTRAINT {REGISTRY_UNIQUE} UNIQUE (kind, department_id, document_number)
);
CREATE OR REPLACE FUNCTION records_natural_key_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {REGISTRY} (kind, department_id, document_number)
        SELECT TG_ARGV[0], department_id, document_number FROM new_rows;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION records_natural_key_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {REGISTRY} r USING old_rows o JOIN new_rows n ON n.id = o.id
        WHERE r.kind = TG_ARGV[0] AND r.department_id = o.department_id
          AND r.document_number = o.document_number
          AND (n.department_id, n.document_number) IS DISTINCT FROM (o.department_id, o.document_number);
    INSERT INTO {REGISTRY} (kind, department_id, document_number)
        SELECT TG_ARGV[0], n.department_id, n.document_number
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.department_id, n.document_number) IS DISTINCT FROM (o.department_id, o.document_number);
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION records_natural_key_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {REGISTRY} r USING old_rows o
        WHERE r.kind = TG_ARGV[0] AND r.department_id = o.department_id
          AND r.document_number = o.document_number;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION records_natural_key_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {REGISTRY} WHERE kind = TG_ARGV[0];
    RETURN NULL;
END $$;
"""


def partition_name(table: str, year: int) -> str:
    return f"{table}_y{year}"


def _older_name(table: str) -> str:
    return f"{table}_before{FIRST_YEAR}"


def is_partitioned(table: str, using=default_connection) -> bool:
    if using.vendor != "postgresql":
        return False
    with using.cursor() as cur:
        cur.execute(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
            " WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace",
            [table],
        )
        return cur.fetchone() is not None


def partition_years(table: str, using=default_connection) -> set[int]:
    """The years that have a partition of their own."""
    with using.cursor() as cur:
        cur.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass",
            [table],
        )
        pattern = re.compile(rf"^{re.escape(table)}_y(\d{{4}})$")
        return {int(m.group(1)) for (name,) in cur.fetchall() if (m := pattern.match(name))}


def ensure_partitions(through_year: int, using=default_connection) -> list[str]:
    """Create the missing yearly partitions up to `through_year` of every partitioned table.
    Returns the names created (none on SQLite or once they exist)."""
    created = []
    for table in PARTITIONED:
        if not is_partitioned(table, using):
            continue
        have = partition_years(table, using)
        with using.cursor() as cur:
            for year in range(FIRST_YEAR, through_year + 1):
                if year in have:
                    continue
                name = partition_name(table, year)
                cur.execute(
                    f'CREATE TABLE IF NOT EXISTS "{name}" PARTITION OF "{table}"'
                    f" FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
                )
                created.append(name)
    return created


def on_every_partition(definition: str) -> str:
    """An index definition as PostgreSQL describes it (pg_indexes, pg_get_indexdef), made to
    build the index on every partition: for a partitioned table the description reads
    `CREATE INDEX … ON ONLY …`, which run as it stands makes the parent's index alone, invalid,
    with no partition indexed."""
    return definition.replace(" ON ONLY ", " ON ", 1)


def invalid_indexes(using=default_connection) -> list[tuple[str, str]]:
    """(table, index) of the partitioned tables' indexes that are not valid: an index made on the
    parent alone (`CREATE INDEX … ON ONLY`) is invalid and no partition has it, so every query
    that needs it reads whole partitions."""
    if using.vendor != "postgresql":
        return []
    with using.cursor() as cur:
        cur.execute(
            "SELECT t.relname, i.relname FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
            " WHERE NOT x.indisvalid AND t.relname = ANY(%s)"
            " AND t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2",
            [list(PARTITIONED)],
        )
        return cur.fetchall()


def rebuild_invalid_indexes(using=default_connection) -> list[str]:
    """Build each invalid index of a partitioned table again on every partition (the repair
    records.E002 names). Returns the indexes rebuilt."""
    rebuilt = []
    with using.cursor() as cur:
        for _table, name in invalid_indexes(using):
            cur.execute("SELECT pg_get_indexdef(%s::regclass)", [name])
            definition = on_every_partition(cur.fetchone()[0])
            cur.execute(f'DROP INDEX "{name}"')
            cur.execute(definition)
            rebuilt.append(name)
    return rebuilt


def missing_partitions(year: int, using=default_connection) -> list[str]:
    """The partitioned tables that have no partition for `year` yet."""
    return [t for t in PARTITIONED if is_partitioned(t, using) and year not in partition_years(t, using)]


def partition(table: str, through_year: int, schema_editor) -> None:
    """Turn a plain record table into a partitioned one, keeping its rows, columns, indexes,
    foreign keys and id sequence (the migration's forward step)."""
    kind = PARTITIONED[table]

    def partitions():
        with schema_editor.connection.cursor() as cur:
            cur.execute(
                f'CREATE TABLE "{_older_name(table)}" PARTITION OF "{table}"'
                f" FOR VALUES FROM (MINVALUE) TO ('{FIRST_YEAR}-01-01')"
            )
        ensure_partitions(through_year, schema_editor.connection)

    uniques = _rebuild(
        schema_editor, table, "plain", " PARTITION BY RANGE (decision_date)", partitions, "id, decision_date"
    )
    with schema_editor.connection.cursor() as cur:
        for name, columns in uniques:
            # The natural key: a plain index for look-ups; uniqueness comes from the registry.
            cur.execute(f'CREATE INDEX "{name}" ON "{table}" ({columns})')
        cur.execute(_REGISTRY_SQL)
        cur.execute(
            f"INSERT INTO {REGISTRY} (kind, department_id, document_number)"
            f' SELECT %s, department_id, document_number FROM "{table}"',
            [kind],
        )
        for event, function, transition in (
            ("INSERT", "insert", "NEW TABLE AS new_rows"),
            ("UPDATE", "update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "delete", "OLD TABLE AS old_rows"),
        ):
            cur.execute(
                f'CREATE TRIGGER "{table}_natural_key_{function}" AFTER {event} ON "{table}"'
                f" REFERENCING {transition} FOR EACH STATEMENT"
                f" EXECUTE FUNCTION records_natural_key_{function}('{kind}')"
            )
        cur.execute(
            f'CREATE TRIGGER "{table}_natural_key_truncate" AFTER TRUNCATE ON "{table}"'
            f" FOR EACH STATEMENT EXECUTE FUNCTION records_natural_key_truncate('{kind}')"
        )


def unpartition(table: str, schema_editor) -> None:
    """The reverse: one plain table again, with the unique natural key (the migration's
    backward step)."""
    kind = PARTITIONED[table]
    natural_key = f"{kind}_natural_key"
    # Its partitions and triggers go with the partitioned table.
    _rebuild(schema_editor, table, "partitioned", "", None, "id", skip_index=natural_key)
    with schema_editor.connection.cursor() as cur:
        cur.execute(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{natural_key}" UNIQUE (department_id, document_number)'
        )
        cur.execute(f"DELETE FROM {REGISTRY} WHERE kind = %s", [kind])
    if not any(is_partitioned(t, schema_editor.connection) for t in PARTITIONED):
        with schema_editor.connection.cursor() as cur:
            cur.execute(f"DROP TABLE {REGISTRY}")


def _rebuild(schema_editor, table, suffix, partition_by, make_partitions, primary_key, skip_index=""):
    """Rename `table` aside, create it again (`partition_by` is its PARTITION BY clause or ""),
    copy the rows, drop the old one, and recreate the primary key, the identity sequence, the
    indexes (but `skip_index`) and the foreign keys. Returns the old unique constraints as
    (name, columns): the caller decides what becomes of them."""
    old = f"{table}__{suffix}"
    with schema_editor.connection.cursor() as cur:
        # Deferred foreign-key checks of rows written earlier in this transaction would keep
        # the old table from being dropped: run them now.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
        indexes, foreign_keys, uniques = _definitions(cur, old)
        cur.execute(
            f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS'
            f" INCLUDING STORAGE){partition_by}"
        )
    if make_partitions:
        make_partitions()
    with schema_editor.connection.cursor() as cur:
        cur.execute(f'INSERT INTO "{table}" SELECT * FROM "{old}"')
        cur.execute(f'DROP TABLE "{old}"')
        cur.execute(f'ALTER TABLE "{table}" ADD PRIMARY KEY ({primary_key})')
        indexes = [(name, d) for name, d in indexes if name != skip_index]
        _restore(cur, table, old, indexes, foreign_keys)
    return uniques


def _definitions(cur, table: str):
    """(index definitions, foreign keys, unique constraints as column lists) of a table."""
    cur.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
        [table],
    )
    constraints = cur.fetchall()
    foreign_keys = [(name, d) for name, kind, d in constraints if kind == "f"]
    uniques = []
    for name, kind, d in constraints:
        if kind == "u":
            match = re.fullmatch(r"UNIQUE \((.+)\)", d)
            uniques.append((name, match.group(1)))
    skip = {name for name, _k, _d in constraints} | {f"{table}_pkey"}
    cur.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass AND NOT i.indisprimary"
        " ORDER BY c.relname",
        [table],
    )
    indexes = [(name, d) for name, d in cur.fetchall() if name not in skip]
    return indexes, foreign_keys, uniques


def _restore(cur, table: str, old: str, indexes, foreign_keys) -> None:
    """Identity sequence, indexes and foreign keys of `old`, recreated on `table`."""
    cur.execute(f'SELECT max(id) FROM "{table}"')
    (top,) = cur.fetchone()
    cur.execute(f'ALTER TABLE "{table}" ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY')
    if top is not None:
        cur.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, top])
    on_old = re.compile(rf" ON (ONLY )?(\S+\.)?\"?{re.escape(old)}\"? ")
    for _name, definition in indexes:
        cur.execute(on_old.sub(f' ON "{table}" ', definition, count=1))
    for name, definition in foreign_keys:
        cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
