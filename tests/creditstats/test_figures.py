"""Every figure of the monthly table against counts made by hand from the demo month."""

import pytest

from creditstats.figures import COUNT_KEYS, monthly_figures, parse_month, previous_month
from tests.creditstats.demo import EXPECTED, MONTH

pytestmark = pytest.mark.django_db


def by_code(table):
    return {row["unit_code"]: row["figures"] for row in table["units"]}


def test_each_unit_has_the_figures_counted_by_hand(month_data):
    table = monthly_figures(MONTH)
    units = by_code(table)
    for code, expected in EXPECTED.items():
        for key, value in expected.items():
            assert units[code][key] == value, (code, key)


def test_a_figure_not_named_is_zero_and_the_other_units_are_empty(month_data):
    units = by_code(monthly_figures(MONTH))
    for code, expected in EXPECTED.items():
        for key in COUNT_KEYS:
            if key not in expected and key != "silent_departments":
                assert units[code][key] == 0, (code, key)
    for code, figures in units.items():
        if code not in EXPECTED:
            assert figures["reported_total"] == 0
            assert figures["on_time_rate"] is None


def test_the_thirteen_units_and_the_total(month_data):
    table = monthly_figures(MONTH)
    names = [row["name"] for row in table["units"]]
    assert names[0] == "陕西省"
    assert len(names) == 13 and {"杨凌示范区", "韩城市", "西安市", "商洛市"} <= set(names)
    for key in COUNT_KEYS:
        assert table["total"][key] == sum(row["figures"][key] for row in table["units"]), key
    assert table["total"]["reported_total"] == 10
    assert table["total"]["complaints_received"] == 3
    assert table["total"]["on_time_rate"] == 5 / 8  # permits 3 of 5, penalties 2 of 3 on time


def test_departments_that_reported_no_other_kind(month_data, people):
    table = monthly_figures(MONTH)
    silent = {row["name"] for row in table["departments"] if row["figures"]["silent_departments"]}
    assert people.ecology.name in silent
    assert people.market.name not in silent and people.baoji.name not in silent
    assert people.office.name not in silent  # the credit office itself reports nothing
    assert by_code(table)["610100"]["silent_departments"] == 1


def test_per_department_rows(month_data, people):
    rows = {row["name"]: row["figures"] for row in monthly_figures(MONTH)["departments"]}
    market = rows[people.market.name]
    assert (market["reported_permit"], market["permit_late"], market["cert_query"]) == (3, 1, 1)
    assert (market["complaints_forwarded"], market["complaints_concluded"]) == (1, 1)
    assert rows[people.ecology.name]["complaints_overdue"] == 1
    assert rows[people.ecology.name]["on_time_rate"] == 0.0


def test_the_next_month_counts_only_what_belongs_to_it(month_data):
    november = by_code(monthly_figures(parse_month("2026-11")))
    assert november["610100"]["reported_inspection"] == 1  # reported 00:30 on 1 November
    assert november["610100"]["cert_query"] == 1
    assert november["610300"]["reported_total"] == 0


def test_month_parsing():
    assert parse_month("2026-11").isoformat() == "2026-11-01"
    assert previous_month(parse_month("2026-01")).isoformat() == "2025-12-01"
    for bad in ("2026-13", "26-11", "", "2026/11"):
        with pytest.raises(ValueError):
            parse_month(bad)
