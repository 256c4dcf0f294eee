"""Emails to the complainant: on submission, on acceptance or refusal, and on the reply.

Django's email (console backend by default, SMTP by settings). Each message has a subject,
a text and an HTML template under templates/complaints/email/. Nothing is sent when the
complainant left no email. A mail failure is logged and never undoes the case.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from complaints.states import State

log = logging.getLogger(__name__)


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
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [case.complainant_email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:  # a mail server outage must not lose the case
        log.exception("complaint email %s for %s failed", template, case.tracking_number)
        return False
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
