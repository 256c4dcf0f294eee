import pytest

from tests import factories as f
from tests.browser import assert_no_axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_home_page_in_chromium_is_accessible_and_searchable(live_server, page):
    dept = f.department()
    f.penalty(f.subject(name="西安鼎盛商贸有限公司"), dept)
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == "信用信息一站式查询"
    assert page.locator('[data-kind="penalty"]').inner_text() == "1"
    assert_no_axe_violations(page)
    page.fill("#home-q", "鼎盛")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search/**")
    assert "西安鼎盛商贸有限公司" in page.locator("main").inner_text()  # the match is highlighted


def test_home_page_fits_a_phone(live_server, phone_page):
    phone_page.goto(live_server.url + "/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
