"""Who may do what with complaint cases: the one place staff identity is read.

Staff identity comes from records.staff, the one user→department link (StaffProfile) and the
roles (auth groups): the credit office roles and 投诉处理员 act as the credit office here;
department staff act for their StaffProfile's department.

- the credit office sees every case, the complainant and the evidence;
- a department sees only cases forwarded to it; while it handles the case (its part not sent
  back) it also sees the complainant and the evidence;
- nobody else sees any case through the staff pages.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from complaints.states import AssignmentStatus, Role
from records import staff

CREDIT_OFFICE_ADMIN = staff.CREDIT_OFFICE_ADMIN
CREDIT_OFFICE_REVIEWER = staff.CREDIT_OFFICE_REVIEWER
COMPLAINT_HANDLER = staff.COMPLAINT_HANDLER


def is_credit_office(user) -> bool:
    if not user or isinstance(user, AnonymousUser) or not user.is_active:
        return False
    return staff.is_credit_office(user) or staff.has_role(user, COMPLAINT_HANDLER)


def user_department_ids(user) -> set[int]:
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    department = staff.user_department(user)
    return {department.pk} if department else set()


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
