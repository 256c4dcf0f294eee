"""Audit entries of bulk writes (push, upload, import, expiry): the writer hands over each row's
values before and after and the entries go in with one COPY per chunk on PostgreSQL."""

from dataclasses import dataclass

from records.audit.context import AuditContext, current, person
from records.audit.entries import actor_label, json_value

# ------------------------------------------------------------------------- bulk writes


@dataclass
class Change:
    """One row of a bulk write: the object's id and label, and {field: [before, after]}."""

    object_id: object
    object_repr: str
    changes: dict
    action: str = "update"


_ENTRY_COLUMNS = (
    "at",
    "actor_id",
    "actor_username",
    "token_id",
    "channel",
    "batch_id",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "changes",
    "reason",
    "ip",
    "path",
)


def _json_default(value):
    out = json_value(value)
    if out is value:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")
    return out


def write_bulk(
    model,
    changes: list[Change],
    *,
    channel: str,
    actor=None,
    token=None,
    batch_id: int | None = None,
    reason: str = "",
    at=None,
) -> None:
    """Add one audit entry per change, in the caller's transaction: the path of bulk writes.

    Values may be dates, decimals and the like (stored as text, like the signal path)."""
    if not changes:
        return
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from records.models import AuditEntry

    ctx = current() or AuditContext()
    actor = person(actor)
    at = at or timezone.now()
    content_type_id = ContentType.objects.get_for_model(model._meta.concrete_model).pk
    common = {
        "at": at,
        "actor_id": actor.pk if actor is not None else None,
        "actor_username": actor_label(actor, token),
        "token_id": token.pk if token is not None else None,
        "channel": channel,
        "batch_id": batch_id,
        "reason": reason,
        "ip": ctx.ip,
        "path": ctx.path,
        "content_type_id": content_type_id,
    }
    if connection.vendor == "postgresql":
        # COPY: about ten times cheaper than a multi-row INSERT of the same entries.
        fixed = [common.get(c) for c in _ENTRY_COLUMNS]
        i_action, i_id, i_repr, i_changes = (
            _ENTRY_COLUMNS.index(c) for c in ("action", "object_id", "object_repr", "changes")
        )
        table = connection.ops.quote_name(AuditEntry._meta.db_table)
        with (
            connection.cursor() as cur,
            cur.cursor.copy(f"COPY {table} ({', '.join(_ENTRY_COLUMNS)}) FROM STDIN") as copy,
        ):
            for change in changes:
                row = list(fixed)
                row[i_action] = change.action
                row[i_id] = str(change.object_id)
                row[i_repr] = change.object_repr[:300]
                row[i_changes] = json.dumps(change.changes, ensure_ascii=False, default=_json_default)
                copy.write_row(row)
        return
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                **common,
                action=change.action,
                object_id=str(change.object_id),
                object_repr=change.object_repr[:300],
                changes=json.loads(json.dumps(change.changes, default=_json_default)),
            )
            for change in changes
        ],
        batch_size=500,
    )


def write_created(
    model,
    ids: list[int],
    attnames: list[str],
    *,
    label: tuple[str, ...],
    channel: str,
    actor=None,
    token=None,
    batch_id: int | None = None,
    reason: str = "",
    at=None,
    decided_within: tuple | None = None,
) -> None:
    """Audit the objects a bulk INSERT just created (`ids`), with their non-empty `attnames`
    as after values and `label` fields joined as the object's label. On PostgreSQL one
    INSERT … SELECT builds every entry from the new rows themselves, so a 1,000-row push adds one
    statement and no per-row Python; elsewhere the rows are read back and go through write_bulk.
    `decided_within` (first, last decision date of the new rows) lets PostgreSQL read only
    those years' partitions of a partitioned table (records.partitions)."""
    if not ids:
        return
    from django.db import connection
    from django.utils import timezone

    fields = [model._meta.get_field(a) for a in attnames]
    if connection.vendor != "postgresql":
        rows = model._base_manager.filter(pk__in=ids).values_list("pk", *label, *attnames)
        changes = []
        for row in rows:
            values = row[1 + len(label) :]
            after = {f.name: [None, v] for f, v in zip(fields, values, strict=True) if v not in (None, "")}
            changes.append(Change(row[0], " ".join(str(x) for x in row[1 : 1 + len(label)]), after, "create"))
        write_bulk(
            model, changes, channel=channel, actor=actor, token=token, batch_id=batch_id, reason=reason, at=at
        )
        return
    from django.contrib.contenttypes.models import ContentType

    from records.models import AuditEntry

    ctx = current() or AuditContext()
    actor = person(actor)
    qn = connection.ops.quote_name
    pairs = []
    for f in fields:
        col = f"t.{qn(f.column)}"
        if f.get_internal_type() in ("CharField", "TextField"):
            value, empty = f"{col}::text", f"{col} IS NULL OR {col} = ''"
        elif f.get_internal_type() == "DecimalField":
            value, empty = f"{col}::text", f"{col} IS NULL"  # as text, like the signal path
        else:
            value, empty = f"to_jsonb({col})", f"{col} IS NULL"
        pairs.append(f"'{f.name}', CASE WHEN {empty} THEN NULL ELSE jsonb_build_array(NULL, {value}) END")
    # jsonb_build_object takes at most 100 arguments: 40 pairs per call, concatenated.
    objects = " || ".join(
        "jsonb_build_object(" + ", ".join(pairs[i : i + 40]) + ")" for i in range(0, len(pairs), 40)
    )
    label_sql = "concat_ws(' ', " + ", ".join(f"t.{qn(model._meta.get_field(a).column)}" for a in label) + ")"
    table = qn(AuditEntry._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(_ENTRY_COLUMNS)}) "
        f"SELECT %s, %s, %s, %s, %s, %s, 'create', %s, t.id::text, left({label_sql}, 300), "
        f"jsonb_strip_nulls({objects}), %s, %s, %s "
        f"FROM {qn(model._meta.db_table)} AS t WHERE t.id = ANY(%s::bigint[])"
        + (" AND t.decision_date BETWEEN %s AND %s" if decided_within else "")
        + " ORDER BY t.id"
    )
    params = [
        at or timezone.now(),
        actor.pk if actor is not None else None,
        actor_label(actor, token),
        token.pk if token is not None else None,
        channel,
        batch_id,
        ContentType.objects.get_for_model(model._meta.concrete_model).pk,
        reason,
        ctx.ip,
        ctx.path,
        list(ids),
        *(decided_within or ()),
    ]
    with connection.cursor() as cur:
        cur.execute(sql, params)
