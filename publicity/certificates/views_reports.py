"""Public pages of the 专项信用报告 and the 信用修复告知书; they issue through the same
pipeline as the credit query results (services.document_issue) and verify on the same pages."""

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.ratelimit import client_ip
from publicity.certificates.access import (
    ReportRefused,
    access_code_send,
    check_subject,
    is_department_staff,
    report_requester,
)
from publicity.certificates.forms import ReportRequestForm, ReportSubjectForm
from publicity.certificates.notice import NOTICE_KINDS, notice_applies
from publicity.certificates.report import REPORT_KINDS
from publicity.certificates.selectors import notice_record, subject_key
from publicity.certificates.services import repair_notice_issue, report_issue
from publicity.certificates.signing import SigningNotConfigured
from publicity.certificates.snapshot import subject_code
from publicity.certificates.views import _attachment, _subject_not_found, _throttled
from publicity.rules import today
from publicity.selectors import subject_by_key

logger = logging.getLogger(__name__)
DEFAULT_YEARS = 3


def _pdf_response(issued) -> HttpResponse:
    response = HttpResponse(issued.pdf, content_type="application/pdf")
    response["Content-Disposition"] = _attachment(issued.filename)
    response["X-Certificate-Number"] = issued.certificate.number
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET"])
def report_start(request):
    """专项信用报告: which company, by its 统一社会信用代码."""
    form = ReportSubjectForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("certificates:report", key=subject_key(form.subject))
    return render(
        request,
        "publicity/certificates/report_start.html",
        {"form": form, "kinds": [str(label) for label in REPORT_KINDS.values()]},
        status=400 if form.is_bound and form.errors else 200,
    )


def _initial():
    end = today()
    start = end - relativedelta(years=DEFAULT_YEARS) + datetime.timedelta(days=1)
    return {"period_end": end, "period_start": start, "areas": []}


@require_http_methods(["GET", "POST"])
def report_new(request, key):
    subject = subject_by_key(key)
    if subject is None:
        return _subject_not_found(request, key)
    staff = is_department_staff(request.user)
    error, notice, status = "", "", 200
    try:
        check_subject(subject)
    except ReportRefused as refused:
        return render(
            request,
            "publicity/certificates/not_found.html",
            {"title": _("不能申请专项信用报告"), "message": refused.message},
            status=403,
        )
    if request.method == "POST":
        form = ReportRequestForm(request.POST)
        limited = _throttled(request, "certificate-issue", settings.CERTIFICATE_ISSUE_RATE)
        if limited:
            return limited
        if "send_code" in request.POST:
            # The form keeps what was typed; only the code is sent.
            form = ReportRequestForm(
                initial={**_initial(), **request.POST.dict(), "areas": request.POST.getlist("areas")}
            )
            try:
                access = access_code_send(subject, client_ip(request))
            except ReportRefused as refused:
                error, status = refused.message, refused.status
            else:
                notice = _("验证码已发送至该主体登记的联系邮箱 %(to)s，%(minutes)d 分钟内有效。") % {
                    "to": access.sent_to,
                    "minutes": settings.REPORT_CODE_MINUTES,
                }
        elif form.is_valid():
            data = form.cleaned_data
            try:
                requester = report_requester(
                    user=request.user, subject=subject, code=data["code"], ip=client_ip(request)
                )
                issued = report_issue(
                    subject=subject,
                    fields=data["areas"],
                    start=data["period_start"],
                    end=data["period_end"],
                    purpose=data["purpose"],
                    purpose_detail=data["purpose_detail"],
                    requester=requester,
                    requester_ip=client_ip(request),
                )
            except ReportRefused as refused:
                form.add_error("code" if refused.field == "code" else None, refused.message)
                status = refused.status
            except SigningNotConfigured:
                logger.exception("certificate signing key is not configured")
                error, status = _("平台签章密钥尚未配置，暂时无法出具专项信用报告，请联系平台管理员。"), 503
            else:
                return _pdf_response(issued)
        else:
            status = 400
    else:
        form = ReportRequestForm(initial=_initial())
    code_label, code = subject_code(subject)
    return render(
        request,
        "publicity/certificates/report_new.html",
        {
            "subject": subject,
            "subject_key": subject_key(subject),
            "code_label": code_label,
            "code": code,
            "form": form,
            "error": error,
            "notice": notice,
            "staff": staff,
            "has_contact": bool(subject.contact_email),
            "max_years": settings.REPORT_MAX_YEARS,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def repair_notice(request, kind, pk):
    """信用修复告知书 of a penalty or black-list decision: for the public while the record is
    public, for staff whenever the record is in their scope."""
    record = notice_record(kind, pk, request.user) if kind in NOTICE_KINDS else None
    if record is None or not notice_applies(record):
        return render(
            request,
            "publicity/certificates/not_found.html",
            {
                "title": _("无法打印信用修复告知书"),
                "message": _(
                    "该记录不存在、不在公示期内，或不是行政处罚、失信惩戒名单决定；工作人员请登录后打印。"
                ),
            },
            status=404,
        )
    if request.method == "POST":
        limited = _throttled(request, "certificate-issue", settings.CERTIFICATE_ISSUE_RATE)
        if limited:
            return limited
        try:
            issued = repair_notice_issue(record=record, user=request.user, requester_ip=client_ip(request))
        except SigningNotConfigured:
            logger.exception("certificate signing key is not configured")
        else:
            return _pdf_response(issued)
        return render(
            request,
            "publicity/certificates/not_found.html",
            {"title": _("暂时无法出具"), "message": _("平台签章密钥尚未配置，请联系平台管理员。")},
            status=503,
        )
    return render(request, "publicity/certificates/repair_notice_new.html", {"record": record}, status=200)
