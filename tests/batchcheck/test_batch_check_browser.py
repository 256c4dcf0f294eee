"""An official pastes the 30 bidders of a tender in Chromium and gets the table, the XLSX and
the ZIP of 28 certificates; the page reads well at 1366 and at 375 pixels wide."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from publicity.certificates.models import Certificate
from tests.batchcheck.factories import PROJECT, SHARED, UNKNOWN, tender
from tests.batchcheck.workers import DATABASE_BACKEND, start_worker
from tests.browser import assert_no_axe_violations
from tests.records.personas import PASSWORD
from tests.records.test_import_worker import stop

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = (
    Path(os.environ.get("BATCHCHECK_SCREENSHOTS", "")) if os.environ.get("BATCHCHECK_SCREENSHOTS") else None
)


def shot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_thirty_bidders_in_the_browser(live_server, page, people, settings, signing_key):
    settings.TASKS = DATABASE_BACKEND
    story = tender(people.market)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", people.operator.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/")
    page.click("text=批量信用核查")
    page.wait_for_url("**/batch-check/")
    assert_no_axe_violations(page)
    assert page.locator("input[name=purpose][value=bidding]").is_checked()
    page.fill("#id_project", PROJECT)
    page.fill("#id_bidders", story.text())
    shot(page, "form-1366.png")
    page.click(".batch-form button[type=submit]")
    # The request only queued the work: the page shows the progress the worker writes.
    page.wait_for_selector("#batch-progress[data-status=pending]")
    assert "继续核查" in page.locator("#batch-progress").inner_text()
    shot(page, "progress-1366.png")
    # A real worker process (`manage.py worker`) runs meanwhile; the page keeps polling the
    # progress and reloads with the table once the check is done.
    worker = start_worker(signing_key)
    try:
        page.wait_for_selector("table.batch-results", timeout=240_000)
    finally:
        log = stop(worker)
    assert "Traceback" not in log, log[-3000:]

    rows = page.locator("table.batch-results tbody tr")
    assert rows.count() == 30
    table = page.locator("table.batch-results").inner_text()
    assert UNKNOWN in table and SHARED in table and "同名主体多个" in table
    for s in story.shared:
        assert s.uscc in table
    assert "依法限制参与政府采购活动" in table
    assert story.person.id_number not in page.content()
    assert "已出具 28 / 28 份查询结果" in page.locator(".progress-text").inner_text()
    assert_no_axe_violations(page)
    shot(page, "results-1366.png")

    with page.expect_download() as download:
        page.click("text=下载核查结果（.xlsx）")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    assert len(list(sheet.iter_rows(min_row=6, values_only=True))) == 30
    with page.expect_download() as download:
        page.click("text=下载全部查询结果 PDF")
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as z:
        assert len(z.namelist()) == 28
    assert Certificate.objects.filter(purpose="bidding", purpose_detail=PROJECT).count() == 28

    # A certificate number in the table opens the public verification page.
    first = page.locator("table.batch-results tbody a.number").first
    number = first.get_attribute("data-number")
    page.set_viewport_size({"width": 375, "height": 740})
    shot(page, "results-375.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, width  # the wide table scrolls inside its own box, not the page
    first.click()
    page.wait_for_url(f"**/verify/{number}**")
    assert "本平台签发过编号为" in page.content()
