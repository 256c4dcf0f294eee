"""Credit repair and objections end to end in Chromium: the company applies on the public site,
staff handle it in the admin, and the company follows it with its number."""

import pytest

from records import models as m
from tests import factories as f
from tests.browser import assert_no_axe_violations, staff_page
from tests.records.appeal_factories import PDF, old_penalty
from tests.records.personas import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def scene(people):
    """The market regulator's old penalty on the company; 陈审核 and 王市监 handle its appeals."""
    penalty = old_penalty(people.company, people.market, document_number="西市监罚〔2026〕99号")
    return {"penalty": penalty, "company": people.company}


def act(page, live_server, url, button_class, note=""):
    page.goto(live_server.url + url)
    page.click(f"a.{button_class}")
    if note:
        page.fill("#id_note", note)
    page.click("input[type=submit].default")
    page.wait_for_selector("ul.messagelist li.success")


def test_credit_repair_from_application_to_early_end(live_server, page, browser, people, scene, tmp_path):
    penalty, company = scene["penalty"], scene["company"]
    page.goto(live_server.url + "/")
    assert page.locator('[data-kind="penalty"]').inner_text() == "1"

    page.goto(live_server.url + "/repair/apply/")
    assert_no_axe_violations(page)
    page.fill("#id_applicant_name", company.name)
    page.fill("#id_applicant_code", company.uscc)
    page.select_option("#id_record_kind", "penalty")
    page.fill("#id_document_number", "西市监罚〔2026〕99号")
    page.fill("#id_contact_name", "刘经理")
    page.fill("#id_contact_phone", "029-88886666")
    page.fill("#id_reason", "罚款已足额缴纳，违法广告已全部撤下。")
    evidence = tmp_path / "缴款凭证.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#id_attachments", str(evidence))
    page.check("#id_agree")
    page.click(".appeal-form button[type=submit]")
    page.wait_for_load_state()
    errors = page.locator(".form-error").all_inner_texts()
    assert not errors, errors
    page.wait_for_url("**/repair/done/")
    number = page.locator("#appeal-number").inner_text()
    assert number.startswith("XF")

    page.click("text=查看办理进度")
    assert page.locator("#appeal-status").inner_text() == "待审核"

    repair = m.CreditRepair.objects.get(number=number)
    change_url = f"/admin/records/creditrepair/{repair.pk}/change/"
    reviewer = staff_page(browser, live_server, people.reviewer.username, PASSWORD)
    act(reviewer, live_server, change_url, "appeal-accept")
    operator = staff_page(browser, live_server, people.operator.username, PASSWORD)
    act(operator, live_server, change_url, "appeal-approve", "罚款已缴清，整改到位。")
    act(reviewer, live_server, change_url, "appeal-complete")

    page.goto(f"{live_server.url}/repair/track/?number={number}&applicant_code={company.uscc}")
    assert page.locator("#appeal-status").inner_text() == "已完成"
    assert "停止公示" in page.locator("#appeal-decision").inner_text()
    penalty.refresh_from_db()
    assert penalty.status == m.RecordStatus.REPAIRED
    page.goto(live_server.url + "/")
    assert page.locator('[data-kind="penalty"]').inner_text() == "0"
    assert page.locator('[data-kind="commitment"]').inner_text() == "1"


def test_objection_is_corrected_by_the_department(live_server, page, browser, people, scene):
    company = scene["company"]
    page.goto(live_server.url + "/objections/apply/")
    page.fill("#id_applicant_name", company.name)
    page.fill("#id_applicant_code", company.uscc)
    page.select_option("#id_record_kind", "penalty")
    page.fill("#id_document_number", "西市监罚〔2026〕99号")
    page.fill("#id_contact_name", "刘经理")
    page.fill("#id_contact_phone", "13800000000")
    page.fill("#id_wrong_content", "处罚内容有误")
    page.fill("#id_correct_content", "罚款人民币0.5万元")
    page.fill("#id_description", "决定书载明罚款五千元。")
    page.click(".appeal-form button[type=submit]")
    page.wait_for_url("**/objections/done/")
    number = page.locator("#appeal-number").inner_text()

    objection = m.Objection.objects.get(number=number)
    change_url = f"/admin/records/objection/{objection.pk}/change/"
    reviewer = staff_page(browser, live_server, people.reviewer.username, PASSWORD)
    reviewer.goto(live_server.url + change_url)
    reviewer.click("a.appeal-accept")
    reviewer.check("#id_mark_record")
    reviewer.click("input[type=submit].default")
    reviewer.wait_for_selector("ul.messagelist li.success")

    operator = staff_page(browser, live_server, people.operator.username, PASSWORD)
    operator.goto(live_server.url + change_url)
    operator.click("a.appeal-correct")
    operator.select_option("#id_field_1", "content")
    operator.fill("#id_value_1", "罚款人民币0.5万元")
    operator.fill("#id_note", "经核对决定书，已更正处罚内容。")
    operator.click("input[type=submit].default")
    operator.wait_for_selector("ul.messagelist li.success")

    page.goto(f"{live_server.url}/objections/track/?number={number}&applicant_code={company.uscc}")
    assert page.locator("#appeal-status").inner_text() == "已更正"
    assert "已更正处罚内容" in page.locator("#appeal-decision").inner_text()
    scene["penalty"].refresh_from_db()
    assert scene["penalty"].content == "罚款人民币0.5万元"


def test_a_forged_application_shows_the_error_in_the_browser(live_server, page, scene):
    other = f.subject(name="冒名顶替有限公司")
    page.goto(live_server.url + "/repair/apply/")
    page.fill("#id_applicant_name", other.name)
    page.fill("#id_applicant_code", other.uscc)
    page.select_option("#id_record_kind", "penalty")
    page.fill("#id_document_number", "西市监罚〔2026〕99号")
    page.fill("#id_contact_name", "张三")
    page.fill("#id_contact_phone", "13800000000")
    page.fill("#id_reason", "理由")
    page.check("#id_agree")
    page.click(".appeal-form button[type=submit]")
    assert "只能就本主体的信息提出申请" in page.locator("#id_document_number_error").inner_text()
    assert_no_axe_violations(page)
