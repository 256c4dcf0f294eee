"""Who may do what with complaint cases: the one place staff identity is read.

Credit office staff are members of the Django groups below (or superusers). Department staff
are linked to their departments by complaints.DepartmentMembership; when a shared
user→department link exists, point `user_department_ids` at it and nothing else changes.

- the credit office sees every case, the complainant and the evidence;
- a department sees only cases forwarded to it; while it handles the case (its part not sent
  back) it also sees the complainant and the evidence;
- nobody else sees any case through the staff pages.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from complaints.states import AssignmentStatus, Role

CREDIT_OFFICE_ADMIN = "信用办管理员"
CREDIT_OFFICE_REVIEWER = "信用办审核员"
COMPLAINT_HANDLER = "投诉处理员"
CREDIT_OFFICE_GROUPS = (CREDIT_OFFICE_ADMIN, CREDIT_OFFICE_REVIEWER, COMPLAINT_HANDLER)


def is_credit_office(user) -> bool:
    if not user or isinstance(user, AnonymousUser) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_complaints_credit_office", None)
    if cached is None:
        cached = user.groups.filter(name__in=CREDIT_OFFICE_GROUPS).exists()
        user._complaints_credit_office = cached
    return cached


def user_department_ids(user) -> set[int]:
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_complaints_department_ids", None)
    if cached is None:
        from complaints.models import DepartmentMembership

        cached = set(DepartmentMembership.objects.filter(user=user).values_list("department_id", flat=True))
        user._complaints_department_ids = cached
    return cached


def is_case_staff(user) -> bool:
    """May use the staff workspace at all."""
    return is_credit_office(user) or bool(user_department_ids(user))


def visible_cases(user, cases: QuerySet) -> QuerySet:
    if is_credit_office(user):
        return cases
    departments = user_department_ids(user)
    if not departments:
        return cases.none()
    return cases.filter(assignments__department_id__in=departments).distinct()


def can_view(user, case) -> bool:
    if is_credit_office(user):
        return True
    departments = user_department_ids(user)
    return bool(departments) and case.assignments.filter(department_id__in=departments).exists()


def handling_assignments(user, case):
    """The user's departments' assignments on the case that are not sent back."""
    departments = user_department_ids(user)
    if not departments:
        return case.assignments.none()
    return case.assignments.filter(department_id__in=departments).exclude(status=AssignmentStatus.RETURNED)


def can_see_identity(user, case) -> bool:
    """The complainant's identity and the evidence: only staff handling the case."""
    return is_credit_office(user) or handling_assignments(user, case).exists()


def role_of(user, case) -> str | None:
    """The state-machine role the user acts in on this case (credit office first)."""
    if is_credit_office(user):
        return Role.CREDIT_OFFICE
    if handling_assignments(user, case).exists():
        return Role.DEPARTMENT
    return None


def can_publish_typical(user) -> bool:
    return is_credit_office(user)


def department_q(department_ids) -> Q:
    return Q(assignments__department_id__in=department_ids)
