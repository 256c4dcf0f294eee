"""Admin for the data exchange: API tokens (created and revoked by the credit office, the key shown
once), the read-only log of ingested batches, and the exports to 信用中国 (run by the credit office,
read by auditors).

Why one module of this size: tokens, the batch log and the exports are the exchange's three
staff screens and share its permission checks.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from records.admin.readonly import ReadOnlyAdminMixin
from records.admin.scoping import DepartmentScopedAdmin
from records.audit import audit_log
from records.kinds import RECORD_KINDS
from records.models import ApiToken, AuditEntry, ExchangeExport, IngestBatch
from records.services.exchange import EXPORT_KINDS, ExportBusy, export_run


class ApiTokenForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("可报送的信息类别"),
        required=False,
        choices=[(slug, kind.label) for slug, kind in RECORD_KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("仅对推送令牌有效；不选表示全部类别"),
    )

    class Meta:
        model = ApiToken
        fields = ["name", "department", "rating_agency", "direction", "kinds", "expires_at"]

    def clean(self):
        data = super().clean()
        if data.get("rating_agency") is not None:
            if data.get("direction") != ApiToken.Direction.PUSH:
                self.add_error("direction", _("评价机构令牌只能是推送令牌"))
            data["kinds"] = ["rating"]
        return data


class KindFilter(admin.SimpleListFilter):
    title = _("信息类别")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(slug, kind.label) for slug, kind in RECORD_KINDS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class TokenStateFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("有效")), ("revoked", _("已撤销")), ("expired", _("已过期"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True).exclude(expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = (
        "name",
        "department",
        "rating_agency",
        "direction",
        "kind_list",
        "key_prefix",
        "state",
        "last_used_at",
        "created_at",
    )
    list_filter = (TokenStateFilter, "direction", "department__region")
    search_fields = ("name", "department__name", "=key_prefix")
    list_select_related = ("department", "rating_agency")
    autocomplete_fields = ("department",)
    actions = ["revoke_tokens"]
    readonly_fields = (
        "key_prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    )

    @admin.display(description=_("信息类别"))
    def kind_list(self, obj):
        if obj.direction != ApiToken.Direction.PUSH:
            return "—"
        if not obj.kinds:
            return _("全部")
        return "、".join(str(RECORD_KINDS[k].label) for k in obj.kinds if k in RECORD_KINDS)

    @admin.display(description=_("状态"))
    def state(self, obj):
        if obj.revoked_at:
            return _("已撤销")
        if not obj.is_active:
            return _("已过期")
        return _("有效")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A token's department and scope never change: revoke it and issue another.
        return (*self.readonly_fields, "department", "rating_agency", "direction", "kinds")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["fields"] = ["name", "expires_at"]
        return super().get_form(request, obj, change, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay for the batch log and the audit

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj._raw_key = obj.set_key()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # The key is shown on this page once and never again: only its hash is stored.
        context = {
            **self.admin_site.each_context(request),
            "title": _("接口令牌已创建"),
            "token": obj,
            "raw_key": obj._raw_key,
            "opts": self.model._meta,
            "changelist_url": reverse("admin:records_apitoken_changelist"),
            "docs_url": reverse("api-docs"),
        }
        response = TemplateResponse(request, "admin/records/apitoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("撤销所选令牌"), permissions=["change"])
    def revoke_tokens(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke(request.user, reason=str(_("管理后台撤销")))
            count += 1
        self.message_user(
            request,
            ngettext("已撤销 %(n)d 个令牌。", "已撤销 %(n)d 个令牌。", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(IngestBatch)
class IngestBatchAdmin(ReadOnlyAdminMixin, DepartmentScopedAdmin, admin.ModelAdmin):
    """Every batch for the credit office and auditors; a department's own batches for its staff."""

    list_display = (
        "id",
        "started_at",
        "status",
        "department",
        "kind_name",
        "source",
        "who",
        "filename",
        "total_rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
        "late_count",
        "duration",
    )
    list_filter = (
        "status",
        "source",
        KindFilter,
        ("started_at", admin.DateFieldListFilter),
        "department__region",
    )
    search_fields = ("=id", "filename", "department__name", "=idempotency_key")
    list_select_related = ("department", "token", "user")
    date_hierarchy = "started_at"
    show_full_result_count = False
    exclude = ("errors", "response", "columns", "request_hash", "kind")  # kind: by label (kind_name)
    readonly_fields = (
        "department",
        "kind_name",
        "source",
        "token",
        "user",
        "filename",
        "idempotency_key",
        "status",
        "total_rows",
        "processed_rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
        "late_count",
        "started_at",
        "finished_at",
        "duration_ms",
        "error_table",
    )

    @admin.display(description=_("信息类别"), ordering="kind")
    def kind_name(self, obj):
        return obj.kind_label

    @admin.display(description=_("报送方"))
    def who(self, obj):
        if obj.token_id:
            return obj.token.name
        return obj.user.get_username() if obj.user_id else "—"

    @admin.display(description=_("耗时"), ordering="duration_ms")
    def duration(self, obj):
        return _("%(seconds).2f 秒") % {"seconds": obj.duration_ms / 1000}

    @admin.display(description=_("错误明细（最多显示前1000条）"))
    def error_table(self, obj):
        if not obj.errors:
            return "—"
        label = _("行号") if obj.source != IngestBatch.Source.API else _("序号（从0起）")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((e.get("row"), e.get("field") or "—", e.get("message")) for e in obj.errors[:1000]),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            label,
            _("字段"),
            _("原因"),
            rows,
        )


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("信息类别"), choices=[(slug, RECORD_KINDS[slug].label) for slug in EXPORT_KINDS]
    )
    format = forms.ChoiceField(
        label=_("文件格式"), choices=ExchangeExport.Format.choices, initial=ExchangeExport.Format.CSV
    )


@admin.register(ExchangeExport)
class ExchangeExportAdmin(admin.ModelAdmin):
    """The export log: 信用办管理员 runs an export of one kind (everything since the last export of
    it), 审计员 reads the log; both download the files. Nothing is edited or deleted."""

    list_display = (
        "id",
        "created_at",
        "kind_name",
        "format",
        "period",
        "row_count",
        "withdrawal_count",
        "created_by",
        "downloads",
    )
    list_filter = (KindFilter, ("created_at", admin.DateFieldListFilter))
    list_select_related = ("created_by",)
    exclude = ("kind", "file", "withdrawals_file")
    readonly_fields = (
        "kind_name",
        "format",
        "previous",
        "since",
        "since_id",
        "until",
        "until_id",
        "since_delta",
        "until_delta",
        "row_count",
        "withdrawal_count",
        "checksum",
        "withdrawals_checksum",
        "created_by",
        "created_at",
        "downloads",
    )

    @admin.display(description=_("信息类别"), ordering="kind")
    def kind_name(self, obj):
        return obj.kind_label

    @admin.display(description=_("数据范围（更新时间）"))
    def period(self, obj):
        def moment(value):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""

        return _("%(since)s 至 %(until)s") % {
            "since": moment(obj.since) or _("最早"),
            "until": moment(obj.until) or "—",
        }

    @admin.display(description=_("下载"))
    def downloads(self, obj):
        links = [(reverse("admin:records_exchangeexport_download", args=[obj.pk, "records"]), _("公示记录"))]
        if obj.withdrawals_file:
            links.append(
                (
                    reverse("admin:records_exchangeexport_download", args=[obj.pk, "withdrawals"]),
                    _("撤销/修复"),
                )
            )
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def get_urls(self):
        return [
            path("run/", self.admin_site.admin_view(self.run_view), name="records_exchangeexport_run"),
            path(
                "<int:pk>/download/<str:which>/",
                self.admin_site.admin_view(self.download_view),
                name="records_exchangeexport_download",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:records_exchangeexport_run"))

    def run_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ExportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                export = export_run(
                    form.cleaned_data["kind"], user=request.user, fmt=form.cleaned_data["format"]
                )
            except ExportBusy as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("已导出%(kind)s：公示记录 %(rows)d 条，撤销/修复 %(w)d 条。")
                    % {"kind": export.kind_label, "rows": export.row_count, "w": export.withdrawal_count},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:records_exchangeexport_changelist"))
        newest = ExchangeExport.objects.values("kind").annotate(newest=Max("id")).values("newest")
        last = {e.kind: e for e in ExchangeExport.objects.filter(pk__in=newest)}
        context = {
            **self.admin_site.each_context(request),
            "title": _("向信用中国导出"),
            "opts": self.model._meta,
            "form": form,
            "last_exports": [(RECORD_KINDS[slug].label, last.get(slug)) for slug in EXPORT_KINDS],
        }
        return TemplateResponse(request, "admin/records/exchangeexport/run.html", context)

    def download_view(self, request, pk, which):
        if not self.has_view_permission(request):
            raise PermissionDenied
        export = ExchangeExport.objects.filter(pk=pk).first()
        if export is None or which not in ("records", "withdrawals"):
            raise Http404
        stored = export.file if which == "records" else export.withdrawals_file
        if not stored:
            raise Http404
        audit_log(
            AuditEntry.Action.EXPORT,
            export,
            reason=_("下载导出文件：%(name)s") % {"name": stored.name},
            request=request,
        )
        name = stored.name.rsplit("/", 1)[-1]
        response = FileResponse(stored.open("rb"), as_attachment=True, filename=name)
        response["Cache-Control"] = "no-store"
        return response

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
