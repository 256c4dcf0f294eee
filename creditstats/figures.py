"""Every figure of the monthly 《信用信息共享共用重点工作进展情况统计表》 (seed task 三(二)), in one
place: the staff page, the XLSX export, the snapshot command and the public 信用统计 page all
read what `monthly_figures` computes (live) or what a MonthlySnapshot stored from it.

A month runs in Beijing time (Asia/Shanghai, the project's TIME_ZONE). The units are the
province level, the ten cities, 杨凌示范区 and 韩城市 (Region rows of level province or city,
records/migrations/0002_regions.py); a department counts towards the unit its region belongs to
(a county department towards its city). A unit's figures are the sum of its departments' plus
what belongs to no department:

- records reported: records of each kind whose reported_at falls in the month and that reached
  the platform (not a draft, a submitted or a returned hand-entered record);
- permits and penalties on time / late: the same records split by `is_late`, the flag
  records.deadlines sets on arrival (7 working days; records.selectors.timeliness_counts);
  on-time rate = on time / (permits + penalties);
- other kinds ("at least monthly"): records of the other kinds reported in the month; a
  department (active, not the credit office) with none is listed as having reported nothing;
- certificates: documents of the query log (publicity.certificates Certificate) issued in the
  month (with their PDF; a department system's credit check through the API has none and counts
  as 接口信用核查), by document type and purpose; a request from a registered department counts for its
  unit, the public's and subjects' own requests for the province level;
- complaints: cases submitted in the month count for the unit of the subject's region (the
  province level when the subject is unknown); forwarded, concluded (the department replied)
  and overdue (its due date fell in the month, up to yesterday, without a reply by then)
  count per department the case was forwarded to;
- repairs and objections: applications submitted (received) and closed (decided) in the
  month, for the handling department;
- list entries: red/black list entries decided (added) and removed in the month;
- typical cases: MeasureCase rows of the month.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Assignment, Case
from complaints.states import AssignmentStatus
from publicity.certificates.models import Certificate
from records.kinds import RECORD_KINDS
from records.models import (
    UNAPPROVED_STATUSES,
    CreditRepair,
    Department,
    ListEntry,
    MeasureCase,
    Objection,
    Region,
)
from records.selectors import TIMELINESS_KINDS, timeliness_counts

PROVINCE_LEVEL = Region.Level.PROVINCE
UNIT_LEVELS = (Region.Level.PROVINCE, Region.Level.CITY)
OTHER_KINDS = [slug for slug in RECORD_KINDS if slug not in TIMELINESS_KINDS]
DOC_TYPE_KEYS = {
    Certificate.DocType.QUERY_RESULT: "cert_query",
    Certificate.DocType.REPORT: "cert_report",
    Certificate.DocType.REPAIR_NOTICE: "cert_repair_notice",
    Certificate.DocType.API_CHECK: "cert_api_check",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str
    is_rate: bool = False


def _columns() -> list[Column]:
    reported = _("信息报送（条）")
    timely = _("行政许可、行政处罚报送及时性（7个工作日）")
    monthly = _("其他信息按月报送")
    certs = _("信用核查、查询结果和信用报告（份）")
    complaints = _("投诉举报（件）")
    appeals = _("信用修复和异议申诉（件）")
    lists = _("红黑名单（条）")
    cases = _("联合奖惩典型案例（件）")
    return [
        *[Column(f"reported_{slug}", kind.label, reported) for slug, kind in RECORD_KINDS.items()],
        Column("reported_total", _("报送合计"), reported),
        Column("permit_on_time", _("行政许可按时"), timely),
        Column("permit_late", _("行政许可逾期"), timely),
        Column("penalty_on_time", _("行政处罚按时"), timely),
        Column("penalty_late", _("行政处罚逾期"), timely),
        Column("on_time_rate", _("按时报送率"), timely, is_rate=True),
        Column("reported_other", _("其他类别报送"), monthly),
        Column("silent_departments", _("未报送部门数"), monthly),
        Column("cert_query", _("信用信息查询结果"), certs),
        Column("cert_report", _("专项信用报告"), certs),
        Column("cert_repair_notice", _("信用修复告知书"), certs),
        Column("cert_api_check", _("接口信用核查"), certs),
        *[Column(f"purpose_{value}", label, certs) for value, label in Certificate.Purpose.choices],
        Column("complaints_received", _("收到投诉举报"), complaints),
        Column("complaints_forwarded", _("转办投诉举报"), complaints),
        Column("complaints_concluded", _("办结投诉举报"), complaints),
        Column("complaints_overdue", _("超期未办结"), complaints),
        Column("repairs_received", _("信用修复申请"), appeals),
        Column("repairs_decided", _("信用修复办结"), appeals),
        Column("objections_received", _("异议申诉"), appeals),
        Column("objections_decided", _("异议办结"), appeals),
        Column("list_added", _("列入名单"), lists),
        Column("list_removed", _("移出名单"), lists),
        Column("typical_cases", _("报送典型案例"), cases),
    ]


COLUMNS = _columns()
COUNT_KEYS = [c.key for c in COLUMNS if not c.is_rate]


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    start: datetime.datetime  # aware, Beijing midnight of `first`
    end: datetime.datetime  # aware, Beijing midnight after `last` (exclusive)

    @property
    def label(self) -> str:
        return f"{self.first:%Y-%m}"

    def moments(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})

    def dates(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.first, f"{field}__lte": self.last})


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def previous_month(month: datetime.date | None = None) -> datetime.date:
    """The month before `month` (default: before the current Beijing month)."""
    month = month or timezone.localdate()
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def parse_month(text: str) -> datetime.date:
    """'2026-11' -> 2026-11-01; ValueError for anything else."""
    year, _sep, month = (text or "").strip().partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and len(month) in (1, 2)):
        raise ValueError(text)
    return datetime.date(int(year), int(month), 1)


def month_period(month: datetime.date) -> Period:
    first = month.replace(day=1)
    after = next_month(first)
    tz = timezone.get_current_timezone()
    return Period(
        first=first,
        last=after - datetime.timedelta(days=1),
        start=datetime.datetime.combine(first, datetime.time.min, tzinfo=tz),
        end=datetime.datetime.combine(after, datetime.time.min, tzinfo=tz),
    )


def units() -> list[Region]:
    return list(Region.objects.filter(level__in=UNIT_LEVELS).order_by("sort_order", "code"))


class _UnitOf:
    """The unit (province or city Region) of any region, walking up the parents once each."""

    def __init__(self):
        self.regions = {r.pk: r for r in Region.objects.all()}
        self.province = next((r for r in self.regions.values() if r.level == PROVINCE_LEVEL), None)
        self.cache: dict[int, Region] = {}

    def __call__(self, region_id) -> Region | None:
        if region_id is None:
            return self.province
        if region_id not in self.cache:
            region = self.regions.get(region_id)
            while region is not None and region.level not in UNIT_LEVELS:
                region = self.regions.get(region.parent_id)
            self.cache[region_id] = region or self.province
        return self.cache[region_id]


def _reached_platform():
    return ~Q(status__in=UNAPPROVED_STATUSES)


def _issued(period: Period):
    # A document whose PDF failed to render was never handed out; an API credit check has no PDF.
    handed_out = ~Q(pdf_sha256="") | Q(doc_type=Certificate.DocType.API_CHECK)
    return Certificate.objects.filter(period.moments("issued_at")).filter(handed_out)


def _department_counters(period: Period) -> dict[int, Counter]:
    per_dept: dict[int, Counter] = {}

    def add(dept_id, key, n=1):
        if dept_id is not None and n:
            per_dept.setdefault(dept_id, Counter())[key] += n

    for slug, kind in RECORD_KINDS.items():
        reported = kind.model.objects.filter(period.moments("reported_at")).filter(_reached_platform())
        if slug in TIMELINESS_KINDS:
            for dept_id, acc in timeliness_counts(reported).items():
                add(dept_id, f"reported_{slug}", acc["total"])
                add(dept_id, f"{slug}_late", acc["late"])
                add(dept_id, f"{slug}_on_time", acc["total"] - acc["late"])
            continue
        for row in reported.values("department_id").annotate(n=Count("id")):
            add(row["department_id"], f"reported_{slug}", row["n"])
            add(row["department_id"], "reported_other", row["n"])

    certificates = _issued(period).values("department_id", "doc_type", "purpose").annotate(n=Count("id"))
    for row in certificates:
        add(row["department_id"], DOC_TYPE_KEYS.get(row["doc_type"], "cert_query"), row["n"])
        add(row["department_id"], f"purpose_{row['purpose']}", row["n"])

    forwarded = Assignment.objects.filter(period.moments("forwarded_at"))
    for row in forwarded.values("department_id").annotate(n=Count("id")):
        add(row["department_id"], "complaints_forwarded", row["n"])
    concluded = Assignment.objects.filter(period.moments("replied_at"), status=AssignmentStatus.REPLIED)
    for row in concluded.values("department_id").annotate(n=Count("id")):
        add(row["department_id"], "complaints_concluded", row["n"])
    for assignment in _overdue_assignments(period):
        add(assignment.department_id, "complaints_overdue")

    for model, prefix in ((CreditRepair, "repairs"), (Objection, "objections")):
        for row in (
            model.objects.filter(period.moments("submitted_at"))
            .values("department_id")
            .annotate(n=Count("id"))
        ):
            add(row["department_id"], f"{prefix}_received", row["n"])
        for row in (
            model.objects.filter(period.moments("closed_at")).values("department_id").annotate(n=Count("id"))
        ):
            add(row["department_id"], f"{prefix}_decided", row["n"])

    entries = ListEntry.objects.filter(_reached_platform())
    for row in entries.filter(period.dates("decision_date")).values("department_id").annotate(n=Count("id")):
        add(row["department_id"], "list_added", row["n"])
    for row in entries.filter(period.dates("removed_on")).values("department_id").annotate(n=Count("id")):
        add(row["department_id"], "list_removed", row["n"])

    for row in MeasureCase.objects.filter(month=period.first).values("department_id").annotate(n=Count("id")):
        add(row["department_id"], "typical_cases", row["n"])
    return per_dept


def _overdue_assignments(period: Period):
    """Forwarded complaints whose due date fell in the month (up to yesterday) with no reply by
    the end of that day. Each late assignment counts once, in the month its deadline passed."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    last = min(period.last, yesterday)
    due = Assignment.objects.filter(due__gte=period.first, due__lte=last).exclude(
        status=AssignmentStatus.RETURNED
    )
    for assignment in due.only("department_id", "due", "replied_at"):
        replied_on = timezone.localdate(assignment.replied_at) if assignment.replied_at else None
        if replied_on is None or replied_on > assignment.due:
            yield assignment


def _unit_extras(period: Period, unit_of: _UnitOf) -> dict[int, Counter]:
    """What counts for a unit without a department: complaints received, anonymous requests."""
    extras: dict[int, Counter] = {}
    cases = (
        Case.objects.filter(period.moments("submitted_at"))
        .values("subject__region_id")
        .annotate(n=Count("id"))
    )
    for row in cases:
        unit = unit_of(row["subject__region_id"])
        if unit is not None:
            extras.setdefault(unit.pk, Counter())["complaints_received"] += row["n"]
    certificates = (
        _issued(period).filter(department__isnull=True).values("doc_type", "purpose").annotate(n=Count("id"))
    )
    province = unit_of(None)
    for row in certificates:
        if province is None:
            break
        acc = extras.setdefault(province.pk, Counter())
        acc[DOC_TYPE_KEYS.get(row["doc_type"], "cert_query")] += row["n"]
        acc[f"purpose_{row['purpose']}"] += row["n"]
    return extras


def finish(counter: Counter) -> dict:
    """A row's figures: every count (0 when none), the totals and the on-time rate."""
    figures = {key: int(counter.get(key, 0)) for key in COUNT_KEYS}
    figures["reported_total"] = sum(figures[f"reported_{slug}"] for slug in RECORD_KINDS)
    figures["reported_other"] = sum(figures[f"reported_{slug}"] for slug in OTHER_KINDS)
    figures["on_time_rate"] = on_time_rate(figures)
    return figures


def on_time_rate(figures: dict) -> float | None:
    timely = sum(figures.get(f"reported_{slug}", 0) for slug in TIMELINESS_KINDS)
    on_time = sum(figures.get(f"{slug}_on_time", 0) for slug in TIMELINESS_KINDS)
    return round(on_time / timely, 4) if timely else None


def _must_report(department: Department) -> bool:
    return department.is_active and not department.is_credit_office


def monthly_figures(month: datetime.date) -> dict:
    """The month's table, computed now from the live data."""
    period = month_period(month)
    unit_of = _UnitOf()
    per_dept = _department_counters(period)
    extras = _unit_extras(period, unit_of)

    departments = Department.objects.filter(Q(is_active=True) | Q(pk__in=list(per_dept))).select_related(
        "region"
    )
    unit_counters: dict[int, Counter] = {u.pk: Counter(extras.get(u.pk, {})) for u in units()}
    dept_rows = []
    for department in sorted(
        departments, key=lambda d: (unit_of(d.region_id).sort_order, unit_of(d.region_id).code, d.name)
    ):
        counter = Counter(per_dept.get(department.pk, {}))
        silent = _must_report(department) and not counter.get("reported_other")
        counter["silent_departments"] = int(silent)
        unit = unit_of(department.region_id)
        unit_counters.setdefault(unit.pk, Counter()).update(counter)
        dept_rows.append(
            {
                "unit": f"department:{department.uscc}",
                "name": department.name,
                "unit_code": unit.code,
                "department_id": department.pk,
                "figures": finish(counter),
            }
        )
    regions = {r.pk: r for r in units()}
    unit_rows = [
        {
            "unit": f"region:{r.code}",
            "name": r.name,
            "unit_code": r.code,
            "figures": finish(unit_counters[pk]),
        }
        for pk, r in regions.items()
    ]
    total = Counter()
    for counter in unit_counters.values():
        total.update(counter)
    return {
        "month": period.label,
        "units": unit_rows,
        "departments": dept_rows,
        "total": finish(total),
        "generated_at": None,
        "generated_by": "",
        "live": True,
    }
