"""Capture of the audit trail.

Every save and delete of a model in an audited app, made while a staff member is acting (a
staff request, set up by records.middleware, or a service run with `acting(...)`), writes an
AuditEntry with the fields that changed (before and after), who, when and from which IP.
Imports and public submissions run without an acting staff member and are not logged row by
row; commands log a summary with `audit_log`.
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


AUDITED_APPS = {"records", "complaints", "auth", "portal"}
# Noise, or secrets: never stored as values.
IGNORED_FIELDS = {"last_login", "updated_at", "created_at"}
SECRET_FIELDS = {"password", "key", "token", "secret"}
MASKED = "******"


@dataclass(frozen=True)
class AuditContext:
    actor: object = None
    ip: str | None = None
    path: str = ""
    action: str | None = None
    reason: str = ""


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)


def current() -> AuditContext | None:
    return _current.get()


@contextmanager
def acting(actor=None, *, action: str | None = None, reason: str = "", request=None):
    """Run the block as `actor`: saves inside it are audited, labelled `action` with `reason`.

    Nested inside a staff request it keeps the request's IP and path."""
    outer = _current.get()
    if request is not None:
        ctx = AuditContext(actor=actor or request.user, ip=client_ip(request), path=request.path[:300])
    elif outer is not None:
        ctx = replace(outer, actor=actor or outer.actor)
    else:
        ctx = AuditContext(actor=actor)
    ctx = replace(ctx, action=action or (outer.action if outer else None), reason=reason or ctx.reason)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


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


def is_audited(model) -> bool:
    from records.models import AuditEntry

    return model._meta.app_label in AUDITED_APPS and model._meta.concrete_model is not AuditEntry


def audit_log(action: str, obj=None, *, changes=None, reason: str = "", actor=None, request=None, model=None):
    """Write one audit entry; outside any context, as the system (no actor)."""
    from django.contrib.contenttypes.models import ContentType

    from records.models import AuditEntry

    ctx = _current.get() or AuditContext()
    actor = actor if actor is not None else ctx.actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    ip, path = ctx.ip, ctx.path
    if request is not None:
        ip, path = client_ip(request), request.path[:300]
    # obj._meta, not type(obj): request.user is a lazy wrapper.
    model = model or (obj._meta.model if obj is not None else None)
    if model is not None and model._meta.proxy:
        model = model._meta.concrete_model
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        action=action,
        content_type=ContentType.objects.get_for_model(model) if model is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        reason=reason or ctx.reason,
        ip=ip,
        path=path,
    )


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

    audit_log(AuditEntry.Action.LOGIN, user, actor=user, request=request)


def _on_logout(sender, request, user, **kwargs):
    from records.models import AuditEntry

    if user is not None:
        audit_log(AuditEntry.Action.LOGOUT, user, actor=user, request=request)


def _login_failed_entry(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    from records.models import AuditEntry

    username = str(credentials.get("username", ""))[:150]
    user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
    AuditEntry.objects.create(
        actor=user,
        actor_username=username,
        action=AuditEntry.Action.LOGIN_FAILED,
        ip=client_ip(request) if request is not None else None,
        path=request.path[:300] if request is not None else "",
        reason="",
    )


def connect():
    pre_save.connect(_on_pre_save, dispatch_uid="audit_pre_save")
    post_save.connect(_on_post_save, dispatch_uid="audit_post_save")
    post_delete.connect(_on_post_delete, dispatch_uid="audit_post_delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="audit_m2m")
    user_logged_in.connect(_on_login, dispatch_uid="audit_login")
    user_logged_out.connect(_on_logout, dispatch_uid="audit_logout")
    user_login_failed.connect(_login_failed_entry, dispatch_uid="audit_login_failed")
