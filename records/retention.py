"""The end of personal data the record store keeps for a while (manage.py prune_personal_data).

- rejected import rows (the file's values, full ID numbers included, kept for the error report);
- staged rows of uploads that never finished (their batch is marked failed);
- evidence files of closed credit repair and objection cases (files deleted, rows kept and
  marked by a blank file name);
- the audit trail, only past settings.RETENTION_DAYS["audit"] (at least 180 days, 等保 level 3).

Each function takes the cut-off moment and dry_run, and returns how many it removed (or would).
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from portal.files import delete_stored_files
from records.models import AuditEntry, ImportRow, IngestBatch, ObjectionAttachment, RepairAttachment

UNFINISHED = [IngestBatch.Status.PENDING, IngestBatch.Status.RUNNING, IngestBatch.Status.FAILED]


def prune_rejected_rows(before, dry_run=False) -> int:
    rows = ImportRow.objects.filter(rejected=True).filter(
        Q(batch__finished_at__lt=before) | Q(batch__finished_at__isnull=True, batch__started_at__lt=before)
    )
    if dry_run:
        return rows.count()
    return rows.delete()[0]


def prune_abandoned_uploads(before, dry_run=False) -> tuple[int, int]:
    """Staged rows of uploads started before `before` and never finished; their batches are
    marked failed (they cannot resume without the rows). Returns (rows, batches)."""
    batches = IngestBatch.objects.filter(status__in=UNFINISHED, started_at__lt=before)
    rows = ImportRow.objects.filter(rejected=False, batch__in=batches)
    if dry_run:
        return rows.count(), batches.exclude(status=IngestBatch.Status.FAILED).count()
    with transaction.atomic():
        removed = rows.delete()[0]
        failed = batches.exclude(status=IngestBatch.Status.FAILED).update(
            status=IngestBatch.Status.FAILED, finished_at=timezone.now()
        )
    return removed, failed


def prune_appeal_evidence(before, dry_run=False) -> dict[str, int]:
    found = {
        "repair": RepairAttachment.objects.filter(repair__closed_at__lt=before),
        "objection": ObjectionAttachment.objects.filter(objection__closed_at__lt=before),
    }
    if dry_run:
        return {kind: qs.exclude(file="").count() for kind, qs in found.items()}
    return {kind: delete_stored_files(qs) for kind, qs in found.items()}


def prune_audit(before, dry_run=False) -> int:
    """Audit entries older than `before`, which is never later than 180 days ago."""
    floor = timezone.now() - datetime.timedelta(days=settings.AUDIT_MIN_RETENTION_DAYS)
    before = min(before, floor)
    # The base manager: AuditEntry.objects refuses every delete made by the application.
    old = AuditEntry._base_manager.filter(at__lt=before)
    if dry_run:
        return old.count()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The one sanctioned deletion of audit rows: the prune, past the retention period.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL records.audit_prune = 'on'")
        return old.delete()[0]
