"""Who a staff user is: their roles and their department.

Roles are auth Groups created by a data migration (records/migrations/*_staff_roles.py). The
credit office roles and auditors see every department; everyone else sees only the department
of their StaffProfile.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

# Defined in the toolkit layer so that the data migrations of the apps below records (outbox,
# workcalendar) can grant to the roles named here; re-exported for records' own migrations.
from portal.role_grants import grant_role_permissions as grant_role_permissions

CREDIT_OFFICE_ADMIN = "信用办管理员"
CREDIT_OFFICE_REVIEWER = "信用办审核员"
DEPARTMENT_OPERATOR = "部门填报员"
COMPLAINT_HANDLER = "投诉处理员"
AUDITOR = "审计员"

ROLES = [CREDIT_OFFICE_ADMIN, CREDIT_OFFICE_REVIEWER, DEPARTMENT_OPERATOR, COMPLAINT_HANDLER, AUDITOR]
CREDIT_OFFICE_ROLES = {CREDIT_OFFICE_ADMIN, CREDIT_OFFICE_REVIEWER}

NO_DEPARTMENT_MESSAGE = _("您的账号尚未关联部门，请联系信用办管理员。")


class MissingPermission(PermissionDenied):
    """Raised by staff pages when a permission is missing; the refusal page (portal.views) names
    what was asked (`what`) and the roles that hold `permission` ("app_label.codename")."""

    def __init__(self, permission: str, what: str = ""):
        super().__init__(what)
        self.permission = permission
        self.what = what


def require_permission(user, permission: str, what: str = "") -> None:
    if not user.has_perm(permission):
        raise MissingPermission(permission, what)


def _group_names(user) -> set[str]:
    # Cached on the user object for the request: the admin asks many times per page.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    return user._role_names


def has_role(user, role: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and role in _group_names(user))


def is_credit_office(user) -> bool:
    """Credit office staff (and superusers) act across every department."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(_group_names(user) & CREDIT_OFFICE_ROLES)


def has_two_factor(user) -> bool:
    """Has `user` a confirmed authenticator (then every login needs its code)?"""
    from django_otp import devices_for_user

    return any(True for _device in devices_for_user(user, confirmed=True))


def two_factor_required(user) -> bool:
    """Must `user` use two-factor? Their role is in STAFF_OTP_ROLES (superusers whenever any
    role is named). Accounts with a confirmed authenticator need its code anyway."""
    roles = set(settings.STAFF_OTP_ROLES)
    if not (roles and user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(_group_names(user) & roles)


def is_auditor(user) -> bool:
    return has_role(user, AUDITOR)


def sees_all_departments(user) -> bool:
    return is_credit_office(user) or is_auditor(user)


def user_department(user):
    """The user's department, or None (no profile, or anonymous)."""
    if not (user and user.is_authenticated):
        return None
    if not hasattr(user, "_staff_department"):
        from records.models import StaffProfile

        profile = StaffProfile.objects.select_related("department").filter(user_id=user.pk).first()
        user._staff_department = profile.department if profile else None
    return user._staff_department


def scope_to_department(queryset, user, field: str = "department"):
    """Limit a queryset to what `user` may see: everything for the credit office and auditors,
    their own department's rows for everyone else, nothing without a department."""
    if sees_all_departments(user):
        return queryset
    department = user_department(user)
    if department is None:
        return queryset.none()
    return queryset.filter(**{field: department})


def can_act_for(user, department) -> bool:
    """May `user` change data that belongs to `department`?"""
    if is_credit_office(user):
        return True
    own = user_department(user)
    return own is not None and department is not None and own.pk == department.pk
