"""Department scoping for the admin: every list, form and action of a department's data is
limited to the user's own department unless they belong to the credit office (or audit)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from records.models import Department
from records.staff import (
    NO_DEPARTMENT_MESSAGE,
    can_act_for,
    is_credit_office,
    scope_to_department,
    sees_all_departments,
    user_department,
)


def _follow(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part, None)
    return obj


class DepartmentScopedAdmin:
    """Mix into a ModelAdmin whose model has a department (at `department_field`)."""

    department_field = "department"

    def get_queryset(self, request):
        return scope_to_department(super().get_queryset(request), request.user, self.department_field)

    def department_of(self, obj):
        return _follow(obj, self.department_field)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if not allowed or obj is None or sees_all_departments(request.user):
            return allowed
        own = user_department(request.user)
        return own is not None and self.department_of(obj) == own

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return can_act_for(request.user, self.department_of(obj))

    def has_add_permission(self, request, *args):
        allowed = super().has_add_permission(request, *args)
        return allowed and (is_credit_office(request.user) or user_department(request.user) is not None)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if sees_all_departments(request.user):
            return filters
        prefix = self.department_field
        return tuple(
            f for f in filters if not (isinstance(f, str) and (f == prefix or f.startswith(prefix + "__")))
        )

    def changelist_view(self, request, extra_context=None):
        if not sees_all_departments(request.user) and user_department(request.user) is None:
            messages.warning(request, NO_DEPARTMENT_MESSAGE)
        return super().changelist_view(request, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "department" and self.department_field == "department":
            if not is_credit_office(request.user):
                own = user_department(request.user)
                kwargs["queryset"] = Department.objects.filter(pk=own.pk if own else None)
                field = super().formfield_for_foreignkey(db_field, request, **kwargs)
                field.empty_label = None
                field.error_messages["invalid_choice"] = _(
                    "只能填报本部门（%(dept)s）的数据，不能选择其他部门。"
                ) % {"dept": own or _("未关联部门")}
                return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        own = user_department(request.user)
        if own is not None and self.department_field == "department":
            initial.setdefault("department", own.pk)
        return initial

    def check_department(self, request, obj):
        # The form already refuses another department; this guards every other path.
        if not can_act_for(request.user, self.department_of(obj)):
            raise PermissionDenied(_("只能填报本部门的数据。"))

    def save_model(self, request, obj, form, change):
        self.check_department(request, obj)
        super().save_model(request, obj, form, change)
