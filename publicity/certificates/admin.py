"""The query log (存档备查) for staff: every issued certificate, filterable and exportable."""

import csv

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.spreadsheets import neutralise_row
from publicity.certificates.models import Certificate, ReportField
from publicity.certificates.report import REPORT_KINDS
from records.admin.readonly import ReadOnlyAdminMixin
from records.admin.text import FilterWidgetHelpMixin

EXPORT_COLUMNS = [
    ("serial", _("流水号")),
    ("number", _("证书编号")),
    ("issued_at", _("查询时间")),
    ("subject_name", _("主体名称")),
    ("subject_code", _("主体代码")),
    ("purpose", _("查询事由")),
    ("requester_org", _("申请单位")),
    ("department", _("申请部门")),
    ("requester_ip", _("申请人IP")),
    ("requested_by", _("操作人员")),
    ("records", _("证明记录条数")),
    ("pdf_sha256", _("PDF 文件 SHA-256")),
    ("doc_type", _("文书类型")),
    ("requester_kind", _("申请人类别")),
    ("requester_contact", _("验证码接收方式")),
    ("scope", _("报告领域")),
    ("period", _("报告期间")),
]
SUBJECT_CHOICES = 15


def _export_row(c: Certificate) -> list:
    return [
        c.serial or "",
        c.number,
        timezone.localtime(c.issued_at).strftime("%Y-%m-%d %H:%M:%S"),
        c.subject_name,
        c.subject_code,
        c.purpose_text,
        c.requester_org,
        c.department.name if c.department_id else "",
        c.requester_ip or "",
        c.requested_by.get_username() if c.requested_by_id else "",
        (c.snapshot or {}).get("total", ""),
        c.pdf_sha256,
        c.get_doc_type_display(),
        c.get_requester_kind_display(),
        c.requester_contact,
        c.scope,
        f"{c.period_start} 至 {c.period_end}" if c.period_start else "",
    ]


class SubjectFilter(admin.SimpleListFilter):
    """By subject: the most queried subjects, plus the one currently selected (from a row link)."""

    title = _("信用主体")
    parameter_name = "subject"

    def lookups(self, request, model_admin):
        top = (
            Certificate.objects.values("subject_id", "subject_name")
            .annotate(n=Count("id"))
            .order_by("-n", "subject_name")[:SUBJECT_CHOICES]
        )
        choices = [(str(row["subject_id"]), f"{row['subject_name']}（{row['n']}）") for row in top]
        current = self.value()
        if current and current.isdigit() and current not in {c[0] for c in choices}:
            name = (
                Certificate.objects.filter(subject_id=current).values_list("subject_name", flat=True).first()
            )
            if name:
                choices.insert(0, (current, name))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(subject_id=int(value))
        return queryset


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "serial",
        "doc_type",
        "issued_at",
        "subject_link",
        "subject_code",
        "purpose_display",
        "requester_org",
        "requester_display",
        "department",
        "requester_ip",
    )
    list_filter = (
        ("issued_at", admin.DateFieldListFilter),
        "doc_type",
        "requester_kind",
        "purpose",
        SubjectFilter,
        ("department", admin.RelatedOnlyFieldListFilter),
        "subject__kind",
    )
    search_fields = ("subject_name", "=subject_code", "requester_org", "=serial", "=number", "purpose_detail")
    date_hierarchy = "issued_at"
    list_select_related = ("department", "requested_by", "token")
    show_full_result_count = False
    list_per_page = 50
    actions = ["export_csv", "export_xlsx"]
    fields = (
        "number",
        "serial",
        "issued_at",
        "subject",
        "subject_name",
        "subject_code",
        "purpose",
        "purpose_detail",
        "requester_org",
        "department",
        "requested_by",
        "token",
        "requester_kind",
        "requester_contact",
        "requester_ip",
        "doc_type",
        "scope",
        "period_start",
        "period_end",
        "pdf_sha256",
        "pdf_size",
        "signer",
        "verify_link",
        "snapshot",
    )
    readonly_fields = fields

    # The log is evidence: nobody adds, edits or deletes entries through the admin.

    @admin.display(description=_("信用主体"), ordering="subject_name")
    def subject_link(self, obj):
        url = reverse("admin:publicity_certificate_changelist") + f"?subject={obj.subject_id}"
        return format_html('<a href="{}" title="{}">{}</a>', url, _("只看该主体的查询记录"), obj.subject_name)

    @admin.display(description=_("查询事由"), ordering="purpose")
    def purpose_display(self, obj):
        return obj.purpose_text

    @admin.display(description=_("申请人"), ordering="requester_kind")
    def requester_display(self, obj):
        """Who asked: the staff account, or the contact the subject's one-time code went to."""
        if obj.token_id:
            return f"{obj.get_requester_kind_display()}：{obj.token.name}（{obj.token.key_prefix}…）"
        who = obj.requested_by.get_username() if obj.requested_by_id else obj.requester_contact
        label = obj.get_requester_kind_display()
        return f"{label}：{who}" if who else label

    @admin.display(description=_("核验页面"))
    def verify_link(self, obj):
        url = reverse("certificates:detail", args=[obj.number])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    def _export_queryset(self, queryset):
        return queryset.select_related("department", "requested_by").order_by("-issued_at", "-id")

    @admin.action(description=_("导出所选查询记录（CSV）"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = _filename("csv")
        # A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([str(label) for _field, label in EXPORT_COLUMNS])
        for c in self._export_queryset(queryset).iterator(chunk_size=2000):
            writer.writerow(neutralise_row(_export_row(c)))
        return response

    @admin.action(description=_("导出所选查询记录（Excel）"))
    def export_xlsx(self, request, queryset):
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(str(_("信用查询记录")))
        sheet.append([str(label) for _field, label in EXPORT_COLUMNS])
        for c in self._export_queryset(queryset).iterator(chunk_size=2000):
            sheet.append(neutralise_row(_export_row(c)))
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = _filename("xlsx")
        book.save(response)
        return response


def _filename(ext: str) -> str:
    return f'attachment; filename="certificate-log-{timezone.localdate():%Y%m%d}.{ext}"'


class ReportFieldForm(forms.ModelForm):
    record_kinds = forms.MultipleChoiceField(
        label=_("信息类别"),
        choices=[(slug, label) for slug, label in REPORT_KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一类信息")},
    )

    class Meta:
        model = ReportField
        fields = (
            "code",
            "name",
            "departments",
            "department_fields",
            "record_kinds",
            "sort_order",
            "is_active",
        )

    def clean(self):
        data = super().clean()
        if not data.get("departments") and not (data.get("department_fields") or "").strip():
            self.add_error(
                "department_fields", _("请选择部门，或填写部门行业领域，否则该领域不会包含任何信息。")
            )
        return data


@admin.register(ReportField)
class ReportFieldAdmin(FilterWidgetHelpMixin, admin.ModelAdmin):
    """The 专项信用报告 field catalogue the credit office keeps."""

    form = ReportFieldForm
    list_display = ("name", "department_fields", "kinds_display", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    filter_horizontal = ("departments",)
    search_fields = ("name", "code", "department_fields")

    @admin.display(description=_("信息类别"))
    def kinds_display(self, obj):
        return "、".join(str(REPORT_KINDS[k]) for k in obj.record_kinds if k in REPORT_KINDS)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read only: the kinds by name, not the stored list of codes.
            shown = {"record_kinds": "kinds_display", "code": "code_shown"}
            fields = [shown.get(f, f) for f in fields]
        return fields

    @admin.display(description=_("代码"))
    def code_shown(self, obj):
        return format_html('<span translate="no">{}</span>', obj.code)

    # Reports name their fields by code: a field in use is switched off, never deleted.
    def has_delete_permission(self, request, obj=None):
        return False
