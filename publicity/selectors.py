"""Public reads: every function here selects records through publicity.rules."""

import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Window
from django.utils.translation import gettext_lazy as _

from portal.httpcache import public_pages_changed
from publicity.appeals.marks import objection_marks
from publicity.columns import COLUMNS, KIND_SUMMARY, date_label, for_table
from publicity.rules import is_public_subject, publishable, today
from publicity.tables import RecordTable, record_table
from records.codes import normalize_code
from records.kinds import RECORD_KINDS
from records.models import (
    AbnormalOperation,
    AdministrativeAction,
    Commitment,
    Inspection,
    ListEntry,
    ListType,
    Measure,
    Penalty,
    Permit,
    Rating,
    Subject,
)

COUNTS_CACHE_SECONDS = 300
COUNTS_KEEP_SECONDS = 2 * 24 * 3600
COUNTS_LOCK_SECONDS = 120
COUNTS_KEY = "publicity:counts"
COUNTS_LOCK = "publicity:counts:lock"
COUNTS_DIRTY = "publicity:counts:dirty"
# Largest primary key (bigint); a longer number in a URL is simply not found.
MAX_ID = 2**63 - 1
# At most this many records per table on a profile, newest first (the count is always exact).
PROFILE_RECORD_LIMIT = 500


def published_counts() -> dict[str, int] | None:
    """Publishable records per kind slug, for the home page; None while they have never been counted.

    Counting every publishable record takes seconds at millions of rows, so no request counts:
    the counts live in the shared cache and the task worker recounts them (publicity.tasks,
    every minute from portal.schedule when they are older than COUNTS_CACHE_SECONDS, from
    another day, or records changed since). A request that finds none asks the worker once
    and shows the page without them.
    """
    entry = cache.get(COUNTS_KEY)
    if entry is None:
        request_recount()
        entry = cache.get(COUNTS_KEY)  # the immediate backend (tests, no worker) has counted
    return None if entry is None else entry["counts"]


def counts_due(now: float | None = None) -> bool:
    entry = cache.get(COUNTS_KEY)
    if entry is None:
        return True
    now = time.time() if now is None else now
    return (
        entry["day"] != today().isoformat()
        or now - entry["at"] >= COUNTS_CACHE_SECONDS
        or cache.get(COUNTS_DIRTY, 0) >= entry["at"]
    )


def recount_published() -> dict[str, int]:
    """Count now (the worker's job) and keep the counts in the shared cache."""
    started = time.time()
    try:
        counts = {slug: publishable(kind.model).count() for slug, kind in RECORD_KINDS.items()}
        entry = {"day": today().isoformat(), "at": started, "counts": counts}
        before = cache.get(COUNTS_KEY)
        cache.set(COUNTS_KEY, entry, COUNTS_KEEP_SECONDS)
        if before is None or before["counts"] != counts:
            public_pages_changed()  # the home page shows them
    finally:
        cache.delete(COUNTS_LOCK)
    return counts


def request_recount() -> None:
    """Have the worker recount, once: while a recount is queued or running nobody enqueues
    another (the every-minute check catches whatever changes after it started)."""
    from publicity.tasks import recount_published_counts

    if cache.add(COUNTS_LOCK, 1, COUNTS_LOCK_SECONDS):
        recount_published_counts.enqueue()


def forget_published_counts() -> None:
    """Records changed (staff publish, withdraw, repair, end publications): the counts are out
    of date. They keep being shown until the worker has recounted, which is asked for now (the
    task row commits with the change, so the worker counts what the change wrote)."""
    cache.set(COUNTS_DIRTY, time.time(), COUNTS_KEEP_SECONDS)
    request_recount()


def latest_in_column(column_slug: str, limit: int = 6) -> list:
    """The newest publishable records of a 信用公示 column (home page)."""
    column = COLUMNS[column_slug]
    return list(column.for_table(column.queryset()).order_by("-decision_date", "-id")[:limit])


# ---------------------------------------------------------------------------- badges


@dataclass(frozen=True)
class Badge:
    label: str
    css: str
    order: int


RED_BADGE = Badge(_("守信红名单"), "badge-red", 0)
SERIOUS_BADGE = Badge(_("严重失信主体名单"), "badge-black", 1)
BLACK_BADGE = Badge(_("失信惩戒名单"), "badge-black", 2)
ABNORMAL_BADGE = Badge(_("经营异常"), "badge-warn", 3)
PENALTY_BADGE = Badge(_("有行政处罚"), "badge-info", 4)


def _list_badge(polarity: str, is_serious: bool) -> Badge:
    if polarity == ListType.Polarity.RED:
        return RED_BADGE
    return SERIOUS_BADGE if is_serious else BLACK_BADGE


def badges_for(subject_ids) -> dict[int, list[Badge]]:
    """Badges per subject from its publishable records only (three queries for any number)."""
    ids = list(subject_ids)
    found: dict[int, set] = defaultdict(set)
    if not ids:
        return {}
    entries = publishable(ListEntry).filter(subject_id__in=ids)
    for sid, polarity, serious in entries.values_list(
        "subject_id", "list_type__polarity", "list_type__is_serious"
    ).distinct():
        found[sid].add(_list_badge(polarity, serious))
    for model, badge in ((AbnormalOperation, ABNORMAL_BADGE), (Penalty, PENALTY_BADGE)):
        for sid in (
            publishable(model).filter(subject_id__in=ids).values_list("subject_id", flat=True).distinct()
        ):
            found[sid].add(badge)
    return {sid: sorted(badges, key=lambda b: b.order) for sid, badges in found.items()}


# ---------------------------------------------------------------------------- subjects


def subject_by_key(key: str) -> Subject | None:
    """The subject a profile URL names: an 18-character USCC (any case) or a numeric id.

    Used by the profile, the certificate page and its issuing, and the record pages' link: a
    natural person is found only while on a publishable list entry (rules.is_public_subject).
    Never by a person's ID number.
    """
    code = normalize_code(key)
    qs = Subject.objects.select_related("region")
    if len(code) == 18:
        subject = qs.filter(uscc=code).first()
    elif code.isdigit() and 0 < int(code) <= MAX_ID:
        subject = qs.filter(pk=int(code)).first()
    else:
        return None
    if subject is None or not is_public_subject(subject):
        return None
    return subject


@dataclass
class KindSection:
    slug: str
    label: str
    records: list
    count: int
    table: RecordTable | None = None

    @property
    def shown_all(self) -> bool:
        return len(self.records) >= self.count


@dataclass
class SubjectProfile:
    subject: Subject
    sections: list[KindSection]
    badges: list[Badge]
    measures: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(s.count for s in self.sections)

    @property
    def list_entries(self) -> list:
        return next((s.records for s in self.sections if s.slug == "list_entry"), [])


# Tables read for a profile, with what each row needs joined.
# The record tables, each with a kind slug whose table columns it shows (the six kinds in
# AdministrativeAction share theirs).
_PROFILE_TABLES = [
    (Permit, "permit"),
    (Penalty, "penalty"),
    (AdministrativeAction, "reward"),
    (Inspection, "inspection"),
    (AbnormalOperation, "abnormal"),
    (ListEntry, "list_entry"),
    (Commitment, "commitment"),
    (Rating, "rating"),
]


def subject_profile(subject: Subject) -> SubjectProfile:
    """Everything public about a subject, in a fixed number of queries (one per record table,
    plus the measures), however many records it has."""
    by_kind: dict[str, list] = defaultdict(list)
    counts: dict[str, int] = {}
    for model, kind_slug in _PROFILE_TABLES:
        # The window count is taken before LIMIT: the exact number even when the list is cut.
        partition = [F("action_kind")] if model is AdministrativeAction else []
        qs = (
            for_table(publishable(model).filter(subject=subject), kind_slug)
            .annotate(kind_total=Window(Count("pk"), partition_by=partition or None))
            .order_by("-decision_date", "-id")[:PROFILE_RECORD_LIMIT]
        )
        for record in qs:
            by_kind[record.kind].append(record)
            counts[record.kind] = record.kind_total
    sections = []
    marked = objection_marks([record for records in by_kind.values() for record in records])
    for slug, kind in RECORD_KINDS.items():
        records = by_kind.get(slug, [])
        table = None
        if records:
            table = record_table(
                records,
                type(records[0]),
                KIND_SUMMARY[slug],
                date_label(slug),
                str(kind.label),
                show_subject=False,
                marked=marked,
            )
        sections.append(KindSection(slug, str(kind.label), records, counts.get(slug, 0), table))
    found = set()
    for entry in by_kind.get("list_entry", []):
        found.add(_list_badge(entry.list_type.polarity, entry.list_type.is_serious))
    if by_kind.get("abnormal"):
        found.add(ABNORMAL_BADGE)
    if by_kind.get("penalty"):
        found.add(PENALTY_BADGE)
    return SubjectProfile(
        subject=subject,
        sections=sections,
        badges=sorted(found, key=lambda b: b.order),
        measures=measures_for_subject(subject),
    )


# ---------------------------------------------------------------------------- records


def public_record(kind_slug: str, pk: int):
    """One record the public may see now, or None."""
    kind = RECORD_KINDS.get(kind_slug)
    if kind is None or not 0 < pk <= MAX_ID:
        return None
    qs = publishable(kind.model).select_related("subject", "subject__region", "department")
    if kind.model is ListEntry:
        qs = qs.select_related("list_type")
    return qs.filter(pk=pk).first()


def measures_for_subject(subject, on=None) -> list:
    """The joint reward and punishment measures that apply to `subject` through the list entries
    the public may see (on day `on`): the profile and the certificates show the same."""
    return list(
        Measure.objects.filter(
            is_active=True, list_types__entries__in=publishable(ListEntry, on).filter(subject=subject)
        )
        .distinct()
        .order_by("polarity", "id")
    )


def measures_for_entry(entry) -> list:
    return list(entry.list_type.measures.filter(is_active=True).order_by("id"))
