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

from publicity.rules import today, window_ended_q
from publicity.selectors import forget_published_counts
from records.audit import audit_log
from records.kinds import RECORD_KINDS
from records.models import AbnormalOperation, AuditEntry, ListEntry, RecordStatus

# Ids listed in the audit entry of one run and kind (the count is always exact).
AUDIT_ID_LIMIT = 1000


def expire_publications(on: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Mark published records whose window ended by `on` as expired; return counts per kind."""
    on = on or today()
    counts = {}
    for slug, kind in RECORD_KINDS.items():
        model = kind.model
        ended = model.objects.filter(window_ended_q(model, on))
        batches = []
        if issubclass(model, ListEntry | AbnormalOperation):
            removed = Q(removed_on__isnull=False, removed_on__lte=on)
            batches.append((ended.filter(removed), _("已移出名单")))
            ended = ended.exclude(removed)
        batches.append((ended, _("公示期满")))
        total = 0
        for queryset, reason in batches:
            ids = list(queryset.values_list("pk", flat=True))
            if not ids:
                continue
            total += len(ids)
            if dry_run:
                continue
            now = timezone.now()
            with transaction.atomic():
                # Guarded by status so a concurrent run cannot count a row twice.
                model.objects.filter(pk__in=ids, status=RecordStatus.PUBLISHED).update(
                    status=RecordStatus.EXPIRED, status_reason=reason, status_changed_at=now, updated_at=now
                )
                audit_log(
                    AuditEntry.Action.EXPIRE,
                    None,
                    model=model,
                    changes={
                        "status": [RecordStatus.PUBLISHED, RecordStatus.EXPIRED],
                        "count": len(ids),
                        "ids": ids[:AUDIT_ID_LIMIT],
                    },
                    reason=f"{kind.label}：{reason}（{on.isoformat()}）",
                )
        if total:
            counts[slug] = total
    if counts and not dry_run:
        forget_published_counts()
    return counts
