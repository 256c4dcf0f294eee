"""Reads of the government APIs: the credit check of one subject and the changes feed.

Both show only what publicity.rules allows (through records.visibility) and mask personal data
with the rules publicity.masking re-exports (records.codes), like every public page: a government system gets the public record, assembled for one decision.
"""

import base64
import binascii
import datetime
import re

from django.conf import settings
from django.db.models import BooleanField, Case, F, Prefetch, Value, When
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from records.codes import mask_id_number, public_address
from records.models import (
    AbnormalOperation,
    Commitment,
    ListEntry,
    ListType,
    Measure,
    Penalty,
    Rating,
    Region,
    Subject,
)
from records.models.base import UNAPPROVED_STATUSES
from records.models.subjects import INDUSTRY_CODE_PATTERN
from records.visibility import GOVERNMENT, publishable, visible_q


def _d(value):
    return value.isoformat() if value else None


def _amount(value):
    return float(value) if value is not None else None


def subject_brief(subject: Subject) -> dict:
    return {
        "id": subject.pk,
        "name": subject.name,
        "uscc": subject.uscc or "",
        "reg_no": subject.reg_no,
        "id_number": mask_id_number(subject.id_number),
        "kind": subject.kind,
        "kind_label": str(subject.get_kind_display()),
        "legal_rep": "" if subject.is_person else subject.legal_rep,
        "reg_authority": subject.reg_authority,
        "established_on": _d(subject.established_on),
        "status": subject.status,
        "status_label": str(subject.get_status_display()),
        "region": subject.region.code if subject.region_id else "",
        "region_name": subject.region.name if subject.region_id else "",
        "address": public_address(subject),
        "industry": subject.industry,
        "industry_code": subject.industry_code,
    }


def credit_check(subject: Subject) -> dict:
    """Everything on public record about one subject that bears on a decision about it."""
    active_measures = Prefetch("list_type__measures", queryset=Measure.objects.filter(is_active=True))
    entries = list(
        publishable(ListEntry.objects.filter(subject=subject))
        .select_related("list_type", "department")
        .prefetch_related(active_measures)
        .order_by("-decision_date", "-id")
    )
    lists = {"black": [], "red": []}
    for e in entries:
        lists[e.list_type.polarity].append(
            {
                "list_type": e.list_type.name,
                "polarity": e.list_type.polarity,
                "is_serious": e.list_type.is_serious,
                "field": e.list_type.field,
                "reason": e.reason,
                "document_number": e.document_number,
                "basis_document": e.basis_document,
                "deciding_authority": e.deciding_authority,
                "department": e.department.name,
                "entered_on": _d(e.decision_date),
                "publish_until": _d(e.publish_until),
                "measures": [
                    {
                        "name": m.name,
                        "content": m.content,
                        "basis_memorandum": m.basis_memorandum,
                        "implementing_department": m.implementing_department,
                    }
                    for m in e.list_type.measures.all()
                ],
            }
        )
    abnormal = [
        {
            "document_number": a.document_number,
            "reason": a.reason,
            "listed_on": _d(a.decision_date),
            "authority": a.authority,
        }
        for a in publishable(AbnormalOperation.objects.filter(subject=subject)).order_by(
            "-decision_date", "-id"
        )
    ]
    penalties = [
        {
            "document_number": p.document_number,
            "decision_date": _d(p.decision_date),
            "violation_type": p.violation_type,
            "legal_basis": p.legal_basis,
            "categories": p.category_list,
            "content": p.content,
            "fine_amount": _amount(p.fine_amount),
            "confiscated_amount": _amount(p.confiscated_amount),
            "severity": p.severity,
            "authority": p.authority,
            "department": p.department.name,
            "publish_until": _d(p.publish_until),
        }
        for p in publishable(Penalty.objects.filter(subject=subject))
        .select_related("department")
        .order_by("-decision_date", "-id")
    ]
    commitments = [
        {
            "code": c.document_number,
            "commitment_type": c.commitment_type,
            "matter": c.matter,
            "content": c.content,
            "made_on": _d(c.decision_date),
            "valid_until": _d(c.valid_until),
            "fulfilment": c.fulfilment,
            "unfulfilled_content": c.unfulfilled_content,
            "liability_pursued": c.liability_pursued,
            "determined_on": _d(c.determined_on),
            "accepting_unit": c.accepting_unit,
        }
        for c in publishable(Commitment.objects.filter(subject=subject), audience=GOVERNMENT).order_by(
            "-decision_date", "-id"
        )
    ]
    ratings = [
        {
            "rating_type": r.rating_type,
            "grade": r.grade,
            "scale": r.scale,
            "agency": r.agency,
            "issued_on": _d(r.decision_date),
            "valid_until": _d(r.valid_until),
        }
        for r in publishable(Rating.objects.filter(subject=subject)).order_by("-decision_date", "-id")
    ]
    return {
        "checked_at": timezone.now().isoformat(),
        "subject": subject_brief(subject),
        "flags": {
            "on_black_list": bool(lists["black"]),
            "on_serious_list": any(e["is_serious"] for e in lists["black"]),
            "on_red_list": bool(lists["red"]),
            "abnormal": bool(abnormal),
            "has_penalties": bool(penalties),
            "has_unfulfilled_commitments": any(
                c["fulfilment"] in ("部分履行", "全部未履行") for c in commitments
            ),
        },
        "black_list": lists["black"],
        "red_list": lists["red"],
        "abnormal": abnormal,
        "penalties": penalties,
        "commitments": commitments,
        "ratings": ratings,
    }


# ---------------------------------------------------------------------------------------- changes


class BadCursor(ValueError):
    pass


MAX_ID = 2**63 - 1  # the largest primary key (bigint)


# A cursor is "<microseconds since 1970 UTC>_<id>" of the last row sent: every string of that
# shape is a valid cursor (the OpenAPI schema gives the pattern), past the end it just has no rows.
CURSOR_PATTERN = r"^(\d{1,20}_\d{1,20})?$"
_CURSOR = re.compile(r"(\d{1,20})_(\d{1,20})")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def encode_cursor(moment: datetime.datetime, pk: int) -> str:
    return f"{max(0, (moment - _EPOCH) // datetime.timedelta(microseconds=1))}_{pk}"


def decode_cursor(cursor: str) -> tuple[datetime.datetime, int]:
    match = _CURSOR.fullmatch(cursor)
    if match:
        micros, pk = (int(g) for g in match.groups())
        try:
            moment = _EPOCH + datetime.timedelta(microseconds=micros)
        except OverflowError:
            moment = _LATEST
        return moment, min(pk, MAX_ID)
    try:  # the earlier form, base64 of "<ISO time>|<id>": cursors clients kept stay valid
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.split("|")
        moment = parse_datetime(stamp)
        if moment is None or timezone.is_naive(moment) or not 0 < int(pk) <= MAX_ID:
            raise ValueError
        return _in_range(moment), int(pk)
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise BadCursor(_("cursor 无效：请使用上次响应中的 next_cursor 原样传回")) from None


def parse_since(value: str) -> datetime.datetime:
    """A date or a date and time (ISO 8601); well-formed but impossible ones (9999-99-99) and
    moments outside what the database stores are refused like any other bad value."""
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                raise ValueError
            moment = datetime.datetime.combine(day, datetime.time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return _in_range(moment)
    except ValueError:
        raise BadCursor(_("since 应为日期或时间，如 2026-01-01 或 2026-01-01T08:00:00+08:00")) from None


_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)
_LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _in_range(moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC, as the database compares it; a moment whose UTC time falls before year
    1 or after 9999 (0001-01-01 in Beijing, 9999-12-31T23:00-12:00) means "from the start" or
    "nothing yet"."""
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        return _EARLIEST if moment.year < 5000 else _LATEST


def after_row(column: str, value, pk: int, descending: bool = False):
    """The keyset condition of a cursor: `(column, id) > (value, pk)` as one row comparison, which
    PostgreSQL answers as a range scan of a (column, id) index even when a million rows share
    one value (an OR of two conditions cannot use the index that way). SQLite has no row values
    in Django 5.2: it gets the same condition spelled out as an OR."""
    lookup = TupleLessThan if descending else TupleGreaterThan
    return lookup(Tuple(F(column), F("id")), (value, pk))


def _page(qs, cursor: str, since: str, limit: int):
    """Rows changed after the cursor, oldest first. Rows changed in the last few seconds wait for
    the next call: a transaction still committing could otherwise slip in behind the cursor."""
    horizon = timezone.now() - datetime.timedelta(seconds=settings.CHANGES_FEED_LAG_SECONDS)
    qs = qs.filter(updated_at__lte=horizon)
    start = parse_since(since) if since else None  # checked even when a cursor makes it moot
    if cursor:
        moment, pk = decode_cursor(cursor)
        qs = qs.filter(after_row("updated_at", moment, pk))
    elif start is not None:
        qs = qs.filter(updated_at__gte=start)
    rows = list(qs.order_by("updated_at", "id")[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].updated_at, rows[-1].pk) if rows else cursor
    return rows, next_cursor or "", has_more


REGION_PATTERN = r"^61\d{4}$"
INDUSTRY_PATTERN = INDUSTRY_CODE_PATTERN


def region_ids(code: str) -> list[int]:
    """The region with this GB/T 2260 code and every region under it: the province and all of
    it, a city and its counties, or one county. 杨凌示范区 and 韩城市 stand beside the cities (the
    seed addresses them so): 咸阳市 does not include 杨凌, nor 渭南市 韩城. An unknown code has none."""
    ids = list(Region.objects.filter(code=code).values_list("pk", flat=True))
    level = ids
    while level:
        level = list(Region.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids += level
    return ids


def subject_changes(
    cursor: str = "", since: str = "", limit: int = 100, region: str = "", industry: str = ""
) -> dict:
    """New and changed organisations and individual businesses (新登记和变更的市场主体), in a
    region (records.api.selectors.region_ids) and an industry (every subject whose
    国民经济行业分类 code starts with the one given) when given."""
    qs = Subject.objects.exclude(kind=Subject.Kind.PERSON).select_related("region")
    if region:
        # The few region ids first: the feed's (updated_at, id) keyset then filters by them.
        qs = qs.filter(region_id__in=region_ids(region))
    if industry:
        qs = qs.filter(industry_code__startswith=industry)
    rows, next_cursor, has_more = _page(qs, cursor, since, limit)
    results = [
        {
            **subject_brief(s),
            "created_at": s.created_at.isoformat(),
            "updated_at": s.updated_at.isoformat(),
        }
        for s in rows
    ]
    return {"results": results, "next_cursor": next_cursor, "has_more": has_more}


def list_entry_changes(cursor: str = "", since: str = "", limit: int = 100, polarity: str = "") -> dict:
    """New and changed red/black list entries that were approved for publication. An entry that
    is no longer public (removed, withdrawn, expired, repaired) comes with public=false and only
    what a consumer needs to drop it; one never approved (draft, awaiting review, returned) is
    not in the feed at all."""
    qs = (
        ListEntry.objects.exclude(status__in=UNAPPROVED_STATUSES).select_related(
            "list_type", "department", "subject"
        )
    ).annotate(
        public=Case(
            When(visible_q(ListEntry), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )
    if polarity in (ListType.Polarity.RED, ListType.Polarity.BLACK):
        qs = qs.filter(list_type__polarity=polarity)
    rows, next_cursor, has_more = _page(qs, cursor, since, limit)
    results = []
    for e in rows:
        item = {
            "id": e.pk,
            "public": e.public,
            "status": e.status,
            "document_number": e.document_number,
            "list_type": e.list_type.name,
            "polarity": e.list_type.polarity,
            "is_serious": e.list_type.is_serious,
            "subject_name": e.subject_name,
            "subject_uscc": e.subject_uscc,
            "subject_id_number": mask_id_number(e.id_number),
            "removed_on": _d(e.removed_on),
            "updated_at": e.updated_at.isoformat(),
        }
        if e.public:
            item.update(
                {
                    "reason": e.reason,
                    "deciding_authority": e.deciding_authority,
                    "department": e.department.name,
                    "entered_on": _d(e.decision_date),
                    "publish_until": _d(e.publish_until),
                }
            )
        results.append(item)
    return {"results": results, "next_cursor": next_cursor, "has_more": has_more}
