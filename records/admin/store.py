from django.contrib import admin
from django.db.models import BooleanField, ExpressionWrapper, Value
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from records import models as m
from records import selectors
from records.admin.commitments import CommitmentWorkflowAdmin
from records.admin.paging import CappedCountAdmin
from records.admin.readonly import ReadOnlyAdminMixin
from records.admin.scoping import DepartmentScopedAdmin
from records.admin.text import DecisionYearFilter, FilterWidgetHelpMixin, RecordKindFilter
from records.admin.workflow import PublicationWorkflowAdmin
from records.codes import is_valid_id_number, mask_id_number, normalize_code
from records.periods import RuleBook, describe_period
from records.services.propagation import active_consumers, pending_consumers
from records.services.rules import penalties_apply_rules
from records.staff import user_department


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


PERSONAL_FIELDS = ("id_number", "phone", "address", "contact_email")


@admin.register(m.Subject)
class SubjectAdmin(CappedCountAdmin, admin.ModelAdmin):
    """Natural persons' ID number, phone and address are shown in full only to the credit office
    and to departments that reported a record about the person (records.selectors); everyone
    else sees them masked and finds a person by full ID number only among those."""

    list_display = (
        "name",
        "uscc",
        "id_number_shown",
        "kind",
        "legal_rep",
        "status",
        "region",
        "established_on",
    )
    list_filter = ("kind", "status", "region", ("established_on", admin.DateFieldListFilter))
    search_fields = ("name", "=uscc", "=reg_no", "=id_number")
    list_select_related = ("region",)
    readonly_fields = ("created_at", "updated_at")
    ordering = ("-pk",)  # the change list's own order; the autocomplete pages by it too

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if selectors.sees_all_person_details(request.user):
            return qs
        department = user_department(request.user)
        if department is None:
            return qs.annotate(details_visible=Value(False))
        visible = ExpressionWrapper(selectors.reported_about_q(department), output_field=BooleanField())
        return qs.annotate(details_visible=visible)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if selectors.sees_all_person_details(request.user):
            return fields
        return tuple(f for f in fields if f != "=id_number")

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        number = normalize_code(search_term)
        if not selectors.sees_all_person_details(request.user) and is_valid_id_number(number):
            results |= queryset.filter(id_number=number, details_visible=True)
        return results, duplicates

    def _visible(self, request, obj) -> bool:
        if not obj.is_person:
            return True
        if hasattr(obj, "details_visible"):  # annotated by get_queryset
            return bool(obj.details_visible)
        return selectors.person_details_visible(request.user, obj)

    @admin.display(description=_("身份证号码"))
    def id_number_shown(self, obj):
        if not obj.is_person:
            return ""
        if getattr(obj, "details_visible", True):
            return obj.id_number
        return mask_id_number(obj.id_number)

    @admin.display(description=_("身份证号码"))
    def id_number_masked(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description=_("联系电话"))
    def phone_masked(self, obj):
        return _("（自然人信息，仅向报送部门和信用办显示）") if obj.phone else ""

    @admin.display(description=_("住所"))
    def address_masked(self, obj):
        return _("（自然人信息，仅向报送部门和信用办显示）") if obj.address else ""

    @admin.display(description=_("联系邮箱"))
    def contact_email_masked(self, obj):
        return _("（自然人信息，仅向报送部门和信用办显示）") if obj.contact_email else ""

    def _masked(self, request, obj) -> bool:
        return obj is not None and obj.is_person and not self._visible(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if self._masked(request, obj):
            readonly = (*readonly, *(f"{f}_masked" for f in PERSONAL_FIELDS))
        return readonly

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        if self._masked(request, obj):
            exclude.extend(PERSONAL_FIELDS)
        return exclude


class CreditRecordAdmin(CappedCountAdmin, PublicationWorkflowAdmin, DepartmentScopedAdmin, admin.ModelAdmin):
    """Shared change list for every record kind: search by name, code and document number;
    filter by department, region, decision date and status.

    Scoped to the user's department unless they are credit office staff or auditors
    (records.admin.scoping); records entered here go through the publication workflow
    (records.admin.workflow)."""

    # Status and date first: at 1366 px the long name, code and department columns would push
    # them off-screen (kinds add their own columns between LIST_HEAD and LIST_TAIL).
    LIST_HEAD = ("subject_name", "status", "decision_date", "document_number")
    LIST_TAIL = ("subject_uscc", "department", "is_late")
    list_display = (*LIST_HEAD, *LIST_TAIL)
    list_filter = (
        "status",
        "is_late",
        ("decision_date", admin.DateFieldListFilter),
        DecisionYearFilter,
        "department__region",
        "department",
    )
    search_fields = ("subject_name", "=subject_uscc", "=document_number")
    list_select_related = ("department",)
    autocomplete_fields = ("subject",)
    # No date_hierarchy: its year links are a DISTINCT over every matching row (1.4 s for 行政许可
    # at 1 M subjects); DecisionYearFilter lists the years without reading the table.
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
    list_display = (*CreditRecordAdmin.LIST_HEAD, "category", *CreditRecordAdmin.LIST_TAIL)
    list_filter = (*CreditRecordAdmin.list_filter, "category", "current_state")


@admin.register(m.Penalty)
class PenaltyAdmin(CreditRecordAdmin):
    list_display = (*CreditRecordAdmin.LIST_HEAD, "categories", "severity", *CreditRecordAdmin.LIST_TAIL)
    list_filter = (*CreditRecordAdmin.list_filter, "severity")
    readonly_fields = (
        *CreditRecordAdmin.readonly_fields,
        "severity",
        "rule_derivation",
        "repair_from",
        "publication_end",
    )
    exclude = ("severity_basis", "period_rule")

    @admin.display(description=_("失信程度与公示期限的认定"))
    def rule_derivation(self, obj):
        """How the class and the periods were found, for staff to check against the rules."""
        if obj is None or obj.pk is None:
            return _("保存后按规则自动认定")
        line = next(
            (
                p
                for p in RuleBook.load().rule_for(obj.department.field, obj.decision_date)
                if p.severity == obj.severity
            ),
            None,
        )
        return format_html(
            "{}<br>{}", obj.severity_basis or _("（未认定）"), describe_period(line, obj.severity)
        )


class PublicationPeriodInline(admin.TabularInline):
    model = m.PublicationPeriod
    extra = 0
    min_num = 1


class RuleRecomputeAdmin(admin.ModelAdmin):
    """Saving a rule recomputes the stored class and periods of the penalties it may affect."""

    def _recompute(self, request, decided_from):
        count = penalties_apply_rules(decided_from)
        self.message_user(request, _("已按新规则重新计算 %(n)d 条行政处罚。") % {"n": count})


@admin.register(m.PublicationRule)
class PublicationRuleAdmin(RuleRecomputeAdmin):
    list_display = ("document", "name", "field", "effective_from")
    list_filter = ("field",)
    inlines = [PublicationPeriodInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._recompute(request, None)


@admin.register(m.SeverityRule)
class SeverityRuleAdmin(RuleRecomputeAdmin):
    list_display = (
        "field",
        "order",
        "severity",
        "match",
        "categories",
        "fine_at_least",
        "fine_at_most",
        "effective_from",
        "effective_until",
        "basis",
    )
    list_filter = ("field", "severity")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._recompute(request, None)


class ActionAdmin(CreditRecordAdmin):
    list_display = (*CreditRecordAdmin.LIST_HEAD, "title", *CreditRecordAdmin.LIST_TAIL)
    exclude = ("action_kind",)


for proxy in (m.Enforcement, m.Confirmation, m.Reward, m.Payment, m.Filing, m.Qualification):
    admin.site.register(proxy, ActionAdmin)


@admin.register(m.Inspection)
class InspectionAdmin(CreditRecordAdmin):
    list_display = (*CreditRecordAdmin.LIST_HEAD, "inspection_type", "result", *CreditRecordAdmin.LIST_TAIL)
    list_filter = (*CreditRecordAdmin.list_filter, "inspection_type", "result")


@admin.register(m.AbnormalOperation)
class AbnormalOperationAdmin(CreditRecordAdmin):
    list_display = (*CreditRecordAdmin.LIST_HEAD, "removed_on", *CreditRecordAdmin.LIST_TAIL)


@admin.register(m.ListEntry)
class ListEntryAdmin(CreditRecordAdmin):
    list_display = (
        *CreditRecordAdmin.LIST_HEAD[:1],
        "list_type",
        *CreditRecordAdmin.LIST_HEAD[1:],
        "removed_on",
        *CreditRecordAdmin.LIST_TAIL,
    )
    list_filter = (*CreditRecordAdmin.list_filter, "list_type__polarity", "list_type")
    list_select_related = ("department", "list_type")


@admin.register(m.Commitment)
class CommitmentAdmin(CommitmentWorkflowAdmin, CreditRecordAdmin):
    list_display = (
        *CreditRecordAdmin.LIST_HEAD,
        "commitment_type",
        "fulfilment",
        "made_online",
        *CreditRecordAdmin.LIST_TAIL,
    )
    list_filter = (
        *CreditRecordAdmin.list_filter,
        "made_online",
        "commitment_type",
        "fulfilment",
        "disclosure",
    )
    readonly_fields = (*CreditRecordAdmin.readonly_fields, "made_online")


@admin.register(m.CommitmentTemplate)
class CommitmentTemplateAdmin(admin.ModelAdmin):
    """The standard texts the online commitment form starts from, one or more per type."""

    list_display = ("title", "commitment_type", "is_active", "sort_order")
    list_filter = ("commitment_type", "is_active")
    search_fields = ("title", "content")


@admin.register(m.Rating)
class RatingAdmin(CreditRecordAdmin):
    list_display = (*CreditRecordAdmin.LIST_HEAD, "rating_type", "grade", *CreditRecordAdmin.LIST_TAIL)
    list_filter = (*CreditRecordAdmin.list_filter, "rating_type", "grade", "rating_agency")
    # Set only by the agency's own push token (records.ingest.checks.agency_problems).
    readonly_fields = (*CreditRecordAdmin.readonly_fields, "rating_agency")


@admin.register(m.ListType)
class ListTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "polarity", "field", "is_serious", "default_years", "is_active")
    list_filter = ("polarity", "field", "is_serious", "is_active")
    search_fields = ("name", "field")


@admin.register(m.Measure)
class MeasureAdmin(FilterWidgetHelpMixin, admin.ModelAdmin):
    list_display = ("name", "polarity", "implementing_department", "basis_memorandum", "is_active")
    list_filter = ("polarity", "is_active", "list_types")
    search_fields = ("name", "basis_memorandum", "implementing_department")
    filter_horizontal = ("list_types",)


admin.site.empty_value_display = _("（空）")


# Staff, audit trail, credit repair, objections and typical cases; API tokens and the batch log
# of the data exchange.
@admin.register(m.RecordDelta)
class RecordDeltaAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The repair propagation feed as staff see it: each delta and the consumers (read tokens)
    that have not fetched it yet."""

    list_display = (
        "id",
        "op",
        "document_number",
        "subject_name",
        "department",
        "reason",
        "created_at",
        "pending",
    )
    list_filter = ("op", RecordKindFilter, ("created_at", admin.DateFieldListFilter))
    search_fields = ("=document_number", "subject_name", "=subject_uscc")
    list_select_related = ("department",)
    actions = None
    exclude = ("record_kind",)  # shown by its label
    readonly_fields = ("record_kind_label",)

    @admin.display(description=_("信息类别"))
    def record_kind_label(self, obj):
        from records.kinds import RECORD_KINDS

        kind = RECORD_KINDS.get(obj.record_kind)
        return kind.label if kind else obj.record_kind

    def get_queryset(self, request):
        self._consumers = list(active_consumers())
        return super().get_queryset(request)

    @admin.display(description=_("尚未获取的接口"))
    def pending(self, obj):
        waiting = pending_consumers(obj, getattr(self, "_consumers", None))
        if not waiting:
            return _("均已获取")
        return "；".join(str(t) for t in waiting)
