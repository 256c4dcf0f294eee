"""The public online commitment form (/commitments/new/): the standard text, the e-mailed code,
Chinese errors naming the field, and what the public sees once the department accepts."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from publicity.certificates.models import ReportAccessCode
from records.models import Commitment, CommitmentTemplate, RecordStatus
from records.services.commitments import commitment_accept
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/commitments/new/"


@pytest.fixture
def company():
    return f.subject(name="陕西秦华建筑工程有限公司", contact_email="office@qinhua.example.cn")


def form(company, department, **kw):
    return {
        "uscc": company.uscc.lower(),
        "department": str(department.pk),
        "commitment_type": "容缺受理型",
        "matter": "申请食品经营许可容缺受理",
        "content": "承诺在十个工作日内补齐健康证明材料。",
        "liability": "逾期未补齐的，同意终止办理并记入信用记录。",
        "valid_until": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        "disclosure": "可向社会公开",
        **kw,
    }


def send_code(client, data) -> str:
    response = client.post(URL, {**data, "send_code": "1"})
    assert response.status_code == 200, response.content.decode()[:3000]
    assert "验证码已发送至该主体登记的联系邮箱 o***@qinhua.example.cn" in response.content.decode()
    return re.search(r"验证码为 (\d{6})", mail.outbox[-1].body).group(1)


def commit(client, company, department, **kw) -> Commitment:
    data = form(company, department, **kw)
    code = send_code(client, data)
    response = client.post(URL, {**data, "code": code})
    assert response.status_code == 200, response.content.decode()[:3000]
    return Commitment.objects.get(document_number=re.search(r"\d{20}", response.content.decode()).group(0))


def test_the_page_offers_the_departments_and_the_standard_texts(client, people):
    page = client.get(URL).content.decode()
    assert "在线作出信用承诺" in page and people.market.name in page
    template = CommitmentTemplate.objects.filter(commitment_type="审批替代型").first()
    assert f'data-content="{template.content}"' in page
    assert "<script>" not in page  # the JS is a static file (CSP)


def test_the_standard_text_without_javascript(client, people, company):
    data = form(company, people.market, commitment_type="证明事项型", content="", liability="")
    page = client.post(URL, {**data, "use_template": "1"}).content.decode()
    template = CommitmentTemplate.objects.filter(commitment_type="证明事项型").first()
    assert template.content in page and template.liability in page
    # The profile links here with the company's code filled in.
    assert company.uscc in client.get(f"{URL}?uscc={company.uscc}").content.decode()
    profile = client.get(reverse("publicity:subject", args=[company.uscc])).content.decode()
    assert f"{URL}?uscc={company.uscc}" in profile


def test_a_company_commits_with_the_emailed_code_and_gets_its_number(client, people, company):
    record = commit(client, company, people.market)
    assert len(record.document_number) == 20
    assert record.document_number.startswith(f"610100{timezone.localdate():%Y%m%d}")
    assert record.status == RecordStatus.SUBMITTED and record.made_online
    assert record.subject == company and record.department == people.market
    assert record.commitment_type == "容缺受理型"
    assert record.document_number in mail.outbox[-1].body  # the confirmation mail
    # The code is spent.
    assert ReportAccessCode.objects.get(purpose="commitment").used_at is not None


def test_wrong_and_expired_codes_are_refused(client, people, company):
    data = form(company, people.market)
    code = send_code(client, data)
    wrong = "000000" if code != "000000" else "111111"
    page = client.post(URL, {**data, "code": wrong}).content.decode()
    assert "验证码不正确，还可尝试" in page
    ReportAccessCode.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(URL, {**data, "code": code})
    assert response.status_code == 403
    assert "验证码不正确或已失效" in response.content.decode()
    assert not Commitment.objects.exists()
    assert client.post(URL, data).status_code == 403  # no code at all


def test_a_report_code_does_not_make_a_commitment(client, people, company):
    from publicity.certificates.access import access_code_send

    access_code_send(company, "127.0.0.1")
    code = re.search(r"验证码为 (\d{6})", mail.outbox[-1].body).group(1)
    page = client.post(URL, {**form(company, people.market), "code": code}).content.decode()
    assert "验证码不正确或已失效" in page
    assert not Commitment.objects.exists()


def test_bad_input_gets_chinese_errors_naming_the_field(client, people, company):
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    data = form(company, people.market, matter="", liability="", valid_until=past, commitment_type="随便型")
    response = client.post(URL, {**data, "code": "123456"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "请填写承诺事由" in page and "请填写违诺责任" in page
    assert "承诺有效期不能早于今天" in page
    assert "承诺类型无效，请从列表中选择" in page
    page = client.post(URL, {**form(company, people.market, uscc="91610100MA6TABCD0"), "send_code": "1"})
    assert "统一社会信用代码应为18位字母和数字" in page.content.decode()
    unknown = f.uscc("610300")
    page = client.post(URL, {**form(company, people.market, uscc=unknown), "send_code": "1"}).content.decode()
    assert f"平台没有代码为 {unknown} 的主体" in page
    no_mail = f.subject(name="陕西无邮箱有限公司", uscc=f.uscc("610400"))
    page = client.post(URL, {**form(no_mail, people.market), "send_code": "1"}).content.decode()
    assert "没有登记联系邮箱" in page


def test_shown_once_accepted_and_only_as_its_disclosure_allows(client, people, company):
    public = commit(client, company, people.market, matter="申请食品经营许可容缺受理")
    private = commit(client, company, people.market, matter="不公开的承诺事由", disclosure="不可公开")
    restricted = commit(
        client, company, people.market, matter="政府内部的承诺事由", disclosure="特定范围内公开"
    )
    profile_url = reverse("publicity:subject", args=[company.uscc])
    assert "申请食品经营许可容缺受理" not in client.get(profile_url).content.decode()  # not yet accepted
    for record in (public, private, restricted):
        commitment_accept(record, people.operator)
    profile = client.get(profile_url).content.decode()
    column = client.get(reverse("publicity:column", args=["commitment"])).content.decode()
    for page in (profile, column):
        assert "申请食品经营许可容缺受理" in page
        assert "不公开的承诺事由" not in page and "政府内部的承诺事由" not in page
    assert client.get(reverse("publicity:record", args=["commitment", private.pk])).status_code == 404
