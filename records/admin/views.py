"""Staff pages inside the admin that are not a model's change list: two-factor setup, the
monthly reporting of typical cases."""

import segno
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from records.audit import audit_log
from records.models import AuditEntry
from records.staff import two_factor_required


def two_factor(request):
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    required = two_factor_required(user)
    error = ""
    if request.method == "POST":
        token = "".join(request.POST.get("token", "").split())
        if "disable" in request.POST and confirmed is not None:
            if required:
                error = _("您的角色必须开启两步验证，不能关闭。")
            elif confirmed.verify_token(token):
                TOTPDevice.objects.filter(user=user).delete()
                audit_log(AuditEntry.Action.TWO_FACTOR, user, reason=_("关闭两步验证"))
                messages.success(request, _("已关闭两步验证。"))
                return redirect("admin:two_factor")
            else:
                error = _("动态验证码错误或已过期，请重新输入。")
        elif confirmed is None:
            pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
            if pending is not None and pending.verify_token(token):
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                otp_login(request, pending)
                audit_log(AuditEntry.Action.TWO_FACTOR, user, reason=_("开启两步验证"))
                messages.success(request, _("已开启两步验证：以后登录时需输入动态验证码。"))
                return redirect("admin:index")
            error = _("动态验证码错误或已过期，请重新输入。")

    context = {**admin.site.each_context(request), "title": _("两步验证"), "enabled": confirmed is not None}
    context.update(required=required, error=error)
    if confirmed is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name=_("验证器应用"), confirmed=False
        )
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
        context["secret"] = _base32(device.bin_key)
    return TemplateResponse(request, "staff/two_factor.html", context)


def _base32(key: bytes) -> str:
    import base64

    raw = base64.b32encode(key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


CASE_STATES = {
    "cases": _lazy("已报送典型案例"),
    "none": _lazy("本月无"),
    "late": _lazy("逾期未报送"),
    "pending": _lazy("待报送"),
}


def _month_param(raw: str):
    import datetime

    from django.utils import timezone

    try:
        return datetime.datetime.strptime(raw, "%Y-%m").date()
    except (TypeError, ValueError):
        first = timezone.localdate().replace(day=1)
        return (first - datetime.timedelta(days=1)).replace(day=1)  # the month just ended


def case_reporting(request):
    """典型案例报送情况: per department, for one month, who reported, declared none or is late."""
    from records.selectors import case_reporting as reporting
    from records.staff import require_permission

    require_permission(request.user, "records.view_case_reporting", _("查看典型案例报送情况"))
    summary = reporting(_month_param(request.GET.get("month")))
    for row in summary["rows"]:
        row["state_label"] = CASE_STATES[row["state"]]
    context = {**admin.site.each_context(request), "title": _("联合奖惩典型案例报送情况"), **summary}
    context["month_value"] = summary["month"].strftime("%Y-%m")
    return TemplateResponse(request, "admin/records/case_reporting.html", context)
