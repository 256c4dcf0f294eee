"""In Chromium: a company requests its 专项信用报告 with the e-mailed code, downloads it, and a
verifier opens the scan page printed under the QR code."""

import re
from pathlib import Path

import pytest
from django.core import mail

from publicity.certificates.models import Certificate
from tests.browser import assert_no_axe_violations
from tests.publicity.certificates.pdftools import pdf_text
from tests.publicity.certificates.report_factories import company_with_report_records

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_request_with_emailed_code_then_scan(live_server, page, tmp_path):
    story = company_with_report_records()
    page.goto(f"{live_server.url}/reports/")
    assert_no_axe_violations(page)
    page.get_by_label("统一社会信用代码").fill(story.subject.uscc.lower())
    page.get_by_role("button", name="下一步").click()
    assert page.locator("h1").inner_text() == "申请专项信用报告"
    assert_no_axe_violations(page)

    page.get_by_label("市场监管").check()
    page.get_by_label("生态环境").check()
    page.get_by_label("招标投标").check()
    page.get_by_role("button", name="获取验证码").click()
    assert (
        "验证码已发送至该主体登记的联系邮箱 o***@qinhua.example.cn"
        in page.locator(".form-notice").inner_text()
    )
    # What was ticked survives sending the code.
    assert page.get_by_label("市场监管").is_checked() and page.get_by_label("招标投标").is_checked()
    code = re.search(r"验证码为 (\d{6})", mail.outbox[-1].body).group(1)
    page.get_by_label("验证码").fill(code)
    page.screenshot(path=str(tmp_path / "request.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="生成并下载报告").click()
    download = info.value
    assert "专项信用报告" in download.suggested_filename
    text = pdf_text(Path(download.path()).read_bytes())
    assert "生态环境（未发现违法违规记录）" in text and story.shown["repaired"].document_number in text

    report = Certificate.objects.get()
    page.goto(f"{live_server.url}/verify/{report.number}")
    assert page.locator(".cert-status").inner_text().startswith("报告状态：有效")
    assert story.shown["penalty"].document_number in page.locator(".cert-certified").inner_text()
    assert "已修复" in page.locator(".cert-certified").inner_text()
    assert_no_axe_violations(page)


def test_repair_notice_from_the_record_page(live_server, page):
    story = company_with_report_records()
    penalty = story.shown["penalty"]
    page.goto(f"{live_server.url}/records/penalty/{penalty.pk}/")
    page.get_by_role("link", name="打印信用修复告知书").click()
    assert page.locator("h1").inner_text() == "打印信用修复告知书"
    assert_no_axe_violations(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="生成并下载告知书").click()
    text = pdf_text(Path(info.value.path()).read_bytes())
    assert "信用修复告知书" in text and penalty.document_number in text and "可申请修复日期" in text
