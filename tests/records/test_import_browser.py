"""A department operator uploads a GBK CSV in Chromium, watches the progress bar reach the end and
downloads the error report."""

import io

import pytest
from openpyxl import load_workbook

from records.ingest.fields import KIND_SPECS
from records.models import Penalty
from tests.browser import assert_no_axe_violations
from tests.records.exchange_factories import penalty_row
from tests.records.personas import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_upload_with_progress_and_error_report(live_server, page, tmp_path, people):
    dept, operator = people.market, people.operator  # 王市监 reports for the market regulator
    rows = [penalty_row(dept) for _ in range(1500)]  # two steps of the importer
    rows[700]["cf_jdrq"] = "2026-13-01"
    headers = {fs.code: fs.header for fs in KIND_SPECS["penalty"].fields}
    out = io.StringIO()
    out.write(",".join(headers[c] for c in rows[0]) + "\n")
    for row in rows:
        out.write(",".join(str(v) for v in row.values()) + "\n")
    path = tmp_path / "处罚.csv"
    path.write_bytes(out.getvalue().encode("gbk"))

    page.goto(live_server.url + "/admin/login/?next=/records/import/")
    page.fill("#id_username", operator.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/records/import/")
    assert_no_axe_violations(page)
    assert page.locator("#id_department option").all_inner_texts() == [dept.name]
    page.set_input_files("#id_file", str(path))
    page.click(".upload-form button[type=submit]")
    page.wait_for_selector("text=下载错误报告", timeout=60_000)

    assert page.locator("[data-count=created]").inner_text() == "1499"
    assert page.locator("[data-count=rejected]").inner_text() == "1"
    assert "已处理 1500 / 1500 行" in page.locator(".progress-text").inner_text()
    assert "2026-13-01" in page.locator("table.data").inner_text()
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.click("text=下载错误报告")
    report = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    lines = [r[0] for r in report.iter_rows(min_row=2, values_only=True)]
    assert lines == [702] and Penalty.objects.count() == 1499
