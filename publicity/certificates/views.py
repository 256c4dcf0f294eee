import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from portal.ratelimit import client_ip, throttle_hit
from publicity.certificates.forms import (
    CertificateRequestForm,
    LimitedUploadHandler,
    VerifyNumberForm,
    VerifyUploadForm,
    malformed_number_message,
    upload_limit_bytes,
)
from publicity.certificates.numbers import grouped, is_well_formed, normalize_number
from publicity.certificates.render import CONTENT_TEMPLATES
from publicity.certificates.replay import issue_once, new_token
from publicity.certificates.selectors import (
    certificate_by_number,
    department_names,
    subject_key,
)
from publicity.certificates.services import SubjectNotPublic, certificate_check_upload, certificate_issue
from publicity.certificates.signing import SigningNotConfigured
from publicity.certificates.snapshot import subject_code
from publicity.selectors import subject_by_key

logger = logging.getLogger(__name__)


def _throttled(request, scope: str, rate: str):
    """A 429 page when this address is over its limit; None otherwise. Staff are not limited."""
    if request.user.is_authenticated and request.user.is_staff:
        return None
    wait = throttle_hit(scope, client_ip(request), rate)
    if wait is None:
        return None
    minutes = max(1, (wait + 59) // 60)
    response = render(
        request,
        "publicity/certificates/throttled.html",
        {"minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def _subject_not_found(request, key):
    return render(
        request,
        "publicity/certificates/not_found.html",
        {
            "title": _("未找到该信用主体"),
            "message": _("未找到统一社会信用代码或编号为“%(key)s”的信用主体，请通过信用查询重新查找。")
            % {"key": key[:40]},
        },
        status=404,
    )


@require_http_methods(["GET", "POST"])
def certificate_new(request, key):
    subject = subject_by_key(key)
    if subject is None:
        return _subject_not_found(request, key)
    form = CertificateRequestForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST":
        limited = _throttled(request, "certificate-issue", settings.CERTIFICATE_ISSUE_RATE)
        if limited:
            return limited
        if form.is_valid():
            answers = {
                name: form.cleaned_data[name] for name in ("purpose", "purpose_detail", "requester_org")
            }
            try:
                number, filename, pdf = issue_once(
                    request.POST.get("issue_token", ""),
                    subject.pk,
                    answers,
                    lambda: certificate_issue(
                        subject=subject, **answers, requester_ip=client_ip(request), user=request.user
                    ),
                )
            except SubjectNotPublic:
                return _subject_not_found(request, key)
            except SigningNotConfigured:
                logger.exception("certificate signing key is not configured")
                error = _("平台签章密钥尚未配置，暂时无法出具查询结果，请联系平台管理员。")
            else:
                response = HttpResponse(pdf, content_type="application/pdf")
                response["Content-Disposition"] = _attachment(filename)
                response["X-Certificate-Number"] = number
                response["Cache-Control"] = "no-store"
                return response
    code_label, code = subject_code(subject)
    return render(
        request,
        "publicity/certificates/new.html",
        {
            "subject": subject,
            "subject_key": subject_key(subject),
            "code_label": code_label,
            "code": code,
            "form": form,
            "error": error,
            "department_names": department_names(),
            "issue_token": new_token(),
        },
        status=503 if error else 400 if form.is_bound and form.errors else 200,
    )


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"certificate.pdf\"; filename*=UTF-8''{quote(filename)}"


def _upload_form(request):
    files = request.FILES  # parses the body; the size-limiting handler notes an oversized file
    return VerifyUploadForm(request.POST, files, too_big=getattr(request, "upload_too_big", False))


def _limit_upload(view):
    """Install the size-limited upload handler before anything reads the body.

    CSRF middleware reads request.POST, so the view is exempt at that layer and protected
    again right after the handler is installed (the pattern Django's docs give for this).
    """
    protected = csrf_protect(view)

    @csrf_exempt
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            request.upload_handlers.insert(0, LimitedUploadHandler(request, upload_limit_bytes()))
        return protected(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_limit_upload
@require_http_methods(["GET", "POST"])
def verify(request):
    """The verification desk: enter a number, or upload a file to check it by itself."""
    number_form = VerifyNumberForm(request.GET or None)
    upload_form = VerifyUploadForm()
    result = None
    status = 200
    if request.method == "POST":
        limited = _throttled(request, "certificate-verify", settings.CERTIFICATE_VERIFY_RATE)
        if limited:
            return limited
        upload_form = _upload_form(request)
        if upload_form.is_valid():
            result = certificate_check_upload(upload_form.read())
        else:
            status = 400
    elif request.GET:
        if number_form.is_valid():
            return redirect("certificates:detail", number=number_form.cleaned_data["number"])
        status = 400
    return render(
        request,
        "publicity/certificates/verify.html",
        {"number_form": number_form, "upload_form": upload_form, "result": result},
        status=status,
    )


@_limit_upload
@require_http_methods(["GET", "POST"])
def verify_detail(request, number):
    """What the certificate with this number certified; an uploaded file is checked against it."""
    limited = _throttled(request, "certificate-verify", settings.CERTIFICATE_VERIFY_RATE)
    if limited:
        return limited
    normalized = normalize_number(number)
    if not is_well_formed(normalized):
        return render(
            request,
            "publicity/certificates/not_found.html",
            {"title": _("证书编号格式不正确"), "message": malformed_number_message(), "show_verify": True},
            status=404,
        )
    certificate = certificate_by_number(normalized)
    if certificate is None:
        # The same answer for every unknown number: it reveals nothing about the number space.
        return render(
            request,
            "publicity/certificates/not_found.html",
            {
                "title": _("未找到该编号的文件"),
                "message": _(
                    "平台没有编号为 %(number)s 的信用信息查询结果、专项信用报告或信用修复告知书。请核对编号；如编号无误，该文件不是本平台签发的。"
                )
                % {"number": grouped(normalized)},
                "show_verify": True,
            },
            status=404,
        )
    upload_form = VerifyUploadForm()
    result = None
    status = 200
    if request.method == "POST":
        upload_form = _upload_form(request)
        if upload_form.is_valid():
            result = certificate_check_upload(upload_form.read(), expected=certificate)
        else:
            status = 400
    return render(
        request,
        "publicity/certificates/detail.html",
        {
            "certificate": certificate,
            "snapshot": certificate.snapshot,
            "content_template": CONTENT_TEMPLATES[certificate.doc_type],
            "superseded_by": certificate.superseded_by(),
            "number_grouped": grouped(certificate.number),
            "upload_form": upload_form,
            "result": result,
        },
        status=status,
    )
