"""The public 信用统计 page: province-wide figures and per-city counts of generated months, each
chart (server-side SVG, no script) followed by the table of its data; never a person."""

import datetime
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def page(client, query=""):
    response = client.get("/statistics/" + query)
    assert response.status_code == 200
    return response.content.decode()


def tables(html):
    return re.findall(r"<table class=\"data\" id=\"([\w-]+)\"[^>]*>\s*<caption>", html)


def test_charts_each_followed_by_its_table(month_data, client):
    call_command("monthly_statistics", "2026-10")
    html = page(client)
    assert html.count("<svg") == 3  # one month generated: no trend line yet
    assert tables(html) == ["kinds-table", "cities-table", "rates-table"]
    for chart, table in zip(
        re.finditer("<svg", html), ("kinds-table", "cities-table", "rates-table"), strict=True
    ):
        assert html.index(f'id="{table}"') > chart.start()
    assert 'role="img"' in html and 'aria-label="全省各类信用信息报送数量（条）"' in html


def test_the_figures_shown_are_the_snapshot(month_data, client):
    call_command("monthly_statistics", "2026-10")
    html = page(client)
    kinds = html[html.index('id="kinds-table"') : html.index("</table>", html.index('id="kinds-table"'))]
    assert re.search(r"行政许可</th><td class=\"num\">5</td>", kinds)
    assert re.search(r"行政处罚</th><td class=\"num\">3</td>", kinds)
    assert re.search(r"合计</th><td class=\"num\">10</td>", kinds)
    rates = html[html.index('id="rates-table"') :]
    assert re.search(r"西安市</th><td class=\"num\">66.7%</td>", rates)
    assert re.search(r"宝鸡市</th><td class=\"num\">50.0%</td>", rates)
    assert re.search(r"铜川市</th><td class=\"num\">—</td>", rates)
    assert "62.5%" in rates


def test_a_trend_chart_once_two_months_are_generated(month_data, client):
    call_command("monthly_statistics", "2026-09")
    call_command("monthly_statistics", "2026-10")
    html = page(client)
    assert html.count("<svg") == 4 and "trend-table" in tables(html)
    assert "2026-09" in page(client, "?month=2026-09")


def test_no_script_no_cdn_no_personal_data(month_data, client):
    call_command("monthly_statistics", "2026-10")
    html = page(client)
    svg = html[html.index("<svg") : html.rindex("</svg>")]
    assert "<script" not in svg and "kozea" not in html and "//" not in svg.replace("http://www.w3.org", "")
    for private in (
        month_data["xian_subject"].name,
        month_data["baoji_subject"].name,
        month_data["xian_subject"].uscc,
        "李娜",
        "13900000001",
        "13800000000",
        "刘经理",
        "西安市生态环境局",  # no department's own row either
    ):
        assert private not in html


def test_nothing_before_a_month_is_generated(month_data, client):
    html = page(client)
    assert "本月统计尚未发布" in html and "<svg" not in html


def test_the_page_is_linked_from_every_page(client, db):
    html = client.get("/contact/").content.decode()
    assert 'href="/statistics/"' in html
    assert 'href="/statistics/"' in client.get("/sitemap/").content.decode()


def test_the_charts_are_styled_from_a_stylesheet_the_csp_allows(month_data, client):
    """A <style> inside the SVG is blocked by the strict CSP and leaves every shape black."""
    call_command("monthly_statistics", "2026-10")
    html = page(client)
    svg = html[html.index("<svg") : html.rindex("</svg>")]
    assert "<style" not in svg and ' style="' not in svg
    assert 'href="/statistics/charts.css"' in html
    response = client.get("/statistics/charts.css")
    css = response.content.decode()
    assert response["Content-Type"].startswith("text/css")
    assert "svg.pygal-chart" in css and "#chart-" not in css and "&gt;" not in css
    assert "#1d5fa6" in css.lower()  # the first series colour of creditstats.charts.STYLE


def test_one_query_per_request_even_without_the_page_cache(
    month_data, people, client, settings, django_assert_num_queries
):
    """The charts are drawn once per version of the snapshots (creditstats.public), so a request
    the page cache does not answer reads only which months are generated."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    call_command("monthly_statistics", "2026-09")
    call_command("monthly_statistics", "2026-10")
    first = page(client)
    with django_assert_num_queries(1):
        assert page(client) == first
    from tests import factories as f
    from tests.creditstats.demo import at, reported

    when, decided = at(15), datetime.date(2026, 10, 9)
    reported(f.penalty, month_data["xian_subject"], people.market, kind="penalty", decided=decided, when=when)
    call_command("monthly_statistics", "2026-10")  # generated again: a new version, drawn again
    kinds = page(client)
    kinds = kinds[kinds.index('id="kinds-table"') :]
    assert re.search(r"行政处罚</th><td class=\"num\">4</td>", kinds)
    assert "2026-09" in page(client, "?month=2026-09")
