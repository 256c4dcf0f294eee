"""Ending publications whose window has passed (run daily by `manage.py expire_publications`).

The public site already hides such records by date (publicity.rules); marking them 已到期 makes
the store say so too, for staff lists, exports and the API's change feed. Running it twice
changes nothing the second time.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from records import audit
from records.kinds import RECORD_KINDS
from records.models import AbnormalOperation, AuditEntry, ListEntry, Penalty, RecordStatus
from records.signals import announce_published_change
from records.visibility import today, window_ended_q

# Records marked (and audited) per transaction.
CHUNK = 5000


def expire_publications(on: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Mark published records whose window ended by `on` as expired; return counts per kind.
    Each record marked gets an audit entry (status before and after, the reason) in the same
    transaction, as the channel of the context it runs in (the command: "command")."""
    on = on or today()
    ctx = audit.current()
    channel = ctx.channel if ctx is not None else AuditEntry.Channel.SYSTEM
    counts = {}
    for slug, kind in RECORD_KINDS.items():
        model = kind.model
        ended = model.objects.filter(window_ended_q(model, on))
        batches = []
        if issubclass(model, ListEntry | AbnormalOperation):
            removed = Q(removed_on__isnull=False, removed_on__lte=on)
            batches.append((ended.filter(removed), _("已移出名单")))
            ended = ended.exclude(removed)
        if issubclass(model, Penalty):
            # Classes the rules in force on the decision date do not publish (轻微 under 第36号).
            unpublished = Q(publication_end__isnull=True)
            batches.append((ended.filter(unpublished), _("轻微失信行为，依规不予公示")))
            ended = ended.exclude(unpublished)
        batches.append((ended, _("公示期满")))
        total = 0
        for queryset, reason in batches:
            if dry_run:
                total += queryset.count()
                continue
            # In primary-key order, one chunk of ids at a time: memory stays that of one chunk
            # however many records end (a whole list of them took 342 MB at a million).
            last = 0
            while ids := list(
                queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK]
            ):
                total += _expire(model, ids, reason, on, channel)
                last = ids[-1]
        if total:
            counts[slug] = total
    if counts and not dry_run:
        announce_published_change()
    return counts


def _expire(model, ids: list[int], reason: str, on: datetime.date, channel: str) -> int:
    now = timezone.now()
    with transaction.atomic():
        # Locked and re-read by status so a concurrent run cannot mark (or audit) a row twice.
        rows = list(
            model.objects.select_for_update()
            .filter(pk__in=ids, status=RecordStatus.PUBLISHED)
            .values_list("pk", "subject_name", "document_number", "status_reason")
        )
        if not rows:
            return 0
        model.objects.filter(pk__in=[r[0] for r in rows]).update(
            status=RecordStatus.EXPIRED, status_reason=reason, status_changed_at=now, updated_at=now
        )
        changes = []
        for pk, name, document_number, old_reason in rows:
            change = {"status": [RecordStatus.PUBLISHED, RecordStatus.EXPIRED]}
            if old_reason != reason:
                change["status_reason"] = [old_reason, reason]
            changes.append(audit.Change(pk, f"{name} {document_number}", change, AuditEntry.Action.EXPIRE))
        audit.write_bulk(model, changes, channel=channel, reason=f"{reason}（{on.isoformat()}）", at=now)
    return len(rows)
