"""The staff workspace: the credit office triages, accepts or refuses, forwards and publishes;
a department handles the cases forwarded to it. Every view checks complaints.permissions."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from complaints import permissions, selectors, services, states
from complaints.forms import ForwardForm, NoteForm, TypicalForm
from complaints.models import Case, Kind
from complaints.states import InvalidTransition, Role, State
from records.models import Department


def login(request):
    """The workspace has no login of its own: the one staff login (with two-factor) is the
    admin's. Old links and bookmarks land there, coming back to the workspace."""
    return redirect_to_login(request.GET.get("next") or reverse("complaints:staff_list"))


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("complaints:index")


def staff_required(view):
    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.is_case_staff(request.user):
            return render(request, "complaints/staff/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _visible_case(request, pk) -> Case:
    case = get_object_or_404(Case, pk=pk)
    if not permissions.can_view(request.user, case):
        # Another department's case does not exist as far as this user can tell.
        raise Http404
    return case


@staff_required
def case_list(request):
    user = request.user
    office = permissions.is_credit_office(user)
    filters = {
        "state": request.GET.get("state", "") if request.GET.get("state") in State.values else "",
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in Kind.values else "",
        "overdue": request.GET.get("overdue") == "1",
        "q": request.GET.get("q", "")[:50],
        "department": None,
    }
    departments = Department.objects.filter(is_active=True, is_credit_office=False)
    if not office:
        departments = departments.filter(pk__in=permissions.user_department_ids(user))
    department = request.GET.get("department", "")
    if department.isdigit() and departments.filter(pk=int(department)).exists():
        filters["department"] = int(department)
    cases = selectors.staff_cases(user, **filters)
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/staff/list.html",
        {
            "page": page,
            "filters": filters,
            "states": State.choices,
            "kinds": Kind.choices,
            "departments": departments.order_by("name"),
            "office": office,
            "querystring": query.urlencode(),
        },
    )


@staff_required
def case_detail(request, pk, forward_form=None, typical_form=None, status=200):
    case = _visible_case(request, pk)
    user = request.user
    role = permissions.role_of(user, case)
    actions = []
    if role:
        actions = states.available(case.state, role, note_only=True)
    if role == Role.DEPARTMENT:
        mine = permissions.handling_assignments(user, case)
        if not mine.filter(status="pending").exists():
            actions = [t for t in actions if t.action != "start"]
        if not mine.filter(status__in=states.ACTIVE_ASSIGNMENT).exists():
            actions = []
    can_forward = role == Role.CREDIT_OFFICE and case.state in states.TRANSITIONS["forward"].sources
    can_publish = permissions.can_publish_typical(user) and case.state in states.CONCLUDED_STATES
    return render(
        request,
        "complaints/staff/detail.html",
        {
            "case": case,
            "role": role,
            "office": permissions.is_credit_office(user),
            "identity": permissions.can_see_identity(user, case),
            "assignments": case.assignments.select_related("department"),
            "events": case.events.select_related("department", "actor"),
            "attachments": case.attachments.all() if permissions.can_see_identity(user, case) else [],
            "actions": actions,
            "forward_form": forward_form or (ForwardForm() if can_forward else None),
            "typical_form": typical_form
            or (TypicalForm(initial=_typical_initial(case)) if can_publish else None),
        },
        status=status,
    )


def _typical_initial(case) -> dict:
    if case.typical_title:
        return {"title": case.typical_title, "summary": case.typical_summary, "outcome": case.typical_outcome}
    return services.case_typical_draft(case)


@require_POST
@staff_required
def case_act(request, pk):
    case = _visible_case(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("说明过长，请控制在5000字以内"))
        return redirect("complaints:staff_detail", pk=pk)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    role = permissions.role_of(request.user, case)
    try:
        services.case_act(case, request.user, role, action, note)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
        return redirect("complaints:staff_detail", pk=pk)
    messages.success(request, _("已%(a)s") % {"a": states.TRANSITIONS[action].label})
    if role == Role.DEPARTMENT and action == "return":
        return redirect("complaints:staff_list")
    return redirect("complaints:staff_detail", pk=pk)


@require_POST
@staff_required
def case_forward(request, pk):
    case = _visible_case(request, pk)
    if permissions.role_of(request.user, case) != Role.CREDIT_OFFICE:
        raise Http404
    form = ForwardForm(request.POST)
    if not form.is_valid():
        return case_detail(request, pk, forward_form=form, status=400)
    try:
        services.case_forward(case, request.user, form.cleaned_data["departments"], form.cleaned_data["note"])
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已转办"))
    return redirect("complaints:staff_detail", pk=pk)


@require_POST
@staff_required
def case_publish(request, pk):
    case = _visible_case(request, pk)
    if not permissions.can_publish_typical(request.user):
        raise Http404
    if request.POST.get("unpublish"):
        services.case_unpublish_typical(case, request.user)
        messages.success(request, _("已撤下典型案例"))
        return redirect("complaints:staff_detail", pk=pk)
    form = TypicalForm(request.POST)
    if not form.is_valid():
        return case_detail(request, pk, typical_form=form, status=400)
    try:
        services.case_publish_typical(case, request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return case_detail(request, pk, typical_form=form, status=400)
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已发布为典型案例"))
    return redirect("complaints:staff_detail", pk=pk)


@staff_required
def attachment(request, pk, attachment_id):
    case = _visible_case(request, pk)
    if not permissions.can_see_identity(request.user, case):
        raise Http404
    item = get_object_or_404(case.attachments, pk=attachment_id)
    if not item.file:  # removed after its retention period (manage.py prune_personal_data)
        raise Http404
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=item.original_name,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
