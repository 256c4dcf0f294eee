"""The repair propagation feed (第36号: stop sharing and use of a repaired record).

`delta_add` writes one ADD / MOD / DEL delta; `repair_feed` hands a consumer (a read token)
the deltas after its cursor, oldest first, and remembers how far it got, so
`pending_consumers` can tell staff which department systems and credit agencies have not yet
fetched a delta. A cursor is the sequence number of the last delta handed out (any string of
FEED_CURSOR_PATTERN is accepted, as the API documents), and the last few seconds wait for the
next call as in the changes feed (records.api.selectors): a transaction still committing could
otherwise slip in behind a cursor.
"""

import datetime
import re

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from records.models import ApiToken
from records.models.propagation import FeedPosition, RecordDelta

FEED_CURSOR_PATTERN = r"^\d{0,20}$"
_FEED_CURSOR = re.compile(r"\d{1,20}")
MAX_DELTA_ID = 2**63 - 1  # the largest primary key (bigint)


class BadFeedCursor(ValueError):
    pass


def delta_add(record, op: str, reason: str, repair=None) -> RecordDelta:
    return RecordDelta.objects.create(
        op=op,
        record_kind=record.kind,
        record_id=record.pk,
        document_number=record.document_number,
        subject_name=record.subject_name,
        subject_uscc=record.subject_uscc or (record.subject.uscc or ""),
        department=record.department,
        reason=reason[:300],
        repair=repair,
    )


def encode_feed_cursor(delta_id: int) -> str:
    return str(delta_id)


def decode_feed_cursor(cursor: str) -> int:
    if not _FEED_CURSOR.fullmatch(cursor):
        raise BadFeedCursor(_("cursor 无效：请使用上次响应中的 next_cursor 原样传回"))
    return min(int(cursor), MAX_DELTA_ID)


def active_consumers():
    """Read tokens in force: every department system and credit agency that pulls records."""
    now = timezone.now()
    return ApiToken.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        direction=ApiToken.Direction.READ,
        revoked_at__isnull=True,
    ).select_related("department")


def repair_feed(token, cursor: str = "", limit: int = 100) -> dict:
    """The deltas after `cursor` (from the start without one) for this consumer."""
    after = decode_feed_cursor(cursor) if cursor else 0
    horizon = timezone.now() - datetime.timedelta(seconds=settings.CHANGES_FEED_LAG_SECONDS)
    rows = list(
        RecordDelta.objects.filter(pk__gt=after, created_at__lte=horizon)
        .select_related("department")
        .order_by("pk")[: limit + 1]
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].pk if rows else after
    if rows:
        with transaction.atomic():
            position, _created = FeedPosition.objects.get_or_create(token=token)
            FeedPosition.objects.filter(pk=position.pk).update(
                delivered_id=Greatest(F("delivered_id"), last), fetched_at=timezone.now()
            )
    results = [
        {
            "seq": d.pk,
            "op": d.op,
            "record_kind": d.record_kind,
            "record_id": d.record_id,
            "document_number": d.document_number,
            "subject_name": d.subject_name,
            "subject_uscc": d.subject_uscc,
            "department": d.department.name,
            "department_uscc": d.department.uscc,
            "reason": d.reason,
            "at": d.created_at.isoformat(),
        }
        for d in rows
    ]
    return {"results": results, "next_cursor": encode_feed_cursor(last) if last else "", "has_more": has_more}


def pending_consumers(delta, consumers=None) -> list:
    """Active read tokens that have not yet been sent this delta."""
    consumers = list(active_consumers()) if consumers is None else consumers
    positions = dict(FeedPosition.objects.filter(token__in=consumers).values_list("token_id", "delivered_id"))
    return [t for t in consumers if positions.get(t.pk, 0) < delta.pk]
