"""信用承诺 made online by the market entity itself: the public form. The entity proves who it is
with a one-time code sent to its contact e-mail on record (the codes of the 专项信用报告,
publicity.certificates.access); records.services.commitments does the writing."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.ratelimit import client_ip
from publicity.certificates.access import (
    Purpose,
    ReportRefused,
    access_code_check,
    access_code_send,
    access_code_use,
)
from publicity.forms_commitments import CommitmentForm
from records.selectors import commitment_templates
from records.services.commitments import check_committer, commitment_make
from records.services.publication import WorkflowError

TEXT_FIELDS = ("matter", "content", "liability")


def _with_standard_text(values: dict, templates: dict, *, overwrite: bool) -> dict:
    """`values` with the standard text of the chosen type filled in (empty fields only, unless
    `overwrite`)."""
    template = templates.get(values.get("commitment_type") or "")
    if template is None:
        return values
    values = dict(values)
    for name in TEXT_FIELDS:
        if (overwrite and name != "matter") or not (values.get(name) or "").strip():
            values[name] = getattr(template, name) or values.get(name, "")
    return values


def _typed(request) -> dict:
    return {k: v for k, v in request.POST.items() if k in CommitmentForm.base_fields and k != "code"}


def _render(request, form, templates, *, notice="", error="", status=200):
    return render(
        request,
        "publicity/commitments/new.html",
        {
            "form": form,
            "templates": list(templates.values()),
            "notice": notice,
            "error": error,
        },
        status=status,
    )


def _subject_for_code(request):
    """The subject the typed code names, or (None, message)."""
    form = CommitmentForm(request.POST)
    form.is_valid()
    if "uscc" in form.errors:
        return None, form.errors["uscc"][0]
    try:
        check_committer(form.subject)
    except ValidationError as exc:
        return None, exc.message_dict["uscc"][0]
    return form.subject, ""


@require_http_methods(["GET", "POST"])
def commitment_new(request):
    templates = commitment_templates()
    if request.method == "GET":
        initial = {"uscc": request.GET.get("uscc", "")[:40]}
        kind = request.GET.get("type", "")
        if kind in templates:
            initial = _with_standard_text({**initial, "commitment_type": kind}, templates, overwrite=True)
        return _render(request, CommitmentForm(initial=initial), templates)

    if "use_template" in request.POST:
        # Without JavaScript: the page again with the standard text of the chosen type.
        values = _with_standard_text(_typed(request), templates, overwrite=True)
        notice = "" if values.get("commitment_type") in templates else _("请先选择承诺类型。")
        return _render(request, CommitmentForm(initial=values), templates, notice=notice)

    if "send_code" in request.POST:
        # What was typed stays; only the code is sent.
        form = CommitmentForm(initial=_typed(request))
        subject, error = _subject_for_code(request)
        if subject is None:
            return _render(request, form, templates, error=error, status=400)
        try:
            access = access_code_send(subject, client_ip(request), purpose=Purpose.COMMITMENT)
        except ReportRefused as refused:
            return _render(request, form, templates, error=refused.message, status=refused.status)
        notice = _("验证码已发送至该主体登记的联系邮箱 %(to)s，%(minutes)d 分钟内有效。") % {
            "to": access.sent_to,
            "minutes": settings.REPORT_CODE_MINUTES,
        }
        return _render(request, form, templates, notice=notice)

    form = CommitmentForm(request.POST)
    if not form.is_valid():
        return _render(request, form, templates, status=400)
    data = form.cleaned_data
    try:
        check_committer(form.subject)
        access = access_code_check(form.subject, data["code"], client_ip(request), purpose=Purpose.COMMITMENT)
        with transaction.atomic():
            if not access_code_use(access):
                raise ReportRefused(_("该验证码已使用，请重新获取验证码。"))
            record = commitment_make(
                subject=form.subject,
                department=data["department"],
                commitment_type=data["commitment_type"],
                matter=data["matter"],
                content=data["content"],
                liability=data["liability"],
                valid_until=data["valid_until"],
                disclosure=data["disclosure"],
            )
    except ReportRefused as refused:
        form.add_error("code", refused.message)
        return _render(request, form, templates, status=refused.status)
    except WorkflowError as exc:
        return _render(request, form, templates, error=exc.messages[0], status=503)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render(request, form, templates, status=400)
    return render(request, "publicity/commitments/done.html", {"record": record})
