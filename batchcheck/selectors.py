"""Reads of the batch check: who may run and see checks, the bidders a list names, and the
credit summary of one subject. Only what publicity.rules lets the public see is read, so the
table says what the certificate beside it says; a person's ID number is masked."""

from collections import defaultdict

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from batchcheck.models import BatchCheck
from publicity.certificates.snapshot import subject_code
from publicity.rules import public_subjects, publishable
from records import staff
from records.models import AbnormalOperation, Commitment, ListEntry, Measure, Penalty, Rating, Subject

RUN = "batchcheck.add_batchcheck"
VIEW = "batchcheck.view_batchcheck"


def visible_checks(user):
    """Checks `user` may open: the credit office and auditors every one, others their department's."""
    return staff.scope_to_department(BatchCheck.objects.select_related("department", "user"), user)


def match_bidders(bidders) -> dict[tuple[str, str], list[Subject]]:
    """The public subjects each bidder names: by code (0 or 1), by exact name (0, 1 or more).
    Two queries for any list."""
    codes = [b.code for b in bidders if b.code]
    names = [b.name for b in bidders if not b.code]
    found: dict[tuple[str, str], list[Subject]] = defaultdict(list)
    qs = public_subjects(Subject.objects.select_related("region"))
    if codes:
        for subject in qs.filter(uscc__in=codes):
            found[("code", subject.uscc)].append(subject)
    if names:
        for subject in qs.filter(name__in=names).order_by("id"):
            found[("name", subject.name)].append(subject)
    return found


def candidate_codes(subjects) -> list[dict]:
    return [{"name": s.name, "code": subject_code(s)[1]} for s in subjects]


def _names(entries, polarity: str) -> list[str]:
    out = []
    for e in entries:
        if e.list_type.polarity == polarity and e.list_type.name not in out:
            out.append(e.list_type.name)
    return out


def credit_summary(subject: Subject, on=None) -> dict:
    """What a bidding official decides on, as plain JSON: list status and the measures that
    apply, abnormal operation, publishable penalties, commitments and ratings."""
    active = Prefetch("list_type__measures", queryset=Measure.objects.filter(is_active=True).order_by("id"))
    entries = list(
        publishable(ListEntry.objects.filter(subject=subject), on)
        .select_related("list_type")
        .prefetch_related(active)
        .order_by("-decision_date", "-id")
    )
    measures = []
    for e in entries:
        for m in e.list_type.measures.all():
            item = {"name": m.name, "polarity": m.polarity, "department": m.implementing_department}
            if item not in measures:
                measures.append(item)
    abnormal = list(
        publishable(AbnormalOperation.objects.filter(subject=subject), on)
        .order_by("-decision_date", "-id")
        .values_list("reason", flat=True)
    )
    commitments = [
        {
            "type": c.get_commitment_type_display(),
            "fulfilment": c.get_fulfilment_display() if c.fulfilment else "",
        }
        for c in publishable(Commitment.objects.filter(subject=subject), on).order_by("-decision_date", "-id")
    ]
    ratings = [
        {"type": r.rating_type, "grade": r.grade, "scale": r.scale, "agency": r.agency}
        for r in publishable(Rating.objects.filter(subject=subject), on).order_by("-decision_date", "-id")
    ]
    return {
        "red": _names(entries, "red"),
        "black": _names(entries, "black"),
        "measures": measures,
        "abnormal": abnormal,
        "penalties": publishable(Penalty.objects.filter(subject=subject), on).count(),
        "commitments": commitments,
        "ratings": ratings,
    }


# ------------------------------------------------------------------------- how a summary reads


def list_text(summary: dict) -> str:
    parts = []
    if summary.get("black"):
        parts.append(_("黑名单：%(names)s") % {"names": "、".join(summary["black"])})
    if summary.get("red"):
        parts.append(_("红名单：%(names)s") % {"names": "、".join(summary["red"])})
    return "；".join(parts) or _("未列入")


def measures_text(summary: dict) -> str:
    return "；".join(
        f"{m['name']}（{m['department']}）" if m.get("department") else m["name"]
        for m in summary.get("measures", [])
    )


def abnormal_text(summary: dict) -> str:
    reasons = summary.get("abnormal", [])
    if not reasons:
        return _("未列入")
    return _("列入经营异常名录（%(n)d条）：%(reasons)s") % {"n": len(reasons), "reasons": "；".join(reasons)}


def commitments_text(summary: dict) -> str:
    items = summary.get("commitments", [])
    if not items:
        return _("无")
    return _("%(n)d条：") % {"n": len(items)} + "；".join(
        f"{c['type']}（{c['fulfilment']}）" if c.get("fulfilment") else c["type"] for c in items
    )


def ratings_text(summary: dict) -> str:
    items = summary.get("ratings", [])
    if not items:
        return _("无")
    return "；".join(
        f"{r['type']} {r['grade']}" + (f"（{r['scale']}）" if r.get("scale") else "") for r in items
    )
