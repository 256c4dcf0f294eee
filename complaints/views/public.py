"""The public side: submit, receipt, track, evaluate, typical cases, subject lookup."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints import challenge, selectors, services
from complaints.forms import EvaluationForm, SubmissionForm, TrackForm, new_form_token
from complaints.models import Case, Kind
from complaints.states import InvalidTransition, State
from portal import ratelimit

RECEIPTS = "complaints_receipts"
TRACKED = "complaints_tracked"
MAX_REMEMBERED = 5


def index(request):
    return render(
        request,
        "complaints/index.html",
        {
            "typical": selectors.typical_cases()[:5],
            "accept_days": settings.COMPLAINT_ACCEPT_WORKING_DAYS,
            "conclude_days": settings.COMPLAINT_CONCLUDE_WORKING_DAYS,
        },
    )


def _submit_context(form, error=""):
    return {
        "form": form,
        "challenge": challenge.issue(),
        "error": error,
        "max_files": settings.COMPLAINT_MAX_FILES,
        "max_mb": settings.COMPLAINT_MAX_FILE_MB,
    }


def _remember(request, key, value, item):
    stored = dict(request.session.get(key, {}))
    stored[value] = item
    request.session[key] = dict(list(stored.items())[-MAX_REMEMBERED:])


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method == "GET":
        kind = request.GET.get("kind")
        initial = {"kind": kind if kind in Kind.values else Kind.COMPLAINT, "form_token": new_form_token()}
        return render(request, "complaints/submit.html", _submit_context(SubmissionForm(initial=initial)))

    form = SubmissionForm(request.POST, request.FILES)
    ip = ratelimit.client_ip(request)
    if request.POST.get("homepage"):
        # A bot filled the hidden field. No case; the form (and what was typed) comes back.
        return render(
            request,
            "complaints/submit.html",
            _submit_context(form, _("提交未通过校验，请检查后重新提交")),
            status=400,
        )
    if not form.is_valid():
        return render(request, "complaints/submit.html", _submit_context(form), status=400)

    token = form.cleaned_data["form_token"]
    if Case.objects.filter(form_token=token).exists():
        return redirect("complaints:receipt", token=token)
    # Reserve-then-act: the submission counts before the case exists, so parallel requests
    # cannot all pass the check; it is given back only when no case is created.
    limit = ratelimit.limit_for("COMPLAINT_SUBMIT_LIMIT")
    if not ratelimit.reserve("submit", ip, limit):
        error = _("同一网络提交过于频繁，请一小时后再试。您填写的内容已保留。")
        return render(request, "complaints/submit.html", _submit_context(form, error), status=429)
    try:
        challenge.verify(form.cleaned_data["pow_challenge"], form.cleaned_data["pow_nonce"])
    except challenge.ChallengeError as exc:
        ratelimit.refund("submit", ip, limit)
        return render(request, "complaints/submit.html", _submit_context(form, exc.message), status=400)

    try:
        result = services.case_submit(
            form_token=token,
            data=form.case_data(),
            files=form.cleaned_data["attachments"],
            subject=form.subject,
            ip=ip if ip != "unknown" else None,
        )
    except BaseException:
        ratelimit.refund("submit", ip, limit)
        raise
    if not result.created:
        ratelimit.refund("submit", ip, limit)
    else:
        _remember(
            request,
            RECEIPTS,
            token,
            {"tracking_number": result.case.tracking_number, "query_code": result.query_code},
        )
        _remember(request, TRACKED, result.case.tracking_number, result.case.pk)
    return redirect("complaints:receipt", token=token)


@never_cache
def receipt(request, token):
    case = get_object_or_404(Case, form_token=token)
    stored = request.session.get(RECEIPTS, {}).get(token)
    if not stored:
        # Someone else's token (or an expired session): say only that it was received.
        return render(request, "complaints/receipt.html", {"case": None})
    return render(
        request,
        "complaints/receipt.html",
        {"case": case, "query_code": stored["query_code"], "tracking_number": stored["tracking_number"]},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    ip = ratelimit.client_ip(request)
    limit = ratelimit.limit_for("COMPLAINT_TRACK_FAILURE_LIMIT")
    if request.method == "GET":
        return render(request, "complaints/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, "complaints/track.html", {"form": form}, status=400)
    # Only wrong codes are limited: every look-up reserves a failure first and a right one
    # gives it back, so parallel guesses cannot all be answered.
    if not ratelimit.reserve("track", ip, limit):
        error = _("查询码错误次数过多，请一小时后再试。")
        return render(request, "complaints/track.html", {"form": form, "error": error}, status=429)
    case = services.case_find(form.cleaned_data["tracking_number"], form.cleaned_data["query_code"])
    if case is not None:
        ratelimit.refund("track", ip, limit)
    else:
        error = _("受理编号或查询码不正确，请核对后重试。")
        return render(request, "complaints/track.html", {"form": form, "error": error}, status=400)
    _remember(request, TRACKED, case.tracking_number, case.pk)
    return redirect("complaints:track_case", tracking_number=case.tracking_number)


def _tracked_case(request, tracking_number) -> Case:
    pk = request.session.get(TRACKED, {}).get(tracking_number)
    if not pk:
        raise Http404
    return get_object_or_404(Case, pk=pk, tracking_number=tracking_number)


@never_cache
def track_case(request, tracking_number):
    if not request.session.get(TRACKED, {}).get(tracking_number):
        return redirect("complaints:track")
    case = _tracked_case(request, tracking_number)
    return _track_page(request, case, EvaluationForm())


def _track_page(request, case, evaluation_form, status=200, error=""):
    return render(
        request,
        "complaints/track_case.html",
        {
            "case": case,
            "events": selectors.public_events(case),
            "evaluation_form": evaluation_form if case.state == State.CONCLUDED else None,
            "error": error,
        },
        status=status,
    )


@require_POST
def evaluate(request, tracking_number):
    case = _tracked_case(request, tracking_number)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        return _track_page(request, case, form, status=400)
    try:
        services.case_evaluate(case, form.cleaned_data["satisfied"], form.cleaned_data["comment"])
    except InvalidTransition as exc:
        return _track_page(request, case, form, status=400, error=exc.message)
    return redirect("complaints:track_case", tracking_number=tracking_number)


def typical_list(request):
    page = Paginator(selectors.typical_cases(), 20).get_page(request.GET.get("page"))
    return render(request, "complaints/typical_list.html", {"page": page})


def typical_detail(request, pk):
    case = get_object_or_404(selectors.typical_cases(), pk=pk)
    return render(request, "complaints/typical_detail.html", {"case": case})


@require_GET
def subject_lookup(request):
    ip = ratelimit.client_ip(request)
    if not ratelimit.reserve("lookup", ip, ratelimit.limit_for("COMPLAINT_LOOKUP_LIMIT")):
        return JsonResponse({"error": _("查询过于频繁，请稍后再试"), "results": []}, status=429)
    query = request.GET.get("q", "")[:100]
    return JsonResponse({"results": selectors.subject_lookup(query)})
