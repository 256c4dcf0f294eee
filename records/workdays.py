"""Chinese working days: weekends and public holidays off, 调休 makeup days on.

The schedule is data the credit office maintains (workcalendar app: 节假日安排), seeded from
chinese-calendar for the years it knows. For a year nobody has entered yet the count is
Monday-Friday, which is what an official would assume too, but not silently: the system check
workcalendar.W001 and a banner on every staff page name the missing year, and a warning is logged.
"""

import datetime

from workcalendar.schedule import year_schedule


def is_workday(day: datetime.date) -> bool:
    schedule = year_schedule(day.year)
    if day in schedule.off:
        return False
    if day in schedule.work:
        return True
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
