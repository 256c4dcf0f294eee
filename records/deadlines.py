"""The reporting deadline rule (seed task 一(三)).

行政许可 and 行政处罚 reach the platform within 7 working days of the decision; other kinds
at least monthly (by the end of the month after the decision). A late record is kept and
flagged late, never refused.
"""

import datetime

from django.conf import settings

from records.workdays import add_workdays

WORKING_DAY_KINDS = {"permit", "penalty"}


def reporting_deadline(kind: str, decision_date: datetime.date) -> datetime.date:
    if kind in WORKING_DAY_KINDS:
        return add_workdays(decision_date, settings.REPORTING_DEADLINE_WORKING_DAYS)
    # Monthly reporting: last day of the following month.
    first_next = (decision_date.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    first_after = (first_next + datetime.timedelta(days=32)).replace(day=1)
    return first_after - datetime.timedelta(days=1)


def is_late(kind: str, decision_date: datetime.date, reported_on: datetime.date) -> bool:
    return reported_on > reporting_deadline(kind, decision_date)
