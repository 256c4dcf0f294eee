"""What the task worker does on a clock, beside the tasks it is given (`manage.py worker`).

Every minute: deliver mail whose retry is due (outbox), enqueue file imports that stopped
moving (records.tasks) and batch credit checks likewise (batchcheck.tasks), recount the home
page's counts when they are stale (publicity.tasks). Once a day, from 01:00 Beijing time: end
expired publications and prune personal data past its retention (the same commands cron would
run), and make sure next year's partitions of the record tables exist (records.partitions). With several workers the daily jobs run once: the first worker to claim the day in the
shared cache runs them, and both jobs are idempotent should two ever overlap.
"""

import datetime
import logging

from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

log = logging.getLogger(__name__)

DAILY_FROM = datetime.time(1, 0)


def every_minute() -> None:
    from batchcheck.tasks import resume_batch_checks
    from outbox.services import deliver_due
    from publicity.tasks import recount_if_due
    from records.tasks import resume_imports

    delivered = deliver_due()
    resumed = resume_imports()
    recount_if_due()
    checks = resume_batch_checks()
    if delivered or resumed or checks:
        log.info(
            "schedule: %s mail attempts, %s imports and %s batch checks resumed",
            delivered,
            len(resumed),
            len(checks),
        )


def daily(now: datetime.datetime | None = None) -> bool:
    """Runs the daily jobs if it is past DAILY_FROM and nobody ran them today. True if it ran."""
    local = timezone.localtime(now or timezone.now())
    if local.time() < DAILY_FROM:
        return False
    if not cache.add(f"schedule:daily:{local.date().isoformat()}", "1", timeout=2 * 86400):
        return False
    for command in ("expire_publications", "prune_personal_data"):
        try:
            call_command(command, verbosity=0)
        except Exception:  # one failing job must not stop the other or the worker
            log.exception("schedule: %s failed", command)
    try:
        from records.partitions import ensure_partitions

        for name in ensure_partitions(local.year + 1):
            log.info("schedule: created partition %s", name)
    except Exception:
        log.exception("schedule: creating next year's partitions failed")
    return True


def tick() -> None:
    every_minute()
    daily()
