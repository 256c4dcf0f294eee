"""Reading the holiday schedule: one query per year, kept in the process for a few minutes (every
deadline computation asks for dozens of days) and dropped at once when this process changes the
table (workcalendar.signals). Other processes see an edit within SCHEDULE_CACHE_SECONDS."""

import datetime
import logging
import threading
import time
from dataclasses import dataclass

from django.db import DatabaseError

logger = logging.getLogger(__name__)

SCHEDULE_CACHE_SECONDS = 300


@dataclass(frozen=True)
class YearSchedule:
    year: int
    known: bool
    off: frozenset[datetime.date]
    work: frozenset[datetime.date]


_lock = threading.Lock()
_cache: dict[int, tuple[float, YearSchedule]] = {}
_warned: set[int] = set()


def clear_cache() -> None:
    with _lock:
        _cache.clear()
        _warned.clear()


def _load(year: int) -> YearSchedule | None:
    from workcalendar.models import HolidayDay, HolidayYear

    try:
        known = HolidayYear.objects.filter(year=year).exists()
        off, work = set(), set()
        if known:
            for day, kind in HolidayDay.objects.filter(year_id=year).values_list("date", "kind"):
                (work if kind == HolidayDay.Kind.WORK else off).add(day)
    except DatabaseError:
        # Before the first migrate (the checks migrate runs, collectstatic): no table yet.
        return None
    return YearSchedule(year, known, frozenset(off), frozenset(work))


def year_schedule(year: int) -> YearSchedule:
    now = time.monotonic()
    with _lock:
        cached = _cache.get(year)
    if cached and now - cached[0] < SCHEDULE_CACHE_SECONDS:
        return cached[1]
    schedule = _load(year)
    if schedule is None:  # not cached: the table may exist a moment later
        return YearSchedule(year, False, frozenset(), frozenset())
    with _lock:
        _cache[year] = (now, schedule)
    if not schedule.known and year not in _warned:
        _warned.add(year)
        logger.warning(
            "No holiday schedule entered for %s: working days in %s are counted Monday to Friday "
            "until the credit office enters the State Council's schedule (admin: 节假日安排).",
            year,
            year,
        )
    return schedule


def missing_years(today: datetime.date) -> list[int]:
    """Years whose schedule a deadline set today may need but nobody has entered: this year
    always, next year from December (the State Council publishes it in November or December)."""
    wanted = [today.year] + ([today.year + 1] if today.month == 12 else [])
    missing = []
    for year in wanted:
        if year_schedule(year).known:
            continue
        if _load(year) is None:
            return []  # no table yet (before the first migrate): nothing to warn about
        missing.append(year)
    return missing
