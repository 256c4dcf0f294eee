"""What a refused staff user is told: the action they lacked, the roles that hold it, their own
roles, and whom to ask. Explicit refusals (records.staff.MissingPermission) name the permission;
for the admin's own refusals it is read from the URL (model and view)."""

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import staff

# The admin's URL name suffixes and the permission each needs.
ADMIN_ACTIONS = {
    "changelist": ("view", gettext_lazy("查看")),
    "change": ("view", gettext_lazy("查看")),
    "history": ("view", gettext_lazy("查看")),
    "add": ("add", gettext_lazy("新增")),
    "delete": ("delete", gettext_lazy("删除")),
}


def _admin_permission(request) -> tuple[str, str] | None:
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != admin.site.name or not match.url_name:
        return None
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}_"
        if not match.url_name.startswith(prefix):
            continue
        action = ADMIN_ACTIONS.get(match.url_name[len(prefix) :])
        if action is None:
            return None
        codename, verb = action
        if codename == "view" and request.method == "POST":
            codename, verb = "change", _("修改")
        return f"{opts.app_label}.{codename}_{opts.model_name}", f"{verb}{opts.verbose_name_plural}"
    return None


def roles_holding(permission: str) -> list[str]:
    app_label, _sep, codename = permission.partition(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if perm is None:
        return []
    held = set(perm.group_set.filter(name__in=staff.ROLES).values_list("name", flat=True))
    return [role for role in staff.ROLES if role in held]


def refusal(request, exception=None) -> dict:
    user = request.user
    permission, what = getattr(exception, "permission", None), getattr(exception, "what", "")
    if permission is None:
        found = _admin_permission(request)
        # Read from the URL, it explains the refusal only when the user really lacks it (an
        # admin page may refuse for another reason, such as another department's record).
        if found is not None and not user.has_perm(found[0]):
            permission, what = found
    reason = ""
    if permission is None and exception is not None and exception.args and exception.args[0]:
        reason = str(exception.args[0])
    authenticated = bool(user and user.is_authenticated)
    return {
        "what": what,
        "reason": reason,
        "roles": roles_holding(permission) if permission else [],
        "my_roles": sorted(user.groups.values_list("name", flat=True)) if authenticated else [],
        "department": staff.user_department(user) if authenticated else None,
        "contact_role": staff.CREDIT_OFFICE_ADMIN,
        "is_staff": authenticated and user.is_staff,
    }
