"""Deadlines count Chinese working days: weekends and holidays off, 调休 makeup days on."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from complaints import deadlines
from complaints.models import Case
from complaints.states import State

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.clock, pytest.mark.django_db]  # the holiday schedule is data


def at(y, m, d, h=10):
    return datetime.datetime(y, m, d, h, tzinfo=SHANGHAI)


def test_accept_within_five_working_days_across_national_day():
    # 2025: 10月1日-8日 off, Saturday 10月11日 is a makeup working day.
    assert deadlines.accept_due(at(2025, 9, 30)) == datetime.date(2025, 10, 14)


def test_accept_deadline_uses_the_local_date():
    # 23:30 on 30 September in Shanghai is still 30 September, even though it is 15:30 UTC.
    late_evening = datetime.datetime(2025, 9, 30, 15, 30, tzinfo=datetime.UTC)
    assert deadlines.accept_due(late_evening) == datetime.date(2025, 10, 14)


def test_conclude_within_sixty_working_days_of_forwarding():
    due = deadlines.handle_due(at(2025, 1, 20))
    # Spring Festival 2025 (1月28日-2月4日 off; Sunday 1月26日 and Saturday 2月8日 worked) and
    # 清明 (Friday 4月4日 off): 10 working days to 2月8日, 50 more to Friday 4月18日, +1 for 清明.
    assert due == datetime.date(2025, 4, 21)


def test_deadlines_are_configurable(settings):
    settings.COMPLAINT_ACCEPT_WORKING_DAYS = 1
    assert deadlines.accept_due(at(2025, 9, 30)) == datetime.date(2025, 10, 9)


def test_overdue_only_in_the_waiting_state():
    case = Case(state=State.SUBMITTED, accept_due=datetime.date(2025, 10, 14))
    assert not deadlines.case_is_overdue(case, today=datetime.date(2025, 10, 14))
    assert deadlines.case_is_overdue(case, today=datetime.date(2025, 10, 15))
    case.state = State.ACCEPTED
    assert not deadlines.case_is_overdue(case, today=datetime.date(2025, 10, 15))
    case.state, case.handle_due = State.IN_PROGRESS, datetime.date(2026, 1, 5)
    assert deadlines.case_is_overdue(case, today=datetime.date(2026, 1, 6))
    case.state = State.CONCLUDED
    assert not deadlines.case_is_overdue(case, today=datetime.date(2026, 1, 6))
