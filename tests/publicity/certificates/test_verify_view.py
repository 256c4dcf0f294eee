"""/verify/<number> and the upload check: what a citizen or an official holding a copy sees."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publicity.certificates.numbers import new_number
from records import models as m
from tests.publicity.certificates.factories import company_with_every_kind, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return company_with_every_kind()


@pytest.fixture
def issued(story):
    return issue(
        story.subject, purpose="other", purpose_detail="评审专家库入库", requester_org="陕西省财政厅"
    )


def detail(number):
    return reverse("certificates:detail", args=[number])


def upload(client, path, data: bytes, name="查询结果.pdf"):
    return client.post(path, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def test_scanned_url_shows_when_why_and_what_was_certified(client, story, issued):
    cert = issued.certificate
    printed = f"/verify/{cert.number}"  # as printed under the QR code, without a trailing slash
    response = client.get(printed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "本平台签发过编号为" in page
    assert "其他（评审专家库入库）" in page and "陕西省财政厅" in page and cert.serial in page
    assert story.subject.name in page and story.subject.uscc in page
    for number in story.public_numbers():
        assert number in page
    assert cert.requester_ip not in page  # the requester's address is for staff only


def test_later_changes_to_records_do_not_change_a_verified_certificate(client, story, issued):
    penalty = story.public["penalty"]
    penalty.set_status(m.RecordStatus.WITHDRAWN, "行政复议撤销")
    penalty.save()
    assert penalty.document_number in client.get(detail(issued.certificate.number)).content.decode()


def test_typed_number_with_hyphens_and_lower_case_is_found(client, issued):
    number = issued.certificate.number
    typed = "-".join(number[i : i + 5] for i in range(0, 20, 5)).lower()
    response = client.get(reverse("certificates:verify"), {"number": typed})
    assert response.status_code == 302 and response["Location"].endswith(number)
    assert client.get(detail(typed)).status_code == 200


def test_a_random_number_reveals_nothing(client, issued):
    first, second = new_number(), new_number()
    a, b = client.get(detail(first)), client.get(detail(second))
    assert a.status_code == b.status_code == 404
    assert "未找到该编号的文件" in a.content.decode()
    # the two answers differ only in the number echoed back
    grouped = lambda n: "-".join(n[i : i + 5] for i in range(0, 20, 5))  # noqa: E731
    assert a.content.decode().replace(grouped(first), "N") == b.content.decode().replace(grouped(second), "N")


@pytest.mark.parametrize("raw", ["123", "ZZZZZZZZZZZZZZZZZZZZ", "ABC!DEFGHJKMNPQRSTVW", "x" * 60])
def test_malformed_numbers_get_a_clear_message(client, raw):
    response = client.get(detail(raw))
    assert response.status_code == 404
    assert "证书编号格式不正确" in response.content.decode()


def test_malformed_number_in_the_form(client):
    response = client.get(reverse("certificates:verify"), {"number": "ABCDE"})
    assert response.status_code == 400
    assert "证书编号格式不正确" in response.content.decode()


def test_the_issued_file_is_genuine(client, issued):
    response = upload(client, detail(issued.certificate.number), issued.pdf)
    page = response.content.decode()
    assert response.status_code == 200
    assert "核验通过：文件真实、未经改动" in page and 'data-genuine="true"' in page
    assert "数字签名有效" in page


def test_the_issued_file_is_recognised_without_its_number(client, issued):
    response = upload(client, reverse("certificates:verify"), issued.pdf)
    page = response.content.decode()
    assert "核验通过" in page and issued.certificate.number in page


@pytest.mark.parametrize("where", [0.3, 0.5, 0.9])
def test_a_file_with_one_changed_byte_is_refused(client, issued, where):
    altered = bytearray(issued.pdf)
    altered[int(len(altered) * where)] ^= 0x01
    for path in (detail(issued.certificate.number), reverse("certificates:verify")):
        page = upload(client, path, bytes(altered)).content.decode()
        assert "核验未通过" in page and 'data-genuine="false"' in page
        assert any(reason in page for reason in ("数字签名校验失败", "无法读取其数字签名", "没有数字签名"))


def test_a_file_with_bytes_appended_is_refused(client, issued):
    page = upload(client, detail(issued.certificate.number), issued.pdf + b"\n% appended\n").content.decode()
    assert "核验未通过" in page


def test_another_certificate_file_does_not_verify_this_number(client, story, issued):
    other = issue(story.subject)
    page = upload(client, detail(issued.certificate.number), other.pdf).content.decode()
    assert "核验未通过" in page and other.certificate.number in page


def test_an_unsigned_pdf_is_not_genuine(client, issued):
    from publicity.certificates.render import render_pdf

    page = upload(client, detail(issued.certificate.number), render_pdf(issued.certificate)).content.decode()
    assert "核验未通过" in page and "没有数字签名" in page


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 2000, "上传的文件不是 PDF 文件"),
        ("fake.pdf", b"<html>not a pdf</html>", "上传的文件不是 PDF 文件"),
        ("empty.pdf", b"", "上传的文件是空的"),
    ],
)
def test_files_that_are_not_pdfs(client, issued, name, data, message):
    response = upload(client, detail(issued.certificate.number), data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_no_file_chosen(client, issued):
    response = client.post(detail(issued.certificate.number), {})
    assert response.status_code == 400
    assert "请选择要核验的 PDF 文件" in response.content.decode()


def test_a_50_mb_upload_is_refused_with_a_message(client, issued):
    big = b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024)
    for path in (detail(issued.certificate.number), reverse("certificates:verify")):
        response = upload(client, path, big)
        assert response.status_code == 400
        assert "上传的文件过大：最大 10 MB" in response.content.decode()


def test_uploads_need_the_csrf_token(issued):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = upload(strict, detail(issued.certificate.number), issued.pdf)
    assert response.status_code == 403


def test_verification_is_throttled_per_address(client, issued, settings):
    settings.CERTIFICATE_VERIFY_RATE = "3/day"
    for _ in range(3):
        assert client.get(detail(new_number())).status_code == 404
    response = client.get(detail(issued.certificate.number))
    assert response.status_code == 429
    assert "请求次数过多" in response.content.decode()
