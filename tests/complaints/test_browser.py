"""The whole flow in Chromium: a citizen complains with evidence, the credit office accepts and
forwards, the department replies, the citizen reads the reply; then a 典型案例 is published."""

import re

import pytest

from complaints import services
from tests.browser import assert_no_axe_violations
from tests.complaints import factories as cf
from tests.records.personas import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _staff_login(browser, live_server, user):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/complaints/staff/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form input[type=submit]")
    page.wait_for_url("**/complaints/staff/")
    return context, page


def test_complaint_from_submission_to_reply(live_server, page, browser, people):
    subject = people.company

    # The citizen files a complaint with a photo as evidence.
    page.goto(live_server.url + "/complaints/")
    page.click("text=我要投诉")
    page.wait_for_url("**/complaints/new/**")
    assert_no_axe_violations(page)
    page.fill("#id_subject_name", "鼎盛")
    page.click("#subject-suggestions button")
    assert page.input_value("#id_subject_uscc") == subject.uscc
    page.select_option("#id_category", label="合同违约")
    page.fill("#id_title", "预付货款后商家拒不发货")
    page.fill("#id_facts", "2026年3月预付货款2万元，对方至今未发货。<script>alert(1)</script>")
    page.set_input_files(
        "#id_attachments", files=[{"name": "转账凭证.png", "mimeType": "image/png", "buffer": cf.PNG}]
    )
    page.fill("#id_complainant_name", "李娜")
    page.fill("#id_complainant_phone", "13900000001")
    page.check("#id_agree")
    page.click("#submit-button")
    page.wait_for_url("**/complaints/receipt/**")
    tracking_number = page.inner_text("#tracking-number")
    query_code = page.inner_text("#query-code")
    assert re.fullmatch(r"TS\d{14}", tracking_number) and len(query_code) == 8

    # The credit office accepts and forwards it to the market regulator.
    context, staff = _staff_login(browser, live_server, people.complaint_handler)
    staff.click(f"text={tracking_number}")
    assert "转账凭证.png" in staff.inner_text("#attachments")
    staff.click('button[data-action="accept"]')
    assert staff.inner_text("#case-state") == "已受理"
    staff.select_option("#id_departments", label="西安市市场监督管理局")
    staff.click('button[data-action="forward"]')
    assert staff.inner_text("#case-state") == "已转办"
    context.close()

    # The department replies.
    context, staff = _staff_login(browser, live_server, people.operator)
    staff.click(f"text={tracking_number}")
    staff.fill("#note-reply", "经现场检查，商家已于2026年4月1日发货并致歉。")
    staff.click('button[data-action="reply"]')
    assert staff.inner_text("#case-state") == "已办结"
    context.close()

    # The citizen reads the reply and says they are satisfied.
    page.goto(live_server.url + "/complaints/track/")
    page.fill("#id_tracking_number", tracking_number)
    page.fill("#id_query_code", query_code.lower())
    page.click("#main button[type=submit]")
    page.wait_for_url(f"**/complaints/track/{tracking_number}/")
    assert "商家已于2026年4月1日发货并致歉" in page.inner_text("#case-reply")
    assert_no_axe_violations(page)
    page.check("input[name=satisfied][value='1']")
    page.click("text=提交评价")
    assert page.inner_text("#case-state") == "已评价"
    # The script typed into the form never ran and stays text.
    assert page.evaluate("document.querySelectorAll('main script').length") == 0


def test_a_disguised_file_is_refused_and_the_text_kept(live_server, page):
    page.goto(live_server.url + "/complaints/new/?kind=report")
    page.fill("#id_subject_name", "某不在库中的公司")
    page.select_option("#id_category", label="虚假宣传")
    page.fill("#id_title", "宣称保健品治病")
    page.fill("#id_facts", "门店宣传其保健品可以治愈糖尿病。")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "照片.png", "mimeType": "image/png", "buffer": b"<html>not an image"}],
    )
    page.check("#id_anonymous")
    assert page.is_hidden("#id_complainant_name")
    page.check("#id_agree")
    page.click("#submit-button")
    page.wait_for_selector("#form-problems")
    assert "文件“照片.png”的内容不是 JPEG、PNG 图片或 PDF 文档" in page.content()
    assert page.input_value("#id_facts") == "门店宣传其保健品可以治愈糖尿病。"
    assert "请重新选择附件" in page.inner_text("#form-problems")


def test_published_typical_case_is_listed(live_server, page, people):
    case = cf.concluded(people)
    services.case_publish_typical(
        case, people.complaint_handler, title="预付款纠纷典型案例", summary="摘要", outcome="已退款"
    )
    page.goto(live_server.url + "/complaints/cases/")
    assert "预付款纠纷典型案例" in page.inner_text("#typical-cases")
    assert "李娜" not in page.content()
    assert_no_axe_violations(page)
