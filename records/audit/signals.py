"""Model and login signals that write the audit entries of single saves and deletes, and
`connect()`, which registers the audited models at start-up."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from records.audit.context import client_ip, current
from records.audit.entries import AUDITED_APPS, NOT_AUDITED, audit_log, diff, snapshot


def _on_pre_save(sender, instance, raw=False, **kwargs):
    if raw or current() is None or not is_audited(sender) or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


def _on_post_save(sender, instance, created, raw=False, **kwargs):
    ctx = current()
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
    if current() is None or not is_audited(sender):
        return
    from records.models import AuditEntry

    audit_log(AuditEntry.Action.DELETE, instance, changes=diff(snapshot(instance), None))


def _on_m2m_changed(sender, instance, action, model, pk_set, reverse=False, **kwargs):
    if current() is None or reverse or action not in ("post_add", "post_remove", "post_clear"):
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
