"""Admin for platform account applications: the credit office admin reads the application and
the authorising letter, then approves (the account is created) or refuses with a reason
(records.services.accounts)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records.models import AccountApplication
from records.services import accounts as services


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("不予开通的理由"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        help_text=gettext_lazy("将通过电子邮件告知申请人。"),
    )


@admin.register(AccountApplication)
class AccountApplicationAdmin(admin.ModelAdmin):
    change_form_template = "admin/records/accountapplication/change_form.html"
    list_display = (
        "number",
        "name",
        "department",
        "role",
        "username",
        "status",
        "submitted_at",
        "decided_at",
    )
    list_filter = ("status", ("submitted_at", admin.DateFieldListFilter), "department__region")
    search_fields = ("=number", "name", "=username", "department__name")
    list_select_related = ("department",)
    fields = (
        "number",
        "status",
        "name",
        "department",
        "position",
        "role",
        "username",
        "phone",
        "email",
        "letter_link",
        "submitted_at",
        "decision_reason",
        "decided_by",
        "decided_at",
        "user",
    )
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("部门授权函"))
    def letter_link(self, obj):
        url = reverse("admin:records_accountapplication_letter", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.letter_name)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/approve/",
                view(self.approve_view),
                name="records_accountapplication_approve",
            ),
            path(
                "<path:object_id>/refuse/", view(self.refuse_view), name="records_accountapplication_refuse"
            ),
            path(
                "<path:object_id>/letter/", view(self.letter_view), name="records_accountapplication_letter"
            ),
            *super().get_urls(),
        ]

    def _pending(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _change_url(self, obj):
        return reverse("admin:records_accountapplication_change", args=[obj.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        decidable = (
            obj is not None
            and obj.status == AccountApplication.Status.PENDING
            and self.has_change_permission(request, obj)
        )
        extra_context = {
            **(extra_context or {}),
            "decidable": decidable,
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _decide_page(self, request, obj, title, form, error):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "original": obj,
            "form": form,
            "error": error,
            "change_url": self._change_url(obj),
        }
        return TemplateResponse(request, "admin/records/accountapplication/decide.html", context)

    def approve_view(self, request, object_id):
        obj = self._pending(request, object_id)
        error = ""
        if request.method == "POST":
            try:
                user = services.account_approve(obj, request.user)
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("已开通账号 %(username)s，设置密码的链接已发送到 %(email)s。")
                    % {"username": user.username, "email": obj.email},
                )
                return HttpResponseRedirect(self._change_url(obj))
        return self._decide_page(
            request, obj, _("批准开通：%(number)s") % {"number": obj.number}, None, error
        )

    def refuse_view(self, request, object_id):
        obj = self._pending(request, object_id)
        form = RefuseForm(request.POST if request.method == "POST" else None)
        error = ""
        if request.method == "POST" and form.is_valid():
            try:
                services.account_refuse(obj, request.user, form.cleaned_data["reason"])
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    error = "；".join(exc.messages)
            else:
                messages.success(request, _("已不予开通：%(number)s") % {"number": obj.number})
                return HttpResponseRedirect(self._change_url(obj))
        return self._decide_page(
            request, obj, _("不予开通：%(number)s") % {"number": obj.number}, form, error
        )

    def letter_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        return FileResponse(obj.letter.open("rb"), as_attachment=True, filename=obj.letter_name)
