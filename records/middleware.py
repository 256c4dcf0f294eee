import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from records import audit
from records.models import AuditEntry
from records.staff import has_two_factor, two_factor_required

# Write the last-seen time at most this often (seconds): a session save per request is waste.
TOUCH_EVERY = 60
LAST_SEEN = "staff_last_seen"
# Pages a signed-in user who still has to set up two-factor may open.
SETUP_EXEMPT = ("admin:two_factor", "admin:logout", "admin:login", "complaints:staff_logout")


class StaffSessionMiddleware:
    """For signed-in users (every account is a staff account), on every path: end idle
    sessions; treat a session that skipped the second factor of an account with a confirmed
    authenticator as no login at all (whichever login page or API made it); send roles that
    must use two-factor (STAFF_OTP_ROLES) to its setup page until they have it; and run the
    request as that staff member for the audit trail (who and from which IP). Every other
    request is audited as the public channel (the API authentication turns it into the api
    channel once it knows the token)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated):
            with audit.acting(request=request, channel=AuditEntry.Channel.PUBLIC):
                return self.get_response(request)

        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN)
        if last_seen and now - last_seen > settings.STAFF_IDLE_MINUTES * 60:
            with audit.acting(
                user, request=request, reason=_("长时间未操作，自动退出"), channel=AuditEntry.Channel.ADMIN
            ):
                logout(request)
            messages.warning(request, _("您已长时间未操作，为保护数据安全已自动退出，请重新登录。"))
            return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}")
        if not last_seen or now - last_seen >= TOUCH_EVERY:
            request.session[LAST_SEEN] = now

        verified = getattr(user, "is_verified", lambda: False)()
        if not verified and has_two_factor(user):
            with audit.acting(
                user,
                request=request,
                reason=_("未验证动态验证码，登录无效"),
                channel=AuditEntry.Channel.ADMIN,
            ):
                logout(request)
            # Carry on as a visitor: staff pages send the request to the login page.
            with audit.acting(request=request, channel=AuditEntry.Channel.PUBLIC):
                return self.get_response(request)
        if not verified and two_factor_required(user) and not self._setup_exempt(request.path):
            return redirect("admin:two_factor")

        with audit.acting(user, request=request, channel=AuditEntry.Channel.ADMIN):
            return self.get_response(request)

    @staticmethod
    def _setup_exempt(path: str) -> bool:
        return path in {reverse(name) for name in SETUP_EXEMPT}
