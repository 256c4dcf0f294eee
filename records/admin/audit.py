"""The audit trail in the admin: read-only, searchable, each entry's fields before and after."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records import models as m
from records.admin.readonly import ReadOnlyAdminMixin

User = get_user_model()


@admin.register(m.AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "at",
        "actor_username",
        "channel",
        "action",
        "content_type",
        "object_repr",
        "batch_number",
        "short_reason",
        "ip",
    )
    list_filter = (
        "channel",
        "action",
        ("at", admin.DateFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("actor_username", "object_repr", "=object_id", "=batch__id", "reason", "=ip", "path")
    date_hierarchy = "at"
    list_select_related = ("content_type",)
    show_full_result_count = False
    list_per_page = 100
    fields = (
        "at",
        "actor_username",
        "token",
        "channel",
        "batch",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes_table",
        "reason",
        "ip",
        "path",
    )
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        return lookup in ("object_id", "content_type__id__exact", "batch") or super().lookup_allowed(
            lookup, value, request
        )

    @admin.display(description=gettext_lazy("报送批次"), ordering="batch_id")
    def batch_number(self, obj):
        return f"#{obj.batch_id}" if obj.batch_id else ""

    @admin.display(description=gettext_lazy("原因/说明"))
    def short_reason(self, obj):
        return obj.reason[:60]

    @admin.display(description=gettext_lazy("变更内容（修改前 → 修改后）"))
    def changes_table(self, obj):
        model = obj.content_type.model_class() if obj.content_type_id else None
        rows = []
        for name, change in sorted(obj.changes.items()):
            label, field = name, None
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                    label = field.verbose_name
                except Exception:  # a field removed since, or a summary key like "count"
                    label = name
            if isinstance(change, list) and len(change) == 2:
                before, after = change
            else:
                before, after = "", change
            rows.append((label, _show(before, field), _show(after, field)))
        if not rows:
            return "—"
        body = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            '<table class="audit-changes"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("字段"),
            _("修改前"),
            _("修改后"),
            body,
        )

    # Immutable from the UI: view and search only.


def _show(value, field=None):
    """A stored value as the clerk reads it: a choice by its label (公示中, not published), a
    time in Beijing time, a yes/no in Chinese."""
    if value is None or value == "":
        return _("（空）")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "Y-m-d H:i:s")
    return str(value)
