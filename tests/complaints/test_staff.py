"""The staff workspace, persona by persona: 郑无岗 (no role), 赵环保 of another department,
王市监 of the handling department, 钱审计 the auditor and 吴投诉 of the credit office each see
exactly what they should, and two-factor guards the workspace like every staff page."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from complaints.models import Case
from tests.complaints import factories as cf
from tests.records.personas import PASSWORD, authenticator, otp_code

pytestmark = pytest.mark.django_db
LIST = "/complaints/staff/"


@pytest.fixture
def market_case(people):
    """A complaint with evidence, forwarded to the market regulator."""
    return cf.forwarded(people, files=[cf.upload("收据.png")])


def _as(client, user):
    client.force_login(user)
    return client


def _detail(case):
    return f"{LIST}{case.pk}/"


def _file(case):
    return f"{_detail(case)}files/{case.attachments.get().pk}/"


# --- who gets in -------------------------------------------------------------------------


def test_a_visitor_is_sent_to_the_login(client, market_case):
    for url in (LIST, _detail(market_case), _file(market_case)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")


def test_an_outsider_is_refused_everywhere(client, people, market_case):
    _as(client, people.outsider)
    for url in (LIST, _detail(market_case), _file(market_case)):
        response = client.get(url)
        assert response.status_code == 403 and "无权访问" in response.content.decode()


def test_the_one_staff_login_brings_a_department_user_to_the_workspace(client, people):
    # The workspace's old login address leads to the one staff login, and back.
    login = client.get("/complaints/staff/login/")
    assert login.status_code == 302 and login["Location"].startswith("/admin/login/")
    response = client.post(
        login["Location"],
        {"username": people.operator.username, "password": PASSWORD, "next": LIST},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == LIST and "投诉举报案件" in response.content.decode()


# --- another department ------------------------------------------------------------------


def test_another_department_sees_no_trace_of_the_case(client, people, market_case):
    _as(client, people.other_operator)
    page = client.get(LIST).content.decode()
    assert market_case.tracking_number not in page and "没有符合条件的案件" in page
    assert client.get(_detail(market_case)).status_code == 404
    assert client.get(_file(market_case)).status_code == 404
    response = client.post(f"{_detail(market_case)}act/", {"action": "reply", "note": "越权答复"})
    assert response.status_code == 404
    assert Case.objects.get().state == "forwarded"


# --- the handling department -------------------------------------------------------------


def test_the_handling_department_sees_case_complainant_and_evidence(client, people, market_case):
    _as(client, people.operator)
    assert market_case.tracking_number in client.get(LIST).content.decode()
    page = client.get(_detail(market_case)).content.decode()
    assert "李娜" in page and "13900000001" in page and "收据.png" in page
    assert 'data-action="start"' in page and 'data-action="reply"' in page and 'data-action="return"' in page
    assert 'data-action="accept"' not in page and 'data-action="forward"' not in page
    response = client.get(_file(market_case))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_department_replies_and_the_complainant_is_told(
    client, people, market_case, django_capture_on_commit_callbacks
):
    _as(client, people.operator)
    client.post(f"{_detail(market_case)}act/", {"action": "start", "note": ""})
    assert Case.objects.get().state == "in_progress"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{_detail(market_case)}act/", {"action": "reply", "note": "已责令企业退款。"})
    case = Case.objects.get()
    assert case.state == "concluded" and case.reply == "已责令企业退款。"
    assert mail.outbox[-1].to == ["lina@example.cn"] and "已责令企业退款。" in mail.outbox[-1].body


def test_the_department_cannot_act_for_the_credit_office(client, people, market_case):
    _as(client, people.operator)
    response = client.post(f"{_detail(market_case)}act/", {"action": "archive", "note": ""}, follow=True)
    assert "您无权执行“归档”操作" in response.content.decode()
    assert client.post(f"{_detail(market_case)}forward/", {"departments": []}).status_code == 404
    assert client.post(f"{_detail(market_case)}publish/", {"title": "x"}).status_code == 404


def test_a_reply_without_text_is_refused_in_chinese(client, people, market_case):
    _as(client, people.operator)
    response = client.post(f"{_detail(market_case)}act/", {"action": "reply", "note": " "}, follow=True)
    assert "请填写答复内容（投诉举报人可见）" in response.content.decode()
    assert Case.objects.get().state == "forwarded"


def test_after_sending_back_the_department_no_longer_sees_the_complainant(client, people, market_case):
    _as(client, people.operator)
    client.post(f"{_detail(market_case)}act/", {"action": "return", "note": "不属于本部门职责"})
    assert Case.objects.get().state == "returned"
    page = client.get(_detail(market_case)).content.decode()
    assert "李娜" not in page and "13900000001" not in page
    assert "仅对正在办理本案的工作人员可见" in page
    assert client.get(_file(market_case)).status_code == 404


# --- the credit office -------------------------------------------------------------------


def test_the_credit_office_triages_accepts_and_forwards(client, people, django_capture_on_commit_callbacks):
    case = cf.case()
    _as(client, people.complaint_handler)
    page = client.get(_detail(case)).content.decode()
    assert "李娜" in page and 'data-action="accept"' in page and 'data-action="refuse"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{_detail(case)}act/", {"action": "accept", "note": ""})
    assert Case.objects.get().state == "accepted"
    assert "已受理" in mail.outbox[-1].subject
    departments = [people.market.pk, people.ecology.pk]
    client.post(f"{_detail(case)}forward/", {"departments": departments, "note": "请联合处理"})
    case = Case.objects.get()
    assert case.state == "forwarded" and case.assignments.count() == 2
    assert case.handle_due and not case.events.get(action="forward_note").public


def test_the_credit_office_refuses_with_a_reason(client, people, django_capture_on_commit_callbacks):
    case = cf.case()
    _as(client, people.complaint_handler)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{_detail(case)}act/", {"action": "refuse", "note": "不属于受理范围"})
    assert Case.objects.get().state == "refused"
    assert "不予受理" in mail.outbox[-1].subject and "不属于受理范围" in mail.outbox[-1].body


def test_forwarding_needs_a_department(client, people):
    case = cf.accepted(people)
    _as(client, people.complaint_handler)
    response = client.post(f"{_detail(case)}forward/", {"departments": []})
    assert response.status_code == 400 and "请至少选择一个承办部门" in response.content.decode()


def test_the_credit_office_sees_every_case_and_filters_them(client, people, market_case):
    waiting = cf.case(title="等待受理的案件")
    ecology_case = cf.forwarded(people, [people.ecology], title="环保案件")
    _as(client, people.complaint_handler)
    page = client.get(LIST).content.decode()
    assert all(c.tracking_number in page for c in (waiting, ecology_case, market_case))
    by_state = client.get(LIST, {"state": "submitted"}).content.decode()
    assert waiting.tracking_number in by_state and market_case.tracking_number not in by_state
    by_department = client.get(LIST, {"department": people.ecology.pk}).content.decode()
    assert ecology_case.tracking_number in by_department and market_case.tracking_number not in by_department


def test_overdue_cases_are_flagged_and_filterable(client, people, market_case):
    late = cf.case(title="超期未受理")
    Case.objects.filter(pk=late.pk).update(accept_due=datetime.date(2025, 10, 14))
    _as(client, people.complaint_handler)
    page = client.get(LIST, {"overdue": "1"}).content.decode()
    assert late.tracking_number in page and market_case.tracking_number not in page
    assert "超期" in page


def test_list_query_count_does_not_grow_with_cases(client, people, django_assert_max_num_queries):
    for n in range(12):
        cf.case(title=f"案件{n}")
    _as(client, people.complaint_handler)
    with django_assert_max_num_queries(10):
        assert client.get(LIST).status_code == 200


def test_escaped_everywhere_in_the_workspace(client, people):
    case = cf.case(
        title="<b>粗体</b>", facts="<script>alert(1)</script>事实经过", complainant_name="<i>x</i>"
    )
    _as(client, people.complaint_handler)
    page = client.get(_detail(case)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>粗体</b>" not in page and "<i>x</i>" not in page


def test_attachments_are_not_reachable_by_a_public_url(client, market_case, settings):
    name = market_case.attachments.get().file.name
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404
    assert client.get(f"/static/{name}").status_code == 404


def test_the_office_admin_links_users_to_handling_departments(client, people):
    # Department staff are linked through the shared StaffProfile (用户 → 所属部门).
    _as(client, people.office_admin)
    page = client.get("/admin/records/staffprofile/").content.decode()
    assert people.operator.username in page and "西安市市场监督管理局" in page
    assert client.get("/admin/records/staffprofile/add/").status_code == 200


# --- the auditor -------------------------------------------------------------------------


def test_the_auditor_sees_no_case_in_the_workspace(client, people, market_case):
    # 审计员 reads the audit trail, not complaints: the credit office department it belongs to
    # handles no case, so the list is empty and a case is not found.
    _as(client, people.auditor)
    page = client.get(LIST).content.decode()
    assert market_case.tracking_number not in page and "没有符合条件的案件" in page
    assert client.get(_detail(market_case)).status_code == 404
    assert client.get(_file(market_case)).status_code == 404
    response = client.post(f"{_detail(market_case)}act/", {"action": "archive", "note": "审计"})
    assert response.status_code == 404
    assert Case.objects.get().state == "forwarded"


# --- two-factor --------------------------------------------------------------------------


def test_a_handler_whose_role_needs_two_factor_sets_it_up_before_any_case(client, people, settings):
    settings.STAFF_OTP_ROLES = ["投诉处理员"]
    case = cf.case()
    _as(client, people.complaint_handler)
    for url in (LIST, _detail(case)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("admin:two_factor"), url
    # Roles the setting does not name go on as before.
    _as(client, people.operator)
    assert client.get(LIST).status_code == 200


def test_with_an_authenticator_the_password_alone_opens_no_case(people, market_case):
    device = authenticator(people.complaint_handler)
    client = Client()
    login = {"username": people.complaint_handler.username, "password": PASSWORD, "next": LIST}
    page = client.post(reverse("admin:login"), login)
    assert "该账号已开启两步验证，请输入动态验证码" in page.content.decode()
    response = client.get(_detail(market_case))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")

    response = client.post(reverse("admin:login"), {**login, "otp_token": otp_code(device)})
    assert response.status_code == 302 and response["Location"] == LIST
    page = client.get(_detail(market_case)).content.decode()
    assert market_case.tracking_number in page and "李娜" in page
