"""Emails to the complainant: on submission, on acceptance or refusal, and on the reply.

Each message has a subject, a text and an HTML template under templates/complaints/email/ and
goes out through the outbox (outbox.services: queued with the case's change, delivered by the
worker, retried when the mail server fails). Nothing is sent when the complainant left no email.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from complaints.states import State
from outbox import services as outbox


def _send(case, template: str, context: dict) -> bool:
    if not case.complainant_email:
        return False
    context = {
        "case": case,
        "SITE_NAME": settings.SITE_NAME,
        "track_url": settings.SITE_URL + reverse("complaints:track"),
        **context,
    }
    subject = " ".join(render_to_string(f"complaints/email/{template}_subject.txt", context).split())
    text = render_to_string(f"complaints/email/{template}.txt", context)
    html = render_to_string(f"complaints/email/{template}.html", context)
    outbox.queue(
        to=case.complainant_email,
        subject=subject,
        text=text,
        html=html,
        purpose=_("投诉举报通知"),
        reference=case.tracking_number,
    )
    return True


def notify_submitted(case, query_code: str) -> bool:
    return _send(case, "submitted", {"query_code": query_code})


def notify_decision(case) -> bool:
    if case.state == State.REFUSED:
        reason = (
            case.events.filter(action="refuse").order_by("-created_at").values_list("note", flat=True).first()
        )
        return _send(case, "refused", {"reason": reason or ""})
    return _send(case, "accepted", {})


def notify_replied(case) -> bool:
    return _send(case, "replied", {})
