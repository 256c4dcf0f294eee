"""Public pages of account applications (records.services.accounts) and the page where a new
account sets its password from the e-mailed link."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import ratelimit
from records.audit import acting
from records.forms_accounts import AccountApplicationForm
from records.models import AccountApplication
from records.services.accounts import account_apply

DONE_KEY = "account_application_done"


@require_http_methods(["GET", "POST"])
def apply(request):
    form = AccountApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not ratelimit.reserve("account_apply", ratelimit.client_ip(request), settings.ACCOUNT_APPLY_LIMIT):
            return render(
                request,
                "records/accounts/apply.html",
                {"form": AccountApplicationForm(), "limited": _("提交过于频繁，请一小时后再试。")},
                status=429,
            )
        if form.is_valid():
            try:
                with acting(request=request, reason=_("申请平台账号")):
                    application = account_apply(**form.service_kwargs())
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                request.session[DONE_KEY] = application.number
                return redirect("accounts:done")
    return render(request, "records/accounts/apply.html", {"form": form})


def done(request):
    application = AccountApplication.objects.filter(number=request.session.get(DONE_KEY) or "").first()
    if application is None:
        return redirect("accounts:apply")
    return render(request, "records/accounts/done.html", {"application": application})


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "records/accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_set")


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "records/accounts/password_set.html"
