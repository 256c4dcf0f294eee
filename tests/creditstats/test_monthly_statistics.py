"""manage.py monthly_statistics: stores a month, replaces it when re-run, and a stored month
does not move when the data changes later."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from creditstats.figures import monthly_figures, previous_month
from creditstats.models import MonthlySnapshot
from creditstats.selectors import month_table, stored_month
from records import models as m
from tests import factories as f
from tests.creditstats.demo import MONTH, at, reported

pytestmark = pytest.mark.django_db


def xian(table):
    return next(row["figures"] for row in table["units"] if row["unit_code"] == "610100")


def test_the_command_stores_the_month_as_computed(month_data):
    call_command("monthly_statistics", "2026-10")
    stored = stored_month(MONTH)
    live = monthly_figures(MONTH)
    assert stored["total"] == live["total"]
    assert [(r["name"], r["figures"]) for r in stored["units"]] == [
        (r["name"], r["figures"]) for r in live["units"]
    ]
    assert [(r["name"], r["figures"]) for r in stored["departments"]] == [
        (r["name"], r["figures"]) for r in live["departments"]
    ]
    assert MonthlySnapshot.objects.filter(month=MONTH, unit_type="region").count() == 13


def test_a_snapshot_does_not_change_when_data_arrives_later(month_data, people):
    call_command("monthly_statistics", "2026-10")
    before = stored_month(MONTH)
    # A late October permit arrives, and an October penalty is withdrawn.
    reported(
        f.permit,
        month_data["xian_subject"],
        people.market,
        kind="permit",
        decided=datetime.date(2026, 10, 12),
        when=at(30),
    )
    m.Penalty.objects.filter(department=people.market).update(status="withdrawn")
    assert xian(monthly_figures(MONTH))["reported_permit"] == 4
    assert stored_month(MONTH) == before
    assert xian(month_table(MONTH))["reported_permit"] == 3


def test_re_running_replaces_only_that_month(month_data, people):
    call_command("monthly_statistics", "2026-10")
    call_command("monthly_statistics", "2026-09")
    september = list(MonthlySnapshot.objects.filter(month="2026-09-01").values_list("pk", flat=True))
    reported(
        f.permit,
        month_data["xian_subject"],
        people.market,
        kind="permit",
        decided=datetime.date(2026, 10, 12),
        when=at(30),
    )
    call_command("monthly_statistics", "2026-10", "--user", people.office_admin.username)
    assert xian(stored_month(MONTH))["reported_permit"] == 4
    assert MonthlySnapshot.objects.filter(month=MONTH, unit="total").count() == 1
    assert stored_month(MONTH)["generated_by"] == people.office_admin.username
    assert list(MonthlySnapshot.objects.filter(month="2026-09-01").values_list("pk", flat=True)) == september


@pytest.mark.clock
def test_the_default_month_is_the_previous_one(db):
    call_command("monthly_statistics")
    assert set(MonthlySnapshot.objects.values_list("month", flat=True)) == {previous_month()}


def test_a_bad_month_is_refused(db):
    with pytest.raises(CommandError):
        call_command("monthly_statistics", "2026-13")
