import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from records import audit
from records.staff import is_credit_office

# Write the last-seen time at most this often (seconds): a session save per request is waste.
TOUCH_EVERY = 60
LAST_SEEN = "staff_last_seen"


class StaffSessionMiddleware:
    """For signed-in staff: end idle sessions, send credit office roles without two-factor to
    its setup page when it is required, and run the request as that staff member for the
    audit trail (who and from which IP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated and user.is_staff):
            return self.get_response(request)

        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN)
        if last_seen and now - last_seen > settings.STAFF_IDLE_MINUTES * 60:
            with audit.acting(user, request=request, reason=_("长时间未操作，自动退出")):
                logout(request)
            messages.warning(request, _("您已长时间未操作，为保护数据安全已自动退出，请重新登录。"))
            return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}")
        if not last_seen or now - last_seen >= TOUCH_EVERY:
            request.session[LAST_SEEN] = now

        if self._needs_two_factor(request, user):
            return redirect("admin:two_factor")

        with audit.acting(user, request=request):
            return self.get_response(request)

    @staticmethod
    def _needs_two_factor(request, user) -> bool:
        if not settings.STAFF_OTP_REQUIRED or not is_credit_office(user):
            return False
        if getattr(user, "is_verified", lambda: False)():
            return False
        admin_root = reverse("admin:index")
        exempt = {reverse("admin:two_factor"), reverse("admin:logout"), reverse("admin:login")}
        return request.path.startswith(admin_root) and request.path not in exempt
