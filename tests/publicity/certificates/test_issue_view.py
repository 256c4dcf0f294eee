"""Issuing a certificate from /subjects/<uscc or id>/certificate/: the form, the download, bad input."""

import hashlib

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from publicity.certificates.models import Certificate
from tests import factories as f
from tests.publicity.certificates.factories import company_with_every_kind
from tests.publicity.certificates.pdftools import pdf_text

pytestmark = pytest.mark.django_db

VALID = {"purpose": "bidding", "purpose_detail": "", "requester_org": "西安市公共资源交易中心"}


@pytest.fixture
def story():
    return company_with_every_kind()


def url(key):
    return reverse("certificates:new", args=[key])


def test_form_names_the_subject_and_the_purposes(client, story):
    response = client.get(url(story.subject.uscc))
    page = response.content.decode()
    assert response.status_code == 200
    assert story.subject.name in page and story.subject.uscc in page
    for label in ["政府采购", "行政许可", "招标投标", "评先评优", "其他"]:
        assert label in page
    assert "申请单位" in page
    assert f'<option value="{story.department.name}">' in page  # registered departments are suggested


def test_subject_found_by_id_and_by_lower_case_code(client, story):
    assert client.get(url(story.subject.pk)).status_code == 200
    assert client.get(url(story.subject.uscc.lower())).status_code == 200


def test_issuing_downloads_a_signed_pdf_and_logs_the_query(client, story):
    response = client.post(url(story.subject.uscc), VALID, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    certificate = Certificate.objects.get()
    assert response["X-Certificate-Number"] == certificate.number
    assert certificate.pdf_sha256 == hashlib.sha256(response.content).hexdigest()
    assert certificate.requester_ip == "203.0.113.7"
    assert certificate.purpose == "bidding" and certificate.requester_org == "西安市公共资源交易中心"
    assert certificate.subject == story.subject and certificate.serial
    text = pdf_text(response.content)
    assert story.subject.name in text and "招标投标" in text
    for number in story.public_numbers():
        assert number in text


def test_requesting_department_is_linked_when_the_name_matches(client, story):
    client.post(url(story.subject.uscc), {**VALID, "requester_org": story.department.name})
    assert Certificate.objects.get().department == story.department


@pytest.mark.parametrize(
    "data, field_message",
    [
        ({"purpose": ""}, "请选择查询事由"),
        ({"purpose": "lottery"}, "查询事由无效"),
        ({"purpose": "other", "purpose_detail": ""}, "选择“其他”时请填写事由说明"),
        ({"purpose": "other", "purpose_detail": "长" * 101}, "事由说明不能超过100个字（当前101个字）"),
        ({"requester_org": ""}, "请填写申请单位"),
        ({"requester_org": "   "}, "请填写申请单位"),
        ({"requester_org": "单" * 150}, "申请单位不能超过100个字（当前150个字）"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_no_certificate(client, story, data, field_message):
    response = client.post(url(story.subject.uscc), {**VALID, **data})
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not Certificate.objects.exists()


def test_markup_in_the_purpose_is_shown_as_text(client, story):
    detail = "<script>alert(1)</script>"
    response = client.post(url(story.subject.uscc), {**VALID, "purpose": "other", "purpose_detail": detail})
    assert detail in pdf_text(response.content).replace(" ", "")


@pytest.mark.parametrize("key", ["91610000MA6TG1XX9Q", "999999999", "abc", "1" * 40])
def test_unknown_subject_gets_a_404_page_in_chinese(client, key):
    response = client.get(url(key))
    assert response.status_code == 404
    assert "未找到该信用主体" in response.content.decode()
    assert client.post(url(key), VALID).status_code == 404
    assert not Certificate.objects.exists()


def test_without_a_signing_key_the_form_says_so(client, story, settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / "missing.pem")
    response = client.post(url(story.subject.uscc), VALID)
    assert response.status_code == 503
    assert "签章密钥尚未配置" in response.content.decode()
    assert not Certificate.objects.exists()


def test_issuing_is_throttled_per_address(client, story, settings):
    settings.CERTIFICATE_ISSUE_RATE = "2/day"
    for _ in range(2):
        assert client.post(url(story.subject.uscc), VALID, REMOTE_ADDR="198.51.100.1").status_code == 200
    limited = client.post(url(story.subject.uscc), VALID, REMOTE_ADDR="198.51.100.1")
    assert limited.status_code == 429
    assert "请求次数过多" in limited.content.decode() and int(limited["Retry-After"]) > 0
    assert Certificate.objects.count() == 2
    # another address is not affected
    assert client.post(url(story.subject.uscc), VALID, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_staff_are_not_throttled_and_are_logged_as_the_operator(client, people, story, settings):
    settings.CERTIFICATE_ISSUE_RATE = "1/day"
    user = people.operator  # 王市监 checking a bidder
    client.force_login(user)
    for _ in range(2):
        assert client.post(url(story.subject.uscc), VALID).status_code == 200
    assert set(Certificate.objects.values_list("requested_by", flat=True)) == {user.pk}


def test_profile_button_links_to_the_form(story):
    html = render_to_string("publicity/includes/certificate_button.html", {"subject": story.subject})
    assert "打印信用查询结果" in html and url(story.subject.uscc) in html
    person = f.subject(name="王五", kind="person")
    assert url(person.pk) in render_to_string(
        "publicity/includes/certificate_button.html", {"subject": person}
    )
