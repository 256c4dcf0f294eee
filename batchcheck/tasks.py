"""Background work of batch checks, run by the task worker (config.settings TASKS), in the
pattern of records.tasks: the request saves the matched list, the worker certifies it a step
at a time, and the page reads the progress from the check. `resume_batch_checks()` (the worker's
clock, portal.schedule) enqueues a check again when nothing moved it for IMPORT_STALE_SECONDS."""

import datetime
import time

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task

from batchcheck.models import BatchCheck
from batchcheck.services import batch_check_step


@task()
def run_batch_check(check_id: int) -> str:
    conflicts = 0
    while True:
        try:
            check = batch_check_step(check_id)
        except OperationalError:
            # A lock timeout with another writer: the row rolled back, try it again.
            conflicts += 1
            if conflicts > 20:
                raise
            time.sleep(min(conflicts, 5))
            continue
        if check.is_finished:
            return check.status


def start_batch_check(check: BatchCheck) -> None:
    run_batch_check.enqueue(check.pk)


def resume_batch_checks(now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    stalled = list(
        BatchCheck.objects.filter(
            updated_at__lt=now - datetime.timedelta(seconds=settings.IMPORT_STALE_SECONDS),
            status__in=[BatchCheck.Status.PENDING, BatchCheck.Status.RUNNING],
        ).values_list("pk", flat=True)
    )
    for check_id in stalled:
        BatchCheck.objects.filter(pk=check_id).update(updated_at=now)
        run_batch_check.enqueue(check_id)
    return stalled
