"""One audit entry for one change: what is audited, the snapshot of a row (secrets and personal
data masked), the difference before/after, and `audit_log`."""

import datetime
import decimal
import uuid

from django.db.models.fields.files import FieldFile

from records.audit.context import AuditContext, client_ip, current, person

AUDITED_APPS = {"records", "complaints", "auth", "portal", "workcalendar"}
# Not records: staging rows of an upload, the batch log (itself the account of a bulk write),
# the counter of commitment numbers and the trail itself.
NOT_AUDITED = {
    "records.importrow",
    "records.ingestbatch",
    "records.auditentry",
    "records.commitmentserial",
    # The rate-limit counters: every new client address makes one; they are no change of anything.
    "portal.ratecounter",
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


def json_value(value):
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
        values[field.name] = json_value(value)
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


def actor_label(actor, token) -> str:
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

    ctx = current() or AuditContext()
    actor = person(actor if actor is not None else ctx.actor)
    ip, path = ctx.ip, ctx.path
    if request is not None:
        ip, path = client_ip(request), request.path[:300]
    # obj._meta, not type(obj): request.user is a lazy wrapper.
    model = model or (obj._meta.model if obj is not None else None)
    if model is not None and model._meta.proxy:
        model = model._meta.concrete_model
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=actor_label(actor, ctx.token),
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
