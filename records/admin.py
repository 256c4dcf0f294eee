from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from records import models as m
from records.admin_scoping import DepartmentScopedAdmin
from records.admin_workflow import PublicationWorkflowAdmin


@admin.register(m.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "=code")
    list_select_related = ("parent",)


@admin.register(m.Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "region", "field", "is_credit_office", "is_active")
    list_filter = ("region", "is_credit_office", "is_active", "field")
    search_fields = ("name", "short_name", "=uscc")  # also the autocomplete of staff forms
    list_select_related = ("region",)


@admin.register(m.Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "kind", "legal_rep", "status", "region", "established_on")
    list_filter = ("kind", "status", "region", ("established_on", admin.DateFieldListFilter))
    search_fields = ("name", "=uscc", "=reg_no", "=id_number")
    list_select_related = ("region",)
    show_full_result_count = False
    readonly_fields = ("created_at", "updated_at")


class CreditRecordAdmin(PublicationWorkflowAdmin, DepartmentScopedAdmin, admin.ModelAdmin):
    """Shared change list for every record kind: search by name, code and document number;
    filter by department, region, decision date and status.

    Scoped to the user's department unless they are credit office staff or auditors
    (records.admin_scoping); records entered here go through the publication workflow
    (records.admin_workflow)."""

    list_display = (
        "subject_name",
        "subject_uscc",
        "document_number",
        "department",
        "decision_date",
        "status",
        "is_late",
    )
    list_filter = (
        "status",
        "is_late",
        ("decision_date", admin.DateFieldListFilter),
        "department__region",
        "department",
    )
    search_fields = ("subject_name", "=subject_uscc", "=document_number")
    list_select_related = ("department",)
    raw_id_fields = ("subject",)
    date_hierarchy = "decision_date"
    show_full_result_count = False
    readonly_fields = (
        "reported_at",
        "report_deadline",
        "is_late",
        "created_at",
        "updated_at",
        "status_changed_at",
    )
    list_per_page = 50


@admin.register(m.Permit)
class PermitAdmin(CreditRecordAdmin):
    list_display = (*CreditRecordAdmin.list_display[:3], "category", *CreditRecordAdmin.list_display[3:])
    list_filter = (*CreditRecordAdmin.list_filter, "category", "current_state")


@admin.register(m.Penalty)
class PenaltyAdmin(CreditRecordAdmin):
    list_display = (
        *CreditRecordAdmin.list_display[:3],
        "categories",
        "severity",
        *CreditRecordAdmin.list_display[3:],
    )
    list_filter = (*CreditRecordAdmin.list_filter, "severity")
    readonly_fields = (*CreditRecordAdmin.readonly_fields, "severity")


class ActionAdmin(CreditRecordAdmin):
    list_display = (*CreditRecordAdmin.list_display[:3], "title", *CreditRecordAdmin.list_display[3:])
    exclude = ("action_kind",)


for proxy in (m.Enforcement, m.Confirmation, m.Reward, m.Payment, m.Filing, m.Qualification):
    admin.site.register(proxy, ActionAdmin)


@admin.register(m.Inspection)
class InspectionAdmin(CreditRecordAdmin):
    list_display = (
        *CreditRecordAdmin.list_display[:3],
        "inspection_type",
        "result",
        *CreditRecordAdmin.list_display[3:],
    )
    list_filter = (*CreditRecordAdmin.list_filter, "inspection_type", "result")


@admin.register(m.AbnormalOperation)
class AbnormalOperationAdmin(CreditRecordAdmin):
    list_display = (*CreditRecordAdmin.list_display, "removed_on")


@admin.register(m.ListEntry)
class ListEntryAdmin(CreditRecordAdmin):
    list_display = (
        *CreditRecordAdmin.list_display[:1],
        "list_type",
        *CreditRecordAdmin.list_display[1:],
        "removed_on",
    )
    list_filter = (*CreditRecordAdmin.list_filter, "list_type__polarity", "list_type")
    list_select_related = ("department", "list_type")


@admin.register(m.Commitment)
class CommitmentAdmin(CreditRecordAdmin):
    list_display = (
        *CreditRecordAdmin.list_display[:3],
        "commitment_type",
        "fulfilment",
        *CreditRecordAdmin.list_display[3:],
    )
    list_filter = (*CreditRecordAdmin.list_filter, "commitment_type", "fulfilment", "disclosure")


@admin.register(m.Rating)
class RatingAdmin(CreditRecordAdmin):
    list_display = (
        *CreditRecordAdmin.list_display[:2],
        "rating_type",
        "grade",
        *CreditRecordAdmin.list_display[2:],
    )
    list_filter = (*CreditRecordAdmin.list_filter, "rating_type", "grade")


@admin.register(m.ListType)
class ListTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "polarity", "field", "is_serious", "default_years", "is_active")
    list_filter = ("polarity", "field", "is_serious", "is_active")
    search_fields = ("name", "field")


@admin.register(m.Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("name", "polarity", "implementing_department", "basis_memorandum", "is_active")
    list_filter = ("polarity", "is_active", "list_types")
    search_fields = ("name", "basis_memorandum", "implementing_department")
    filter_horizontal = ("list_types",)


admin.site.empty_value_display = _("（空）")

# Staff, audit trail, credit repair, objections and typical cases; API tokens and the batch log
# of the data exchange.
from records import admin_exchange, admin_review, admin_staff  # noqa: E402,F401
