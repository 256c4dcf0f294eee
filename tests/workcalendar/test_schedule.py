"""The working-day calendar as data: seeded from chinesecalendar, maintained by the credit office,
never silently Monday to Friday."""

import datetime
import io
import logging
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from records.workdays import add_workdays, is_workday
from workcalendar import loading
from workcalendar.models import HolidayDay, HolidayYear
from workcalendar.schedule import missing_years

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")


def weekdays_after(start: datetime.date, count: int) -> datetime.date:
    day = start
    while count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def enter_2027_spring_festival():
    """A schedule as the office would type it from the State Council's notice. The dates are test
    data (a Spring Festival week from Friday 5 to Saturday 13 February with two weekend make-up
    days), not a claim about the real 2027 notice."""
    year = HolidayYear.objects.create(year=2027, notice="测试通知", source="信用办录入")
    for offset in range(9):
        HolidayDay.objects.create(
            year=year,
            date=datetime.date(2027, 2, 5) + datetime.timedelta(days=offset),
            kind="off",
            name="春节",
        )
    HolidayDay.objects.create(year=year, date=datetime.date(2027, 1, 31), kind="work", name="春节")
    HolidayDay.objects.create(year=year, date=datetime.date(2027, 2, 20), kind="work", name="春节")


def test_every_seeded_year_matches_chinesecalendar_day_by_day():
    years = loading.known_years()
    assert set(HolidayYear.objects.values_list("year", flat=True)) >= set(years)
    day = datetime.date(years[0], 1, 1)
    while day.year <= years[-1]:
        assert is_workday(day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)


def test_2026_spring_festival_and_make_up_saturday():
    assert not is_workday(datetime.date(2026, 2, 16))  # Monday in the Spring Festival week
    assert is_workday(datetime.date(2026, 2, 14))  # Saturday worked in lieu
    assert HolidayDay.objects.filter(date=datetime.date(2026, 2, 16), kind="off", name="春节").exists()


def test_a_missing_year_counts_weekdays_and_says_so(caplog):
    HolidayYear.objects.filter(year=2027).delete()
    start = datetime.date(2026, 12, 31)
    with caplog.at_level(logging.WARNING, logger="workcalendar.schedule"):
        assert add_workdays(start, 40) == weekdays_after(start, 40)
    assert any("2027" in message for message in caplog.messages)


def test_deadline_across_the_2027_spring_festival_once_entered():
    HolidayYear.objects.filter(year=2027).delete()
    start = datetime.date(2026, 12, 2)
    provisional = add_workdays(start, 60)
    assert provisional == weekdays_after(start, 60)

    enter_2027_spring_festival()  # the signal drops the cached (empty) year at once
    entered = add_workdays(start, 60)
    # Six weekday holidays (Feb 5, 8-12) cost six days, the worked Sunday and Saturday give two back.
    assert not is_workday(datetime.date(2027, 2, 8))
    assert is_workday(datetime.date(2027, 1, 31))
    assert entered > provisional
    weekdays_later = sum(
        (provisional + datetime.timedelta(days=n)).weekday() < 5
        for n in range(1, (entered - provisional).days + 1)
    )
    assert weekdays_later == 4
    # Counted independently: every day up to the deadline that is a weekday outside the entered
    # holidays, or an entered make-up day.
    off = set(HolidayDay.objects.filter(kind="off").values_list("date", flat=True))
    work = set(HolidayDay.objects.filter(kind="work").values_list("date", flat=True))
    count, day = 0, start
    while day < entered:
        day += datetime.timedelta(days=1)
        count += (day.weekday() < 5 and day not in off) or day in work
    assert count == 60


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime.datetime(2026, 12, 2, 9, 0, tzinfo=BEIJING), [2027]),
        (datetime.datetime(2026, 12, 1, 0, 30, tzinfo=BEIJING), [2027]),  # still 30 November in UTC
        (datetime.datetime(2026, 11, 30, 23, 30, tzinfo=BEIJING), []),
        (datetime.datetime(2026, 6, 15, 9, 0, tzinfo=BEIJING), []),
    ],
)
def test_the_system_check_warns_in_december_while_next_year_is_missing(moment, expected):
    from django.utils import timezone

    HolidayYear.objects.filter(year=2027).delete()
    with time_machine.travel(moment, tick=False):
        assert missing_years(timezone.localdate()) == expected
        out = io.StringIO()
        call_command("check", "--database", "default", stdout=out, stderr=out)
        if expected:
            assert "workcalendar.W001" in out.getvalue() and "2027" in out.getvalue()
        else:
            assert "workcalendar.W001" not in out.getvalue()
        enter_2027_spring_festival()
        assert missing_years(timezone.localdate()) == []


def test_the_current_year_missing_warns_in_any_month():
    from django.utils import timezone

    with time_machine.travel(datetime.datetime(2031, 3, 1, 12, 0, tzinfo=BEIJING), tick=False):
        assert missing_years(timezone.localdate()) == [2031]


def test_a_make_up_day_must_be_a_weekend_and_in_its_year():
    year = HolidayYear.objects.create(year=2030)
    with pytest.raises(ValidationError) as weekday:
        HolidayDay(year=year, date=datetime.date(2030, 3, 4), kind="work").full_clean()
    assert "调休上班日应为周六或周日" in str(weekday.value)
    with pytest.raises(ValidationError) as other_year:
        HolidayDay(year=year, date=datetime.date(2031, 1, 1), kind="off").full_clean()
    assert "日期不在2030年内" in str(other_year.value)


def test_load_holidays_keeps_the_offices_edits_unless_asked():
    edited = HolidayDay.objects.get(date=datetime.date(2026, 2, 16))
    edited.name = "春节（信用办更正）"
    edited.save()
    call_command("load_holidays", "2026", stdout=io.StringIO())
    assert HolidayDay.objects.get(date=datetime.date(2026, 2, 16)).name == "春节（信用办更正）"
    call_command("load_holidays", "2026", "--replace", stdout=io.StringIO())
    assert HolidayDay.objects.get(date=datetime.date(2026, 2, 16)).name == "春节"
    with pytest.raises(Exception, match="2099"):
        call_command("load_holidays", "2099", stdout=io.StringIO())


def test_staff_pages_warn_in_december_and_the_office_admin_enters_the_year(people):
    from django.test import Client

    HolidayYear.objects.filter(year=2027).delete()
    admin, operator = Client(), Client()
    admin.force_login(people.office_admin)
    operator.force_login(people.operator)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=BEIJING), tick=False):
        page = admin.get("/admin/").content.decode()
        assert "尚未录入2027年节假日安排" in page and "立即录入" in page
        # An operator is told too, and who can fix it.
        assert "请联系信用办管理员录入" in operator.get("/admin/").content.decode()
        response = admin.post(
            "/admin/workcalendar/holidayyear/add/",
            {
                "year": "2027",
                "notice": "国办发明电〔2026〕X号",
                "published_on": "2026-11-20",
                "days-TOTAL_FORMS": "2",
                "days-INITIAL_FORMS": "0",
                "days-MIN_NUM_FORMS": "0",
                "days-MAX_NUM_FORMS": "1000",
                "days-0-date": "2027-02-08",
                "days-0-kind": "off",
                "days-0-name": "春节",
                "days-1-date": "2027-02-20",
                "days-1-kind": "work",
                "days-1-name": "春节",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        assert "尚未录入2027年节假日安排" not in admin.get("/admin/").content.decode()
        # The operator may change nothing of it.
        assert operator.get("/admin/workcalendar/holidayyear/add/").status_code == 403
    assert not is_workday(datetime.date(2027, 2, 8)) and is_workday(datetime.date(2027, 2, 20))
    year = HolidayYear.objects.get(year=2027)
    assert year.updated_by == people.office_admin and year.source == "信用办录入"
