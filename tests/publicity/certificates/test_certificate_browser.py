"""In Chromium: fill in the form, download the PDF, then verify that very file, and a forged one."""

from pathlib import Path

import pytest

from publicity.certificates.models import Certificate
from tests.browser import assert_no_axe_violations
from tests.publicity.certificates.factories import company_with_every_kind
from tests.publicity.certificates.pdftools import pdf_text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_issue_download_and_verify(live_server, page, tmp_path):
    story = company_with_every_kind()
    page.goto(f"{live_server.url}/subjects/{story.subject.uscc}/certificate/")
    assert page.locator("h1").inner_text() == "打印信用查询结果"
    assert_no_axe_violations(page)

    # A forgotten field is reported in Chinese, next to the field.
    page.get_by_label("招标投标").check()
    page.get_by_role("button", name="生成并下载 PDF").click()
    assert "请填写申请单位" in page.locator(".errorlist").inner_text()

    page.get_by_label("其他").check()
    page.get_by_label("事由说明").fill("年度评先评优公示")
    page.get_by_label("申请单位").fill("西安市发展和改革委员会")
    with page.expect_download() as info:
        page.get_by_role("button", name="生成并下载 PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf") and "信用信息查询结果" in download.suggested_filename
    pdf = Path(download.path()).read_bytes()
    text = pdf_text(pdf)
    assert story.subject.name in text and story.subject.uscc in text
    certificate = Certificate.objects.get()
    assert certificate.number in text and "其他（年度评先评优公示）" in text

    # Scanning the QR code opens the verification page.
    page.goto(f"{live_server.url}/verify/{certificate.number}")
    assert "西安市发展和改革委员会" in page.content()
    assert_no_axe_violations(page)
    genuine = tmp_path / "genuine.pdf"
    genuine.write_bytes(pdf)
    page.set_input_files("input[type=file]", str(genuine))
    page.get_by_role("button", name="上传并核验").click()
    assert page.locator(".cert-result-title").inner_text() == "核验通过：文件真实、未经改动"

    forged = tmp_path / "forged.pdf"
    altered = bytearray(pdf)
    altered[len(pdf) // 2] ^= 0x01
    forged.write_bytes(bytes(altered))
    page.set_input_files("input[type=file]", str(forged))
    page.get_by_role("button", name="上传并核验").click()
    assert page.locator(".cert-result-title").inner_text() == "核验未通过：不是平台签发的原件"


def test_verification_desk_fits_a_phone(live_server, phone_page):
    phone_page.goto(f"{live_server.url}/verify/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.fill("#id_number", "abcde")
    phone_page.get_by_role("button", name="查询", exact=True).last.click()
    assert "证书编号格式不正确" in phone_page.locator(".errorlist").inner_text()
