"""The public 信用统计 page in Chromium at a phone's and a desktop's width: nothing scrolls
sideways, the charts are drawn, axe finds nothing serious. Screenshots land in
$STATS_SCREENSHOTS (when set) for a person to look at."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser import assert_no_axe_violations, assert_no_csp_violations, watch_csp
from tests.creditstats.demo import build_month
from tests.portal.test_layout_browser import overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("width", [375, 1366])
def test_statistics_page_fits_and_passes_axe(live_server, browser, people, width):
    build_month(people)
    call_command("monthly_statistics", "2026-09")
    call_command("monthly_statistics", "2026-10")
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    violations = watch_csp(context)  # a blocked <style> in a chart leaves it black
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/statistics/")
    assert page.locator("main svg[role=img]").count() == 4
    assert page.locator("main table caption").count() == 4
    assert page.get_by_role("img", name="各地区报送信息数量（条）").is_visible()
    # The bars carry the first series colour of creditstats.charts.STYLE, not the default black.
    assert (
        page.locator("main svg .rect.reactive").first.evaluate("e => getComputedStyle(e).fill")
        != "rgb(0, 0, 0)"
    )
    assert overflow(page, width) == []
    assert_no_axe_violations(page)
    if folder := os.environ.get("STATS_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / f"statistics-{width}.png"), full_page=True)
    context.close()
    assert_no_csp_violations(violations)
