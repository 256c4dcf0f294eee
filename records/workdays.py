"""Chinese working days: weekends and public holidays off, 调休 makeup days on.

`chinese-calendar` knows the State Council's holiday schedule for the years it has been
published. For a year it does not know yet (the schedule for year N comes out late in year
N-1) we fall back to Monday-Friday, which is what an official would assume too.
"""

import datetime
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=8192)
def is_workday(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_workday(current):
            count += 1
    return count
