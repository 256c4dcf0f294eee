"""Reads for staff pages: who may report for which department, batches, timeliness."""

import datetime

from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import TruncDate

from records import staff
from records.models import Department, ImportRow, IngestBatch, Penalty, Permit

TIMELINESS_KINDS = {"permit": Permit, "penalty": Penalty}


def reporting_departments(user):
    """Departments a user may report for: all of them for the credit office (its roles, superusers
    and holders of records.import_any_department), otherwise the user's own department
    (records.staff: the StaffProfile link)."""
    qs = Department.objects.filter(is_active=True).select_related("region")
    if staff.is_credit_office(user) or user.has_perm("records.import_any_department"):
        return qs
    department = staff.user_department(user)
    return qs.filter(pk=department.pk) if department else qs.none()


def reported_about_q(department) -> Q:
    """Subjects `department` has reported at least one record about (any kind, any status)."""
    from records.kinds import RECORD_KINDS

    models = sorted({kind.model._meta.concrete_model for kind in RECORD_KINDS.values()}, key=str)
    q = Q()
    for model in models:
        q |= Q(Exists(model._base_manager.filter(subject=OuterRef("pk"), department=department)))
    return q


def sees_all_person_details(user) -> bool:
    """The credit office sees natural persons' ID numbers, phones and addresses; a department
    only those of persons it has reported a record about (personal data on a need to know)."""
    return staff.is_credit_office(user)


def person_details_visible(user, subject) -> bool:
    if not subject.is_person or sees_all_person_details(user):
        return True
    department = staff.user_department(user)
    if department is None:
        return False
    return type(subject)._base_manager.filter(pk=subject.pk).filter(reported_about_q(department)).exists()


def recent_batches(departments):
    return (
        IngestBatch.objects.filter(department__in=departments)
        .select_related("department", "user", "token")
        .order_by("-started_at", "-id")
    )


def batch_preview_errors(batch: IngestBatch, limit: int = 50) -> list[dict]:
    rows = ImportRow.objects.filter(batch=batch, rejected=True).order_by("line")[:limit]
    return [{"line": r.line, "errors": r.errors} for r in rows]


def timeliness_departments(user):
    """Whose timeliness `user` may read: nothing (None, refused) without the permission
    records.view_timeliness; every department for the credit office and auditors; their own
    department's for everyone else holding it (a department operator), None without one."""
    if not user.has_perm("records.view_timeliness"):
        return None
    if staff.sees_all_departments(user):
        return Department.objects.all()
    department = staff.user_department(user)
    if department is not None:
        return Department.objects.filter(pk=department.pk)
    return None


def timeliness_counts(records) -> dict[int, dict]:
    """Per department id: how many of `records` (a queryset of permits or penalties) there are,
    how many were late and the sum of their days past the deadline. The one definition of on
    time: the `is_late` flag records.deadlines set when the record arrived (7 working days)."""
    delay = ExpressionWrapper(TruncDate("reported_at") - F("report_deadline"), output_field=DurationField())
    rows = records.values("department_id").annotate(
        total=Count("id"),
        late=Count("id", filter=Q(is_late=True)),
        delay=Avg(delay, filter=Q(is_late=True)),
    )
    out: dict[int, dict] = {}
    for r in rows:
        acc = out.setdefault(r["department_id"], {"total": 0, "late": 0, "delay_days_sum": 0.0})
        acc["total"] += r["total"]
        acc["late"] += r["late"]
        if r["delay"] is not None:
            acc["delay_days_sum"] += _days(r["delay"]) * r["late"]
    return out


def timeliness_summary(date_from: datetime.date, date_to: datetime.date, kind: str = "", departments=None):
    """Per department (of `departments`, default all): permits and penalties decided in the
    period, on time, late, late share, and the average days past the deadline of the late ones
    (calendar days)."""
    models = [TIMELINESS_KINDS[kind]] if kind in TIMELINESS_KINDS else list(TIMELINESS_KINDS.values())
    per_dept: dict = {}
    for model in models:
        decided = model.objects.filter(decision_date__gte=date_from, decision_date__lte=date_to)
        if departments is not None:
            decided = decided.filter(department__in=departments)
        for dept_id, counts in timeliness_counts(decided).items():
            acc = per_dept.setdefault(dept_id, {"total": 0, "late": 0, "delay_days_sum": 0.0})
            for key in acc:
                acc[key] += counts[key]
    departments = Department.objects.in_bulk(list(per_dept))
    out = []
    for dept_id, acc in per_dept.items():
        out.append(_row(departments[dept_id], acc))
    out.sort(key=lambda r: (-r["late_rate"], -r["total"], r["department"].name))
    total = _row(
        None,
        {
            "total": sum(a["total"] for a in per_dept.values()),
            "late": sum(a["late"] for a in per_dept.values()),
            "delay_days_sum": sum(a["delay_days_sum"] for a in per_dept.values()),
        },
    )
    return out, total


def _days(value) -> float:
    if isinstance(value, datetime.timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000  # microseconds on backends without an interval type


def _row(department, acc) -> dict:
    total, late = acc["total"], acc["late"]
    return {
        "department": department,
        "total": total,
        "on_time": total - late,
        "late": late,
        "late_rate": (late / total) if total else 0.0,
        "avg_delay_days": (acc["delay_days_sum"] / late) if late else None,
    }


def workflow_counts(user, status: str) -> list[tuple]:
    """(kind, count) of the records in `status` the user may see, per kind with any."""
    from records.kinds import RECORD_KINDS

    out = []
    for kind in RECORD_KINDS.values():
        opts = kind.model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        count = staff.scope_to_department(kind.model.objects.filter(status=status), user).count()
        if count:
            out.append((kind, count))
    return out


def open_appeal_counts(user) -> list[tuple]:
    """(model, status, count) of credit repairs and objections waiting for the user's step: the
    credit office accepts, the department verifies or handles."""
    from records.models import CreditRepair, Objection

    waiting = []
    office = staff.is_credit_office(user)
    for model, office_status, department_status in (
        (CreditRepair, CreditRepair.Status.PENDING_REVIEW, CreditRepair.Status.PENDING_VERIFY),
        (Objection, Objection.Status.SUBMITTED, Objection.Status.HANDLING),
    ):
        if not user.has_perm(f"records.change_{model._meta.model_name}"):
            continue
        status = office_status if office else department_status
        count = staff.scope_to_department(model.objects.filter(status=status), user).count()
        waiting.append((model, status, count))
    return waiting


def commitment_templates() -> dict:
    """{commitment type: its first active standard text (CommitmentTemplate)} for the online form."""
    from records.models import CommitmentTemplate

    found = {}
    for template in CommitmentTemplate.objects.filter(is_active=True):
        found.setdefault(template.commitment_type, template)
    return found


def commitment_departments():
    """The departments a commitment can be made to online: every active department."""
    return Department.objects.filter(is_active=True).select_related("region")


def rating_agencies_with_counts(queryset, on: datetime.date | None = None):
    """Registered rating agencies with how many of their ratings are valid (published and not
    past 有效期至), expired, and disputed (under an open objection), as of `on`."""
    from django.utils import timezone

    from records.models import Objection, RecordStatus

    on = on or timezone.localdate()
    disputed_ids = Objection.objects.filter(record_kind="rating", status__in=Objection.OPEN_STATUSES).values(
        "record_id"
    )
    not_past = Q(ratings__valid_until__isnull=True) | Q(ratings__valid_until__gte=on)
    return queryset.annotate(
        valid_count=Count(
            "ratings", filter=Q(ratings__status=RecordStatus.PUBLISHED) & not_past, distinct=True
        ),
        expired_count=Count(
            "ratings",
            filter=Q(ratings__valid_until__lt=on) | Q(ratings__status=RecordStatus.EXPIRED),
            distinct=True,
        ),
        disputed_count=Count("ratings", filter=Q(ratings__id__in=disputed_ids), distinct=True),
    )


def case_reporting(month: datetime.date, on: datetime.date | None = None) -> dict:
    """Who reported the typical cases of `month` (seed task (十)): one row per active department
    outside the credit office, with its cases, its "本月无" declaration and whether it is late
    (nothing reported after the due day, or reported after it)."""
    from django.db.models import Min
    from django.utils import timezone

    from records.deadlines import typical_cases_due
    from records.models import MeasureCase, MeasureCaseNone

    month = month.replace(day=1)
    on = on or timezone.localdate()
    due = typical_cases_due(month)
    cases = {
        row["department_id"]: row
        for row in MeasureCase.objects.filter(month=month)
        .values("department_id")
        .annotate(
            n=Count("id"),
            published=Count("id", filter=Q(published_at__isnull=False)),
            first=Min("created_at"),
        )
    }
    nones = dict(MeasureCaseNone.objects.filter(month=month).values_list("department_id", "declared_at"))
    rows = []
    for department in Department.objects.filter(is_active=True, is_credit_office=False).select_related(
        "region"
    ):
        row = {"department": department, "cases": 0, "published": 0, "reported_on": None}
        found = cases.get(department.pk)
        if found:
            row.update(cases=found["n"], published=found["published"], reported_on=found["first"])
            row["state"] = "cases"
        elif department.pk in nones:
            row.update(reported_on=nones[department.pk], state="none")
        else:
            row["state"] = "late" if on > due else "pending"
        if row["reported_on"] is not None:
            row["reported_on"] = timezone.localdate(row["reported_on"])
            row["late"] = row["reported_on"] > due
        else:
            row["late"] = row["state"] == "late"
        rows.append(row)
    counts = {
        state: sum(1 for r in rows if r["state"] == state) for state in ("cases", "none", "late", "pending")
    }
    return {"month": month, "due": due, "rows": rows, "counts": counts}
