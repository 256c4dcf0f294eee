"""In Chromium: a company makes a credit commitment online with the e-mailed code and gets its
承诺编码; the department's operator accepts it and records 部分履行; once a reviewer approves the
fulfilment the company's profile shows it."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from records import models as m
from tests import factories as f
from tests.browser import assert_no_axe_violations, staff_page
from tests.records.personas import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def scene(people):
    """A company with a contact e-mail; 王市监 of the market regulator accepts its commitment and
    陈审核 approves the fulfilment."""
    company = f.subject(name="西安承诺示范餐饮有限公司", contact_email="boss@chengnuo.example.cn")
    # Transaction tests flush what the migrations seeded: the credit office's standard texts here.
    m.CommitmentTemplate.objects.all().delete()
    for kind in ("审批替代型", "容缺受理型"):
        m.CommitmentTemplate.objects.create(
            commitment_type=kind,
            title=f"{kind}标准承诺书",
            content=f"本单位按{kind}承诺：所提交材料真实有效，按期补齐、依法经营。",
            liability="如违反承诺，自愿接受依法处理并记入信用记录。",
        )
    return {"market": people.market, "company": company}


def test_commit_online_accept_and_record_partial_fulfilment(live_server, page, browser, people, scene):
    company, market = scene["company"], scene["market"]
    template = m.CommitmentTemplate.objects.filter(commitment_type="容缺受理型").first()
    valid_until = (timezone.localdate().replace(day=1) + datetime.timedelta(days=400)).isoformat()

    # The company starts from its profile.
    page.goto(f"{live_server.url}/subjects/{company.uscc}/")
    page.get_by_role("link", name="在线作出信用承诺").click()
    assert page.locator("h1").inner_text() == "在线作出信用承诺"
    assert page.get_by_label("统一社会信用代码").input_value() == company.uscc
    assert_no_axe_violations(page)
    page.get_by_label("承诺受理单位").select_option(label=f"{market.name}（西安市）")
    page.get_by_label("承诺类型").select_option("容缺受理型")
    # The static script filled in the credit office's standard text.
    assert page.get_by_label("承诺内容").input_value() == template.content
    assert page.get_by_label("违诺责任").input_value() == template.liability
    page.get_by_label("承诺事由").fill("申请食品经营许可容缺受理（缺健康证明）")
    page.get_by_label("承诺有效期至").fill(valid_until)
    page.get_by_role("button", name="获取验证码").click()
    assert (
        "验证码已发送至该主体登记的联系邮箱 b***@chengnuo.example.cn"
        in page.locator(".form-notice").inner_text()
    )
    # What was typed survives sending the code.
    assert page.get_by_label("承诺事由").input_value() == "申请食品经营许可容缺受理（缺健康证明）"
    code = re.search(r"验证码为 (\d{6})", mail.outbox[-1].body).group(1)
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name="确认并提交承诺").click()
    assert page.locator("h1").inner_text() == "信用承诺已提交"
    number = page.locator("#commitment-number").inner_text()
    assert re.fullmatch(r"610100\d{8}\d{6}", number)
    assert_no_axe_violations(page)
    record = m.Commitment.objects.get(document_number=number)
    assert record.status == m.RecordStatus.SUBMITTED and record.valid_until.isoformat() == valid_until

    # The accepting department's operator accepts it in the admin.
    operator = staff_page(browser, live_server, people.operator.username, PASSWORD)
    operator.goto(f"{live_server.url}/admin/records/commitment/{record.pk}/change/")
    operator.click("a.workflow-accept")
    operator.click("input[type=submit].default")
    operator.wait_for_selector("ul.messagelist li.success")
    record.refresh_from_db()
    assert record.status == m.RecordStatus.PUBLISHED
    assert "已由西安市市场监督管理局受理" in mail.outbox[-1].body

    # Later: 部分履行 needs what was not fulfilled and the liability pursued.
    operator.click("a.workflow-fulfilment")
    operator.get_by_label("部分履行").check()
    operator.click("input[type=submit].default")
    errors = operator.locator(".errorlist").all_inner_texts()
    assert "未履行的承诺内容：承诺履行状态为部分履行时必填。" in errors
    assert "违诺责任追究内容：承诺履行状态为部分履行时必填。" in errors
    operator.get_by_label("未履行的承诺内容").fill("未在承诺期限内补交健康证明")
    operator.get_by_label("违诺责任追究内容").fill("终止容缺受理并记入信用记录")
    operator.click("input[type=submit].default")
    operator.wait_for_selector("ul.messagelist li.success")
    assert "待审核修改" in operator.locator("ul.messagelist li.success").inner_text()
    operator.context.close()

    # A reviewer approves the fulfilment (four eyes); the profile shows it.
    revision = m.Revision.objects.get(record_kind="commitment", record_id=record.pk)
    reviewer = staff_page(browser, live_server, people.reviewer.username, PASSWORD)
    reviewer.goto(f"{live_server.url}/admin/records/revision/transition/approve/?ids={revision.pk}")
    reviewer.click("input[type=submit].default")
    reviewer.wait_for_selector("ul.messagelist li.success")
    reviewer.context.close()

    page.goto(f"{live_server.url}/subjects/{company.uscc}/")
    section = page.locator("#kind-commitment")
    assert "申请食品经营许可容缺受理（缺健康证明）" in section.inner_text()
    assert "部分履行" in section.inner_text()


def test_the_form_at_desktop_and_phone_widths(live_server, browser, scene, tmp_path):
    company = scene["company"]
    for width, height, name in ((1366, 900, "desktop"), (375, 740, "phone")):
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{live_server.url}/commitments/new/?uscc={company.uscc}&type=审批替代型")
        # Nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / f"commitment-form-{name}.png"), full_page=True)
        context.close()
