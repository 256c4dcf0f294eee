"""The staff admin site and the one staff login (LOGIN_URL: the complaint workspace, the import
and timeliness pages send visitors here): TOTP two-factor, lockout (django-axes), and the
two-factor setup page."""

from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from records.staff import has_two_factor


class StaffLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("动态验证码"),
        required=False,
        max_length=8,
        help_text=_("已开启两步验证的账号，请输入验证器应用中的6位数字。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "otp_required": _("该账号已开启两步验证，请输入动态验证码。"),
        "otp_invalid": _("动态验证码错误或已过期，请重新输入。"),
    }

    def clean(self):
        cleaned = super().clean()
        user = self.user_cache
        if user is not None and has_two_factor(user):
            token = "".join((cleaned.get("otp_token") or "").split())
            if not token:
                raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
            device = match_token(user, token)
            if device is None:
                # Counts towards the lockout like a wrong password.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": cleaned.get("username")},
                    request=self.request,
                )
                raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
            user.otp_device = device  # django_otp marks the session verified on login
        return cleaned


class StaffAdminSite(admin.AdminSite):
    login_form = StaffLoginForm
    login_template = "staff/login.html"
    index_template = "staff/index.html"

    def admin_view(self, view, cacheable=False):
        """Every admin POST (forms, list actions, workflow buttons) is one transaction, so a
        change and its audit entry (records.audit) commit together or not at all."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def atomic_on_post(request, *args, **kwargs):
            if request.method == "POST":
                with transaction.atomic():
                    return inner(request, *args, **kwargs)
            return inner(request, *args, **kwargs)

        return atomic_on_post

    def get_urls(self):
        from records.admin import queue as admin_queue
        from records.admin import views as admin_views

        return [
            path("two-factor/", self.admin_view(admin_views.two_factor), name="two_factor"),
            path("review/", self.admin_view(admin_queue.review_queue), name="review_queue"),
            path("typical-cases/", self.admin_view(admin_views.case_reporting), name="case_reporting"),
            *super().get_urls(),
        ]

    def each_context(self, request):
        from django.utils import timezone

        from outbox.services import failed_count
        from workcalendar.schedule import missing_years

        context = super().each_context(request)
        # Deadlines in a year with no holiday schedule are counted Monday to Friday: every staff
        # page says so (from December for the coming year) until the schedule is entered.
        context["holiday_schedule_missing"] = (
            missing_years(timezone.localdate()) if request.user.is_staff else []
        )
        context["failed_mail_count"] = (
            failed_count()
            if request.user.is_active and request.user.has_perm("outbox.view_outgoingmail")
            else 0
        )
        return context


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (django-axes): in Chinese, with the time the login opens again (the
    cool-off counts from this last failed attempt)."""
    from axes.helpers import get_cool_off
    from django.conf import settings
    from django.shortcuts import render
    from django.utils import timezone

    cool_off = get_cool_off(request)
    context = {"retry_at": timezone.localtime() + cool_off if cool_off else None, "cool_off": cool_off}
    return render(request, "staff/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
