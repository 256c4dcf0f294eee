"""Admin for revisions under review, departments that publish their own lists, delegations to
report for another authority, and rows refused because they set back an objection's correction."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import models as m
from records.admin.readonly import ReadOnlyAdminMixin
from records.admin.scoping import DepartmentScopedAdmin
from records.admin.text import RecordKindFilter
from records.admin.workflow import PublicationWorkflowAdmin
from records.services.publication import REVISION_TRANSITIONS


def _changes_table(changes: dict, model) -> str:
    rows = []
    for name, (before, after) in sorted(changes.items()):
        try:
            label = model._meta.get_field(name).verbose_name if model else name
        except Exception:
            label = name
        rows.append(
            (
                label,
                before if before not in (None, "") else "（空）",
                after if after not in (None, "") else "（空）",
            )
        )
    if not rows:
        return "—"
    body = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", rows)
    return format_html(
        '<table class="audit-changes"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>',
        _("字段"),
        _("公示中的版本"),
        _("修改后"),
        body,
    )


@admin.register(m.Revision)
class RevisionAdmin(ReadOnlyAdminMixin, PublicationWorkflowAdmin, DepartmentScopedAdmin, admin.ModelAdmin):
    """Edits of published records waiting for a reviewer (four eyes: not their author)."""

    transitions = REVISION_TRANSITIONS
    actions = ["action_approve", "action_return"]
    form = forms.ModelForm
    list_display = (
        "record_repr",
        "record_kind_label",
        "department",
        "status",
        "channel",
        "author",
        "created_at",
    )
    list_filter = ("status", RecordKindFilter, "channel", "department")
    search_fields = ("record_repr",)
    list_select_related = ("department", "author")
    fields = (
        "record_repr",
        "record_kind_label",
        "department",
        "changes_table",
        "status",
        "status_reason",
        "channel",
        "author",
        "batch",
        "created_at",
        "reviewed_by",
        "reviewed_at",
    )
    readonly_fields = fields

    @admin.display(description=gettext_lazy("信息类别"))
    def record_kind_label(self, obj):
        return obj.record_kind_label

    @admin.display(description=gettext_lazy("变更内容"))
    def changes_table(self, obj):
        from records.kinds import RECORD_KINDS

        kind = RECORD_KINDS.get(obj.record_kind)
        return _changes_table(obj.changes, kind.model if kind else None)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields


@admin.register(m.DirectPublishing)
class DirectPublishingAdmin(admin.ModelAdmin):
    list_display = ("department", "list_type", "basis", "granted_by", "granted_at")
    list_filter = ("list_type", "department__region")
    search_fields = ("department__name", "list_type__name")
    autocomplete_fields = ("department",)
    list_select_related = ("department", "list_type", "granted_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(m.Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = (
        "reporting_department",
        "on_behalf_of",
        "valid_from",
        "valid_until",
        "basis",
        "created_by",
    )
    list_filter = ("reporting_department__region",)
    search_fields = ("reporting_department__name", "on_behalf_of__name", "=on_behalf_of__uscc")
    autocomplete_fields = ("reporting_department", "on_behalf_of")
    list_select_related = ("reporting_department", "on_behalf_of", "created_by")
    date_hierarchy = "valid_from"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(m.CorrectionConflict)
class CorrectionConflictAdmin(ReadOnlyAdminMixin, DepartmentScopedAdmin, admin.ModelAdmin):
    """Rows refused with 与异议处理结果冲突: the department and the credit office see them."""

    list_display = (
        "at",
        "record_repr",
        "department",
        "field_label",
        "corrected_value",
        "attempted_value",
        "channel",
        "objection",
    )
    list_filter = ("channel", ("at", admin.DateFieldListFilter), "department")
    search_fields = ("record_repr", "objection__number")
    list_select_related = ("department", "objection")
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]
