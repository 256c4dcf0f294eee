"""Background work of the records app, run by the task worker (config.settings TASKS).

A file import is staged by the upload request and then ingested here, a step at a time, until
the batch is done: closing the browser tab does not stop it, and the progress the page shows is
read from the batch. Every step is its own transaction that moves `processed_rows` on, so a
worker killed mid-way loses at most the step it was in; `resume_imports()` (run by
`manage.py worker` at start and every minute) enqueues a batch again when nothing has moved it
for IMPORT_STALE_SECONDS, and the next worker carries on from `processed_rows`.
"""

import datetime
import time

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task

from records.ingest.uploads import upload_step
from records.models import IngestBatch

FINISHED = (IngestBatch.Status.DONE, IngestBatch.Status.FAILED)


@task()
def run_import(batch_id: int) -> str:
    conflicts = 0
    while True:
        try:
            batch = upload_step(batch_id)
        except OperationalError:
            # A deadlock or lock timeout with another writer: the step rolled back, try it again.
            conflicts += 1
            if conflicts > 20:
                raise
            time.sleep(min(conflicts, 5))
            continue
        if batch.status in FINISHED:
            return batch.status


def start_import(batch: IngestBatch) -> None:
    run_import.enqueue(batch.pk)


def resume_imports(now: datetime.datetime | None = None) -> list[int]:
    """Uploads that stopped moving (their worker died or the task was lost): enqueue them again."""
    now = now or timezone.now()
    stalled = list(
        IngestBatch.objects.filter(
            source=IngestBatch.Source.UPLOAD,
            updated_at__lt=now - datetime.timedelta(seconds=settings.IMPORT_STALE_SECONDS),
        )
        .exclude(status__in=FINISHED)
        .values_list("pk", flat=True)
    )
    for batch_id in stalled:
        # Touch it so the next sweep does not enqueue it again while this one is waiting.
        IngestBatch.objects.filter(pk=batch_id).update(updated_at=now)
        run_import.enqueue(batch_id)
    return stalled
