"""Reads for the complaint window: staff lists, the public timeline, typical cases, subjects."""

from django.db.models import Q, QuerySet

from complaints import deadlines, permissions, states
from complaints.models import Case
from records.codes import normalize_code
from records.models import Subject

SUBJECT_LOOKUP_LIMIT = 10


def staff_cases(user, *, state="", department=None, overdue=False, kind="", q="") -> QuerySet:
    cases = permissions.visible_cases(user, Case.objects.all())
    if state:
        cases = cases.filter(state=state)
    if department:
        cases = cases.filter(assignments__department_id=department).distinct()
    if overdue:
        cases = cases.filter(deadlines.overdue_q())
    if kind:
        cases = cases.filter(kind=kind)
    if q:
        q = q.strip()
        cases = cases.filter(
            Q(tracking_number=q.upper()) | Q(subject_name__icontains=q) | Q(title__icontains=q)
        )
    return cases.order_by("-submitted_at")


def public_events(case):
    return case.events.filter(public=True).select_related("department").order_by("created_at", "pk")


def typical_cases() -> QuerySet:
    """Published 典型案例: only the texts staff wrote for the public (no complainant, and not the
    subject name as typed by the complainant, which may name a person)."""
    return (
        Case.objects.filter(is_typical=True)
        .order_by("-typical_published_at")
        .only(
            "pk",
            "kind",
            "category",
            "subject_name",
            "typical_title",
            "typical_summary",
            "typical_outcome",
            "typical_published_at",
            "concluded_at",
        )
    )


def subject_lookup(query: str) -> list[dict]:
    """Non-person subjects by name (at least 2 characters) or exact code: name and USCC only."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    subjects = Subject.objects.exclude(kind=Subject.Kind.PERSON)
    code = normalize_code(query)
    if len(code) == 18 and code.isalnum():
        found = subjects.filter(uscc=code)
    else:
        found = subjects.filter(name__contains=query).order_by("name")
    return [
        {"id": s.pk, "name": s.name, "uscc": s.uscc or ""}
        for s in found.only("pk", "name", "uscc")[:SUBJECT_LOOKUP_LIMIT]
    ]


def waiting_counts(user) -> dict:
    """What waits for the user in the workspace: cases to accept (credit office) or to handle
    (departments), and those past their deadline."""
    cases = permissions.visible_cases(user, Case.objects.all())
    if permissions.is_credit_office(user):
        waiting = cases.filter(state__in=states.AWAITING_ACCEPTANCE)
    else:
        waiting = cases.filter(state__in=states.BEING_HANDLED)
    return {
        "office": permissions.is_credit_office(user),
        "waiting": waiting.count(),
        "overdue": cases.filter(deadlines.overdue_q()).count(),
    }
