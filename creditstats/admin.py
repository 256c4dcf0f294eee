"""The staff page of the monthly statistics, in the admin: the month's table with month-on-month
changes, rankings, the departments that reported nothing, and the XLSX export."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from creditstats import access, selectors
from creditstats.exports import month_workbook
from creditstats.figures import COLUMNS, month_start, next_month, parse_month, previous_month
from creditstats.models import MonthlySnapshot
from creditstats.services import snapshot_month
from records.admin.readonly import ReadOnlyAdminMixin
from records.kinds import RECORD_KINDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUMMARY_KEYS = [
    "reported_total",
    "on_time_rate",
    "reported_other",
    "cert_query",
    "cert_report",
    "complaints_received",
    "complaints_concluded",
    "complaints_overdue",
    "repairs_received",
    "objections_received",
    "list_added",
    "list_removed",
    "typical_cases",
]


def _month_from(request) -> datetime.date:
    try:
        month = parse_month(request.GET.get("month", ""))
    except ValueError:
        return selectors.latest_snapshot_month() or previous_month()
    return min(month, month_start(timezone.localdate()))


@admin.register(MonthlySnapshot)
class MonthlySnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return access.may_view(request.user)

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="creditstats_monthlysnapshot_export",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not access.may_view(request.user):
            raise PermissionDenied(_("月度统计仅向信用办、审计员和部门填报员（本部门）开放。"))
        month = _month_from(request)
        if request.method == "POST":
            return self.generate(request, month)
        table = access.scope(selectors.with_changes(selectors.month_table(month)), request.user)
        if not table["sees_all"] and not table["departments"]:
            messages.warning(request, _("您的账号尚未关联部门，或本部门在该月没有统计数据。"))
        columns = {c.key: c for c in COLUMNS}
        context = {
            **self.admin_site.each_context(request),
            "title": _("信用信息共享共用重点工作进展情况统计（%(month)s）") % {"month": table["month"]},
            "opts": self.model._meta,
            "table": table,
            "month": month,
            "previous": previous_month(month),
            "following": None if month >= month_start(timezone.localdate()) else next_month(month),
            "months": selectors.snapshot_months(),
            "summary_columns": [columns[key] for key in SUMMARY_KEYS],
            "kind_columns": [columns[f"reported_{slug}"] for slug in RECORD_KINDS],
            "purpose_columns": [c for c in COLUMNS if c.key.startswith("purpose_")],
            "ranking_units": selectors.ranking(table["units"]) if table["sees_all"] else None,
            "ranking_departments": selectors.ranking(table["departments"]) if table["sees_all"] else None,
            "may_generate": access.may_generate(request.user) and month < month_start(timezone.localdate()),
            "silent": [row for row in table["departments"] if row["figures"].get("silent_departments")],
        }
        return TemplateResponse(request, "creditstats/staff.html", context)

    def generate(self, request, month: datetime.date):
        """(Re)generate a finished month's snapshot; the current month is still open."""
        if not access.may_generate(request.user) or month >= month_start(timezone.localdate()):
            raise PermissionDenied(_("只有信用办管理员可以生成已结束月份的统计快照。"))
        snapshot_month(month, user=request.user)
        messages.success(request, _("已生成 %(month)s 的统计快照。") % {"month": f"{month:%Y-%m}"})
        return redirect(f"{request.path}?month={month:%Y-%m}")

    def export_view(self, request):
        if not access.may_view(request.user):
            raise PermissionDenied
        month = _month_from(request)
        table = access.scope(selectors.month_table(month), request.user)
        content = month_workbook(table, units=table["sees_all"])
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''monthly-statistics-{month:%Y-%m}.xlsx"
        )
        return response
