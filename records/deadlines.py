"""Deadlines in Chinese working days (records.workdays), one place for every stage.

- Reporting (seed task 一(三)): 行政许可 and 行政处罚 reach the platform within
  REPORTING_DEADLINE_WORKING_DAYS (7) working days of the decision; other kinds at least
  monthly (by the end of the month after the decision). A late record is kept and flagged
  late, never refused.
- Credit repair, per stage: the credit office reviews within REPAIR_REVIEW_WORKING_DAYS (2),
  the deciding department verifies within REPAIR_VERIFY_WORKING_DAYS (5), the credit office
  completes within REPAIR_COMPLETE_WORKING_DAYS (2).
- Objections: accepted within OBJECTION_ACCEPT_WORKING_DAYS (2), handled within
  OBJECTION_HANDLE_WORKING_DAYS (10).
- Serious-dishonesty listing (国办发〔2020〕49号): the party may state its case within
  LIST_STATEMENT_WORKING_DAYS (5) of the notice; the department answers a statement within
  LIST_ANSWER_WORKING_DAYS (10).

- Typical cases of joint reward and punishment (seed task (十)): a month's cases, or the
  declaration that there are none, are due by the TYPICAL_CASES_DUE_DAY-th (10th) day of the
  next month, in calendar days, or in working days when TYPICAL_CASES_DUE_IN_WORKING_DAYS.

Each counts from the local date the stage starts, that day not counted. The complaint window's
deadlines are in complaints/deadlines.py (on the same working days).
"""

import datetime

from django.conf import settings

from records.workdays import add_workdays

WORKING_DAY_KINDS = {"permit", "penalty"}

# Stage (the application's status) -> the setting that holds its working days.
REPAIR_STAGE_SETTINGS = {
    "review": "REPAIR_REVIEW_WORKING_DAYS",
    "verify": "REPAIR_VERIFY_WORKING_DAYS",
    "approved": "REPAIR_COMPLETE_WORKING_DAYS",
}
OBJECTION_STAGE_SETTINGS = {
    "submitted": "OBJECTION_ACCEPT_WORKING_DAYS",
    "handling": "OBJECTION_HANDLE_WORKING_DAYS",
}


def reporting_deadline(kind: str, decision_date: datetime.date) -> datetime.date:
    if kind in WORKING_DAY_KINDS:
        return add_workdays(decision_date, settings.REPORTING_DEADLINE_WORKING_DAYS)
    # Monthly reporting: last day of the following month.
    first_next = (decision_date.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    first_after = (first_next + datetime.timedelta(days=32)).replace(day=1)
    return first_after - datetime.timedelta(days=1)


def is_late(kind: str, decision_date: datetime.date, reported_on: datetime.date) -> bool:
    return reported_on > reporting_deadline(kind, decision_date)


def _stage_due(table: dict, stage: str, start: datetime.date) -> datetime.date | None:
    name = table.get(stage)
    return add_workdays(start, getattr(settings, name)) if name else None


def repair_stage_due(stage: str, start: datetime.date) -> datetime.date | None:
    """When a credit repair application's stage `stage`, begun on `start`, must be done
    (None for the final states)."""
    return _stage_due(REPAIR_STAGE_SETTINGS, stage, start)


def objection_stage_due(stage: str, start: datetime.date) -> datetime.date | None:
    return _stage_due(OBJECTION_STAGE_SETTINGS, stage, start)


def list_statement_due(served_on: datetime.date) -> datetime.date:
    """Last day a party notified of an intended listing may state its case (陈述申辩)."""
    return add_workdays(served_on, settings.LIST_STATEMENT_WORKING_DAYS)


def list_answer_due(stated_on: datetime.date) -> datetime.date:
    """By when the deciding department answers a party's statement."""
    return add_workdays(stated_on, settings.LIST_ANSWER_WORKING_DAYS)


def typical_cases_due(month: datetime.date) -> datetime.date:
    """Last day a department may report the typical cases of `month` (any day of it)."""
    last_day = (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(
        days=1
    )
    if settings.TYPICAL_CASES_DUE_IN_WORKING_DAYS:
        return add_workdays(last_day, settings.TYPICAL_CASES_DUE_DAY)
    return last_day + datetime.timedelta(days=settings.TYPICAL_CASES_DUE_DAY)
