"""The audit trail: every change, from every channel, in the same transaction as the change.

Two ways in, one table (records.models.AuditEntry):

* Single saves and deletes (admin forms and actions, the publication workflow, corrections,
  repairs, token and delegation changes, public applications) are caught by model signals for
  every *registered* model: at start-up every model of an audited app is registered (so a model
  added later is covered without further code), except staging rows and the batch log, which
  are not records. `register(model)` adds a model of another app. Signals fire only while an
  AuditContext is active: records.middleware opens one for every request (channel admin for
  staff, public otherwise, api for the department API), `acting(...)` opens one for a service
  or a command. The staff admin runs its POST views in a transaction, so the entry commits with
  the change.
* Bulk writes (the push API, the upload page, `import_records`, `expire_publications`) never
  go through save(): they are multi-row INSERT/UPDATE statements. The service that writes them
  already holds each row's values before and after, so it hands them to `write_bulk()` in the
  same transaction, which adds the entries with one COPY per chunk on PostgreSQL (bulk_create
  on SQLite). Push throughput stays above 5,000 new rows/s (docs/benchmarks.md).

Why not triggers (django-pghistory): they would catch bulk writes for free, but only on
PostgreSQL (SQLite, the embedded default, would still need this path), and a trigger knows
neither the token, the channel nor the batch unless every writer sets session variables
first. Why not django-auditlog: it is signal based and misses bulk writes like the signals here.
What the database does enforce: on PostgreSQL a trigger refuses UPDATE and DELETE of audit rows
(records migration 0010); TRUNCATE, which only a database owner's flush or test teardown runs,
is not a row change and stays possible.
"""

import contextvars
import datetime
import decimal
import ipaddress
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from portal import ratelimit


def client_ip(request) -> str | None:
    """The client's address as a valid IP for the audit log, or None when there is none."""
    ip = ratelimit.client_ip(request)
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        return None


AUDITED_APPS = {"records", "complaints", "auth", "portal", "workcalendar"}
# Not records: staging rows of an upload, the batch log (itself the account of a bulk write),
# the counter of commitment numbers and the trail itself.
NOT_AUDITED = {
    "records.importrow",
    "records.ingestbatch",
    "records.auditentry",
    "records.commitmentserial",
}
# Noise, or secrets: never stored as values.
IGNORED_FIELDS = {"last_login", "updated_at", "created_at", "last_used_at"}
# Secrets, and the personal data of complainants and applicants (visible only to the staff
# handling their case): the trail says that they changed, never what they are.
SECRET_FIELDS = {
    "password",
    "key",
    "key_hash",
    "token",
    "secret",
    "query_code_hash",
    "form_token",
    "complainant_name",
    "complainant_phone",
    "complainant_email",
    "complainant_address",
    "submitted_ip",
    "contact_phone",
    "contact_email",
}
MASKED = "******"


@dataclass(frozen=True)
class AuditContext:
    actor: object = None
    ip: str | None = None
    path: str = ""
    action: str | None = None
    reason: str = ""
    channel: str = "system"
    token: object = None


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)


def current() -> AuditContext | None:
    return _current.get()


@contextmanager
def acting(
    actor=None,
    *,
    action: str | None = None,
    reason: str = "",
    request=None,
    channel: str | None = None,
):
    """Run the block as `actor`: saves inside it are audited, labelled `action` with `reason`,
    as coming through `channel` (AuditEntry.Channel; inherited, else "system").

    Nested inside a request it keeps the request's IP, path and channel."""
    outer = _current.get()
    if request is not None:
        user = actor or getattr(request, "user", None)
        ctx = AuditContext(actor=user, ip=client_ip(request), path=request.path[:300])
        if outer is not None:
            ctx = replace(ctx, channel=outer.channel, token=outer.token)
    elif outer is not None:
        ctx = replace(outer, actor=actor or outer.actor)
    else:
        ctx = AuditContext(actor=actor)
    ctx = replace(
        ctx,
        action=action or (outer.action if outer else None),
        reason=reason or ctx.reason,
        channel=channel or ctx.channel,
    )
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def set_token(token) -> None:
    """Mark the rest of the current request as made with a department's API token (called by
    the API authentication once it knows the token; the request's context ends with it)."""
    ctx = _current.get()
    if ctx is not None:
        _current.set(replace(ctx, token=token, channel="api"))


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance) -> dict:
    values = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in IGNORED_FIELDS:
            continue
        value = getattr(instance, field.attname)
        if field.name in SECRET_FIELDS:
            value = MASKED if value else ""
        values[field.name] = _json_value(value)
    return values


def diff(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    changes = {}
    for name in after.keys() | before.keys():
        old, new = before.get(name), after.get(name)
        if old != new and not (old in (None, "") and new in (None, "")):
            changes[name] = [old, new]
    if "password" in changes:
        changes["password"] = [MASKED, MASKED + "（已修改）"]
    return changes


_registered: set = set()


def is_audited(model) -> bool:
    return model in _registered


def register(model) -> None:
    """Audit every save and delete of `model` (and of its proxies, registered with it)."""
    if model in _registered:
        return
    _registered.add(model)
    uid = model._meta.label_lower
    pre_save.connect(_on_pre_save, sender=model, dispatch_uid=f"audit_pre_save:{uid}")
    post_save.connect(_on_post_save, sender=model, dispatch_uid=f"audit_post_save:{uid}")
    post_delete.connect(_on_post_delete, sender=model, dispatch_uid=f"audit_post_delete:{uid}")


def _who(actor, token) -> str:
    if actor is not None:
        return actor.get_username()
    if token is not None:
        return f"{token.name}（{token.key_prefix}…）"[:150]
    return ""


def audit_log(
    action: str,
    obj=None,
    *,
    changes=None,
    reason: str = "",
    actor=None,
    request=None,
    model=None,
    channel: str | None = None,
):
    """Write one audit entry; outside any context, as the system (no actor)."""
    from django.contrib.contenttypes.models import ContentType

    from records.models import AuditEntry

    ctx = _current.get() or AuditContext()
    actor = _person(actor if actor is not None else ctx.actor)
    ip, path = ctx.ip, ctx.path
    if request is not None:
        ip, path = client_ip(request), request.path[:300]
    # obj._meta, not type(obj): request.user is a lazy wrapper.
    model = model or (obj._meta.model if obj is not None else None)
    if model is not None and model._meta.proxy:
        model = model._meta.concrete_model
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=_who(actor, ctx.token),
        token=ctx.token,
        channel=channel or ctx.channel,
        action=action,
        content_type=ContentType.objects.get_for_model(model) if model is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        reason=reason or ctx.reason,
        ip=ip,
        path=path,
    )


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
    out = _json_value(value)
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

    ctx = _current.get() or AuditContext()
    actor = _person(actor)
    at = at or timezone.now()
    content_type_id = ContentType.objects.get_for_model(model._meta.concrete_model).pk
    common = {
        "at": at,
        "actor_id": actor.pk if actor is not None else None,
        "actor_username": _who(actor, token),
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
) -> None:
    """Audit the objects a bulk INSERT just created (`ids`), with their non-empty `attnames`
    as after values and `label` fields joined as the object's label. On PostgreSQL one
    INSERT … SELECT builds every entry from the new rows themselves, so a 1,000-row push adds one
    statement and no per-row Python; elsewhere the rows are read back and go through write_bulk."""
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

    ctx = _current.get() or AuditContext()
    actor = _person(actor)
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
        f"FROM {qn(model._meta.db_table)} AS t WHERE t.id = ANY(%s::bigint[]) ORDER BY t.id"
    )
    params = [
        at or timezone.now(),
        actor.pk if actor is not None else None,
        _who(actor, token),
        token.pk if token is not None else None,
        channel,
        batch_id,
        ContentType.objects.get_for_model(model._meta.concrete_model).pk,
        reason,
        ctx.ip,
        ctx.path,
        list(ids),
    ]
    with connection.cursor() as cur:
        cur.execute(sql, params)


def _person(actor):
    """A signed-in user, or None (anonymous visitors; an API token's client is not a user)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor if isinstance(getattr(actor, "pk", None), int) else None


def _on_pre_save(sender, instance, raw=False, **kwargs):
    if raw or _current.get() is None or not is_audited(sender) or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


def _on_post_save(sender, instance, created, raw=False, **kwargs):
    ctx = _current.get()
    if raw or ctx is None or not is_audited(sender):
        return
    from records.models import AuditEntry

    before = None if created else getattr(instance, "_audit_before", None)
    changes = diff(before, snapshot(instance))
    instance._audit_before = None
    if not changes and not ctx.action:
        return
    action = ctx.action or (AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE)
    audit_log(action, instance, changes=changes)


def _on_post_delete(sender, instance, **kwargs):
    if _current.get() is None or not is_audited(sender):
        return
    from records.models import AuditEntry

    audit_log(AuditEntry.Action.DELETE, instance, changes=diff(snapshot(instance), None))


def _on_m2m_changed(sender, instance, action, model, pk_set, reverse=False, **kwargs):
    if _current.get() is None or reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    if not is_audited(type(instance)):
        return
    from records.models import AuditEntry

    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender),
        sender._meta.model_name,
    )
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    audit_log(AuditEntry.Action.UPDATE, instance, changes={field: {verb: sorted(pk_set or [])}})


def _on_login(sender, request, user, **kwargs):
    from records.models import AuditEntry

    audit_log(AuditEntry.Action.LOGIN, user, actor=user, request=request, channel=AuditEntry.Channel.ADMIN)


def _on_logout(sender, request, user, **kwargs):
    from records.models import AuditEntry

    if user is not None:
        audit_log(
            AuditEntry.Action.LOGOUT, user, actor=user, request=request, channel=AuditEntry.Channel.ADMIN
        )


def _login_failed_entry(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    from records.models import AuditEntry

    username = str(credentials.get("username", ""))[:150]
    user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
    AuditEntry.objects.create(
        actor=user,
        actor_username=username,
        action=AuditEntry.Action.LOGIN_FAILED,
        channel=AuditEntry.Channel.ADMIN,
        ip=client_ip(request) if request is not None else None,
        path=request.path[:300] if request is not None else "",
        reason="",
    )


def connect():
    """Register every model of the audited apps (but NOT_AUDITED), and the login signals."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label in AUDITED_APPS and model._meta.label_lower not in NOT_AUDITED:
            register(model)
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="audit_m2m")
    user_logged_in.connect(_on_login, dispatch_uid="audit_login")
    user_logged_out.connect(_on_logout, dispatch_uid="audit_logout")
    user_login_failed.connect(_login_failed_entry, dispatch_uid="audit_login_failed")
