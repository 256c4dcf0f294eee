"""Queue a mail, deliver it, retry it with backoff. The one way the portal sends e-mail.

`queue()` writes the row and enqueues its delivery in the caller's transaction: with the
database task backend the worker sees both only once the caller commits, so a rolled-back
complaint sends nothing and a committed one is never lost. A failed attempt is retried after
RETRY_DELAYS (1 min, 5 min, 30 min, 2 h); after the last one the mail is 发送失败 and the staff
admin shows it (outbox.admin, and a banner on staff pages) with a button to send it again.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from outbox.models import OutgoingMail

log = logging.getLogger(__name__)

RETRY_DELAYS = [60, 300, 1800, 7200]
# A queued mail the worker has not picked up for this long is swept up by deliver_due().
STALE_AFTER = datetime.timedelta(minutes=2)


def queue(
    *, to: str, subject: str, text: str, html: str = "", purpose: str, reference: str = "", sensitive=False
):
    mail = OutgoingMail.objects.create(
        to=to,
        subject=" ".join(subject.split())[:300],
        text=text,
        html=html,
        purpose=str(purpose)[:60],
        reference=str(reference)[:100],
        sensitive=sensitive,
    )
    _enqueue(mail.pk)
    return mail


def _enqueue(mail_id: int, run_after: datetime.datetime | None = None) -> None:
    from outbox.tasks import deliver_mail

    task = deliver_mail
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # left for deliver_due(), which the worker runs every minute
        task = task.using(run_after=run_after)
    task.enqueue(mail_id)


def deliver(mail_id: int) -> str:
    """One attempt. Returns the mail's status afterwards."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status in (OutgoingMail.Status.SENT, OutgoingMail.Status.FAILED):
            return mail.status if mail else ""
        message = EmailMultiAlternatives(mail.subject, mail.text, settings.DEFAULT_FROM_EMAIL, [mail.to])
        if mail.html:
            message.attach_alternative(mail.html, "text/html")
        mail.attempts += 1
        try:
            message.send()
        except Exception as exc:  # any transport failure is retried
            log.warning("mail %s (%s) attempt %s failed: %s", mail.pk, mail.purpose, mail.attempts, exc)
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if mail.attempts > len(RETRY_DELAYS):
                mail.status = OutgoingMail.Status.FAILED
                mail.next_attempt_at = None
                _forget_secret(mail)
            else:
                mail.status = OutgoingMail.Status.RETRYING
                mail.next_attempt_at = timezone.now() + datetime.timedelta(
                    seconds=RETRY_DELAYS[mail.attempts - 1]
                )
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.next_attempt_at = None
            _forget_secret(mail)
        mail.save()
        if mail.status == OutgoingMail.Status.RETRYING:
            _enqueue(mail.pk, run_after=mail.next_attempt_at)
    return mail.status


def _forget_secret(mail: OutgoingMail) -> None:
    if mail.sensitive:
        mail.text = mail.html = ""


def deliver_due(now: datetime.datetime | None = None) -> int:
    """Attempts every retry that is due and every queued mail the worker missed (a backend that
    cannot defer, a task lost with a crashed worker). Returns how many were attempted."""
    now = now or timezone.now()
    due = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.RETRYING, next_attempt_at__lte=now
    ) | OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED, created_at__lte=now - STALE_AFTER)
    ids = list(due.values_list("pk", flat=True)[:500])
    for mail_id in ids:
        deliver(mail_id)
    return len(ids)


def send_again(mail: OutgoingMail) -> None:
    """Staff's 重新发送 on a failed mail: a fresh round of attempts."""
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.RETRYING, attempts=0, next_attempt_at=timezone.now()
    )
    _enqueue(mail.pk)


def failed_count() -> int:
    return OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED).count()
