"""Public pages for credit repair (/repair/) and objections (/objections/): apply, then follow
the application with its number and the applicant's code."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import ratelimit
from publicity.appeals.forms import ObjectionForm, RepairForm, TrackForm
from publicity.masking import mask_name
from publicity.selectors import public_record
from records.appeals.objections import objection_lodge
from records.appeals.repairs import repair_apply
from records.models import CreditRepair, Objection

DONE_KEY = "appeal_done"

KINDS = {
    "repair": {
        "model": CreditRepair,
        "form": RepairForm,
        "service": repair_apply,
        "title": _("信用修复"),
        "template": "publicity/appeals/repair_home.html",
    },
    "objection": {
        "model": Objection,
        "form": ObjectionForm,
        "service": objection_lodge,
        "title": _("异议申诉"),
        "template": "publicity/appeals/objection_home.html",
    },
}


def home(request, kind):
    return render(request, KINDS[kind]["template"], {"kind": kind, "title": KINDS[kind]["title"]})


def _too_many(request, kind, message):
    return render(
        request,
        "publicity/appeals/limited.html",
        {"kind": kind, "message": message, "title": KINDS[kind]["title"]},
        status=429,
    )


def _initial_from_record(request, form_class) -> dict:
    """The form filled in from `?record=<kind>:<id>` (the links on a record's page), when that
    record is public now and of a kind this form takes; otherwise empty."""
    kind, _sep, pk = request.GET.get("record", "").partition(":")
    if kind not in form_class.KINDS or not pk.isdigit():
        return {}
    record = public_record(kind, int(pk))
    if record is None:
        return {}
    initial = {"record_kind": kind, "document_number": record.document_number}
    if not record.subject.is_person:
        initial.update(applicant_name=record.subject_name, applicant_code=record.subject.uscc)
    return initial


@require_http_methods(["GET", "POST"])
def apply(request, kind):
    spec = KINDS[kind]
    form = spec["form"](
        request.POST or None, request.FILES or None, initial=_initial_from_record(request, spec["form"])
    )
    if request.method == "POST":
        # Per-IP limit on applications, shared by every app server through the cache.
        if not ratelimit.reserve("appeal_submit", ratelimit.client_ip(request), settings.APPEAL_SUBMIT_LIMIT):
            return _too_many(request, kind, _("提交过于频繁，请一小时后再试。"))
    if request.method == "POST" and form.is_valid():
        try:
            appeal = spec["service"](**form.service_kwargs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            request.session[DONE_KEY] = {"kind": kind, "number": appeal.number}
            return redirect(f"appeals:{kind}_done")
    return render(
        request,
        "publicity/appeals/apply.html",
        {"form": form, "kind": kind, "title": _("%(title)s申请") % {"title": spec["title"]}},
    )


def done(request, kind):
    data = request.session.get(DONE_KEY) or {}
    if data.get("kind") != kind:
        return redirect(f"appeals:{kind}")
    appeal = KINDS[kind]["model"].objects.filter(number=data.get("number")).first()
    if appeal is None:
        return redirect(f"appeals:{kind}")
    return render(
        request,
        "publicity/appeals/done.html",
        {"appeal": appeal, "kind": kind, "title": KINDS[kind]["title"]},
    )


def track(request, kind):
    spec = KINDS[kind]
    form = TrackForm(request.GET or None)
    appeal = None
    not_found = False
    ip = ratelimit.client_ip(request)
    limit = settings.APPEAL_TRACK_FAILURE_LIMIT
    looking_up = bool(request.GET) and form.is_valid()
    # Numbers are partly random: wrong guesses are limited per IP so they cannot be enumerated.
    # Each look-up reserves a failure first and a right one gives it back (parallel-safe).
    if looking_up and not ratelimit.reserve("appeal_track", ip, limit):
        return _too_many(request, kind, _("查询失败次数过多，请一小时后再试。"))
    if looking_up:
        appeal = (
            spec["model"]
            .objects.filter(
                number=form.cleaned_data["number"], applicant_code=form.cleaned_data["applicant_code"]
            )
            .prefetch_related("events")
            .first()
        )
        not_found = appeal is None
        if not not_found:
            ratelimit.refund("appeal_track", ip, limit)
    return render(
        request,
        "publicity/appeals/track.html",
        {
            "form": form,
            "appeal": appeal,
            "not_found": not_found,
            "kind": kind,
            "title": _("%(title)s进度查询") % {"title": spec["title"]},
            "contact": mask_name(appeal.contact_name) if appeal else "",
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
