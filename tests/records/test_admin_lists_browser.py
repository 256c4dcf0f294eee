"""At 1366 px a clerk sees the status and the date of every record in the lists without
scrolling sideways, and finds the subject of a new record by typing its code."""

import os

import pytest

from records import models as m
from tests import factories as f
from tests.browser import watch_csp
from tests.records.personas import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("ADMIN_SCREENSHOTS")  # a folder: keep screenshots to look at


def _login(page, url, username):
    page.goto(f"{url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_status_and_date_columns_are_on_screen_at_1366(live_server, browser, people):
    dept = people.market  # 王市监 (operator) reports for it
    company = f.subject(name="陕西省西安市未央区长安大道国际商贸物流集团有限责任公司第一分公司")
    for n in range(3):
        f.penalty(
            company,
            dept,
            status=m.RecordStatus.SUBMITTED,
            categories="罚款、没收违法所得、没收非法财物",
            document_number=f"西市监罚〔2026〕第{n + 1000}号（经营场所：未央路）",
        )
        f.list_entry(company, dept, document_number=f"西市监列〔2026〕{n + 10}号")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    violations = watch_csp(context)
    page = context.new_page()
    _login(page, live_server.url, people.operator.username)
    for model in ("penalty", "listentry"):
        page.goto(f"{live_server.url}/admin/records/{model}/")
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"{model}-1366.png"))
        for column in ("status", "decision_date"):
            box = page.locator(f"#result_list th.column-{column}").bounding_box()
            assert box is not None and box["x"] + box["width"] <= 1366, (model, column, box)
    page.goto(f"{live_server.url}/admin/records/penalty/add/")
    page.locator(".field-subject .select2-selection").click()
    page.locator(".select2-search__field").fill(company.uscc)
    page.wait_for_selector(f".select2-results__option >> text={company.name}")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "penalty-add-1366.png"))
    assert "草稿" in page.locator(".field-status_when_saved").inner_text()
    context.close()
    assert not violations, violations
