"""Complaint deadlines in Chinese working days (records.workdays), in one place.

The credit office accepts or refuses a case within COMPLAINT_ACCEPT_WORKING_DAYS (5) working
days of its submission; a department concludes within COMPLAINT_CONCLUDE_WORKING_DAYS (60)
working days of the forwarding. Both are counted from the local date of the event, that day
not counted. A case past its deadline in the matching state is overdue.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from complaints.states import AWAITING_ACCEPTANCE, BEING_HANDLED
from records.workdays import add_workdays


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def accept_due(submitted_at: datetime.datetime) -> datetime.date:
    return add_workdays(_local_date(submitted_at), settings.COMPLAINT_ACCEPT_WORKING_DAYS)


def handle_due(forwarded_at: datetime.datetime) -> datetime.date:
    return add_workdays(_local_date(forwarded_at), settings.COMPLAINT_CONCLUDE_WORKING_DAYS)


def case_is_overdue(case, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    if case.state in AWAITING_ACCEPTANCE:
        return today > case.accept_due
    if case.state in BEING_HANDLED and case.handle_due:
        return today > case.handle_due
    return False


def overdue_q(today: datetime.date | None = None) -> Q:
    """The same rule as case_is_overdue, for filtering case lists in the database."""
    today = today or timezone.localdate()
    return Q(state__in=AWAITING_ACCEPTANCE, accept_due__lt=today) | Q(
        state__in=BEING_HANDLED, handle_due__lt=today
    )
