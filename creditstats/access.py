"""Who sees which rows of the monthly statistics: the credit office roles and auditors every
unit and department; anyone else holding the view permission (a department operator) only
their own department's row; nobody else anything (records.staff)."""

from records import staff

VIEW_PERMISSION = "creditstats.view_monthlysnapshot"
GENERATE_PERMISSION = "creditstats.add_monthlysnapshot"


def may_view(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(VIEW_PERMISSION))


def may_generate(user) -> bool:
    return may_view(user) and user.has_perm(GENERATE_PERMISSION)


def scope(table: dict, user) -> dict:
    """The table as `user` may read it (`sees_all` says whether units and rankings show)."""
    if staff.sees_all_departments(user):
        return {**table, "sees_all": True}
    department = staff.user_department(user)
    own = [row for row in table["departments"] if department and row.get("department_id") == department.pk]
    return {**table, "units": [], "departments": own, "total": {}, "sees_all": False}
