"""专项信用报告: what the PDF states per field, who may ask for it, bad input, verification and
the superseded status, and the query log."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publicity.certificates.models import Certificate, ReportAccessCode
from tests import factories as f
from tests.publicity.certificates.pdftools import pdf_text
from tests.publicity.certificates.report_factories import company_with_report_records, report_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(people):
    return company_with_report_records(market=people.market, ecology=people.ecology)


def url(subject):
    return reverse("certificates:report", args=[subject.uscc])


def request_as_staff(people, story, **kw):
    return people.client(people.operator).post(url(story.subject), report_form(**kw))


def send_code(client, subject) -> str:
    response = client.post(url(subject), {**report_form(), "send_code": "1"})
    assert response.status_code == 200
    assert "验证码已发送至该主体登记的联系邮箱 o***@qinhua.example.cn" in response.content.decode()
    return re.search(r"验证码为 (\d{6})", mail.outbox[-1].body).group(1)


def test_report_names_each_field_with_its_records_or_none_found(people, story):
    response = request_as_staff(people, story)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "专项信用报告" in text
    for name in ["市场监管", "税务", "生态环境"]:
        assert name in text
    # Ecology reported nothing: the field says so.
    assert "生态环境（未发现违法违规记录）" in text
    assert "市场监管（发现4条记录）" in text and "税务（发现1条记录）" in text
    for record in story.shown.values():
        assert record.document_number in text
    # The repaired penalty is shown, marked, not hidden.
    assert "[已修复]行政处罚决定书文号：西市监罚〔2025〕55号" in text
    assert "严重失信主体名单" in text and "失信行为等级：轻微" in text
    for record in story.left_out.values():
        assert record.document_number not in text
    assert "适用的规则版本" in text and "发改财金〔2025〕565号" in text


def test_fields_not_chosen_are_not_in_the_report(people, story):
    text = pdf_text(request_as_staff(people, story, fields=["ecology"]).content)
    assert "生态环境（未发现违法违规记录）" in text
    assert story.shown["penalty"].document_number not in text


def test_verify_by_number_and_by_upload(client, people, story):
    pdf = request_as_staff(people, story).content
    report = Certificate.objects.get(doc_type="report")
    page = client.get(reverse("certificates:detail", args=[report.number]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "专项信用报告核验" in html and "报告状态：有效" in html
    assert story.shown["repaired"].document_number in html and "已修复" in html
    upload = SimpleUploadedFile("report.pdf", pdf, content_type="application/pdf")
    checked = client.post(reverse("certificates:verify"), {"file": upload})
    assert "核验通过：文件真实、未经改动" in checked.content.decode()
    assert "签发的专项信用报告原件" in checked.content.decode()


def test_newer_report_for_same_fields_supersedes(client, people, story):
    request_as_staff(people, story)
    first = Certificate.objects.get(doc_type="report")
    request_as_staff(people, story, fields=["tax"])  # other fields: the first stays valid
    html = client.get(reverse("certificates:detail", args=[first.number])).content.decode()
    assert "报告状态：有效" in html
    request_as_staff(people, story, fields=["ecology", "tax", "market"])
    html = client.get(reverse("certificates:detail", args=[first.number])).content.decode()
    assert "报告状态：已被新报告替代" in html
    newest = Certificate.objects.filter(doc_type="report").first()
    assert (
        "报告状态：有效" in client.get(reverse("certificates:detail", args=[newest.number])).content.decode()
    )


def test_anonymous_without_code_is_refused_with_who_may(client, story):
    response = client.post(url(story.subject), report_form())
    assert response.status_code == 403
    html = response.content.decode()
    assert "只有该主体本人或部门工作人员可以申请其专项信用报告" in html
    assert not Certificate.objects.exists()


def test_staff_without_role_counts_as_public(people, story):
    response = people.client(people.outsider).post(url(story.subject), report_form())
    assert response.status_code == 403


def test_company_itself_with_emailed_code(client, story):
    code = send_code(client, story.subject)
    assert mail.outbox[-1].to == ["office@qinhua.example.cn"]
    response = client.post(url(story.subject), report_form(code=code))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    report = Certificate.objects.get()
    assert report.requester_kind == Certificate.RequesterKind.SUBJECT
    assert report.requester_contact == "o***@qinhua.example.cn"
    assert report.requester_org == story.subject.name and report.requested_by is None
    # The code is spent.
    again = client.post(url(story.subject), report_form(code=code))
    assert again.status_code == 403 and "验证码不正确或已失效" in again.content.decode()


def test_code_of_one_company_does_not_open_another(client, story):
    code = send_code(client, story.subject)
    other = f.subject(name="陕西另一家建材有限公司", contact_email="boss@other.example.cn")
    response = client.post(url(other), report_form(code=code))
    assert response.status_code == 403
    assert "验证码只对申请它的主体有效" in response.content.decode()
    assert not Certificate.objects.exists()


def test_wrong_codes_are_limited(client, settings, story):
    settings.REPORT_CODE_ATTEMPTS = 2
    code = send_code(client, story.subject)
    wrong = "000000" if code != "000000" else "111111"
    first = client.post(url(story.subject), report_form(code=wrong)).content.decode()
    assert "验证码不正确，还可尝试 1 次" in first
    client.post(url(story.subject), report_form(code=wrong))
    locked = client.post(url(story.subject), report_form(code=code)).content.decode()
    assert "该验证码错误次数过多，已失效" in locked
    assert not Certificate.objects.exists()


def test_code_hashed_and_no_contact_means_no_code(client, story):
    code = send_code(client, story.subject)
    assert code not in ReportAccessCode.objects.get().code_hash
    silent = f.subject(name="陕西无邮箱商贸有限公司")
    response = client.post(url(silent), {**report_form(), "send_code": "1"})
    assert "该主体在平台没有登记联系邮箱" in response.content.decode()


def test_query_log_records_staff_requester(people, story):
    request_as_staff(people, story)
    report = Certificate.objects.get()
    assert report.requester_kind == Certificate.RequesterKind.STAFF
    assert report.requested_by == people.operator and report.department == people.market
    assert report.scope == "ecology,market,tax"
    log = people.client(people.office_admin).get(reverse("admin:publicity_certificate_changelist"))
    assert log.status_code == 200
    html = log.content.decode()
    assert "部门工作人员：wang" in html and "专项信用报告" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"years": 6}, "报告期间最长 5 年"),
        ({"period_end": "2999-01-01"}, "报告期间的截止日期不能晚于今天"),
        (
            {"fields": ["market", "astrology"]},
            "没有“astrology”这个领域。可选领域：市场监管、税务、人力资源社会保障",
        ),
        ({"fields": []}, "请至少选择一个领域"),
        ({"purpose": "other"}, "选择“其他”时请填写用途说明"),
    ],
)
def test_bad_input_refused_with_what_is_allowed(people, story, data, message):
    response = request_as_staff(people, story, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Certificate.objects.exists()


def test_no_report_for_a_natural_person(people):
    person = f.subject(name="张三", kind="person")
    response = people.client(people.operator).get(reverse("certificates:report", args=[person.pk]))
    assert response.status_code in (403, 404)
    assert not Certificate.objects.exists()


def test_catalogue_is_kept_by_the_credit_office(people):
    admin_page = people.client(people.office_admin).get(reverse("admin:publicity_reportfield_changelist"))
    assert admin_page.status_code == 200
    for name in [
        "市场监管",
        "税务",
        "人力资源社会保障",
        "生态环境",
        "住房城乡建设",
        "交通运输",
        "应急管理",
        "消防",
    ]:
        assert name in admin_page.content.decode()
    operator = people.client(people.operator).get(reverse("admin:publicity_reportfield_changelist"))
    assert operator.status_code == 403


def test_request_page_and_landing(client, story):
    start = client.get(reverse("certificates:report_start"), {"code": story.subject.uscc.lower()})
    assert start.status_code == 302 and start["Location"] == url(story.subject)
    unknown = client.get(reverse("certificates:report_start"), {"code": "91610100MA6TXXXX"})
    assert "统一社会信用代码应为18位" in unknown.content.decode()
    page = client.get(url(story.subject)).content.decode()
    assert "获取验证码" in page and "消防" in page


def test_sending_codes_is_rate_limited(client, settings, story):
    settings.REPORT_CODE_SEND_LIMIT = (1, 3600)
    send_code(client, story.subject)
    again = client.post(url(story.subject), {**report_form(), "send_code": "1"})
    assert again.status_code == 429
    assert "验证码发送过于频繁：每小时最多发送 1 次" in again.content.decode()
    assert len(mail.outbox) == 1
