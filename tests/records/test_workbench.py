"""The staff home page (工作台, the admin index): each role sees what it can do and what waits for
it, and every page it links to opens for that role."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.workbench import links, waiting
from publicity.certificates.signing import DEMO_CERT_NAME, DEMO_KEY_NAME
from records import models as m
from records.demo.staff import DEMO_STAFF
from tests import factories as f

pytestmark = pytest.mark.django_db

ROLES = ["operator", "reviewer", "office_admin", "auditor", "complaint_handler", "outsider"]
# What each persona's workbench must offer (labels), and must not.
EXPECTED = {
    "operator": (
        {"文件导入", "报送批次", "报送及时性", "数据接口文档", "投诉举报工作台", "已公示信息的修改"},
        {"接口令牌", "审核队列", "委托报送", "名单自行公示授权"},
    ),
    "reviewer": ({"审核队列", "报送批次"}, {"文件导入", "接口令牌"}),
    "office_admin": (
        {
            "文件导入",
            "报送批次",
            "审核队列",
            "接口令牌",
            "信用查询记录",
            "审计记录",
            "委托报送",
            "名单自行公示授权",
        },
        set(),
    ),
    "auditor": (
        {"审计记录", "报送批次", "信用查询记录", "接口令牌", "已公示信息的修改", "委托报送"},
        {"文件导入", "审核队列"},
    ),
    "complaint_handler": ({"投诉举报工作台"}, {"文件导入", "审核队列", "报送批次"}),
    "outsider": (set(), {"文件导入", "报送批次", "审核队列", "投诉举报工作台"}),
}


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize("role", ROLES)
def test_workbench_lists_what_the_role_can_do_and_every_link_opens(people, role):
    user = getattr(people, role)
    client = people.client(user)
    home = client.get(reverse("admin:index"))
    assert home.status_code == 200 and "工作台" in text(home)
    labels = {link.label for link in links(user)}
    must, must_not = EXPECTED[role]
    assert must <= labels and not (must_not & labels)
    for link in [*links(user), *waiting(user)]:
        assert link.url.replace("&", "&amp;") in home.content.decode()
        assert client.get(link.url).status_code == 200, (role, link.label, link.url)


def test_refusal_of_another_departments_record_does_not_blame_a_missing_role(people):
    other = f.penalty(f.subject(), people.ecology, status=m.RecordStatus.DRAFT)
    response = people.client(people.operator).post(
        reverse("admin:records_penalty_change", args=[other.pk]), {"subject_name": "x"}
    )
    assert response.status_code in (302, 403, 404)
    if response.status_code == 403:
        assert "拥有此权限的角色" not in text(response)


def test_staff_path_leads_to_the_workbench(people):
    response = people.client(people.operator).get("/staff/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:index") and "我的工作" in text(response)


def test_outsider_is_told_to_ask_for_a_role(people):
    page = text(people.client(people.outsider).get(reverse("admin:index")))
    assert "尚未分配角色" in page and "请联系信用办管理员" in page


def test_what_waits_for_reviewer_and_operator_with_counts(people):
    for n in range(2):
        f.list_entry(
            f.subject(name=f"待审核企业{n}有限公司"),
            people.market,
            status=m.RecordStatus.SUBMITTED,
            entered_by=people.operator,
            submitted_by=people.operator,
            document_number=f"西市监列〔2026〕{n + 20}号",
        )
    f.penalty(
        f.subject(name="退回企业有限公司"),
        people.market,
        status=m.RecordStatus.RETURNED,
        status_reason="违法事实不清",
        entered_by=people.operator,
    )
    f.penalty(f.subject(name="生态退回有限公司"), people.ecology, status=m.RecordStatus.RETURNED)

    reviewer = text(people.client(people.reviewer).get(reverse("admin:index")))
    assert re.search(r"待审核：红黑名单 2\b", reviewer)
    queue = people.client(people.reviewer).get(reverse("admin:review_queue"))
    assert "共 2 条记录待审核" in text(queue) and "待审核企业0有限公司" in text(queue)

    operator = text(people.client(people.operator).get(reverse("admin:index")))
    assert re.search(r"已退回：行政处罚 1\b", operator)  # their own, not 西安市生态环境局's
    assert "待审核：" not in operator
    returned = people.client(people.operator).get(
        reverse("admin:records_penalty_changelist") + "?status__exact=returned"
    )
    assert "退回企业有限公司" in text(returned) and "生态退回有限公司" not in text(returned)


def test_review_queue_is_refused_to_operators_in_chinese(people):
    response = people.client(people.operator).get(reverse("admin:review_queue"))
    assert response.status_code == 403 and "审核队列" in text(response) and "信用办审核员" in text(response)


def test_every_demo_login_works_and_reaches_its_job(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / "signing" / DEMO_KEY_NAME)
    settings.CERTIFICATE_SIGNING_CERT = str(tmp_path / "signing" / DEMO_CERT_NAME)
    call_command("demo_setup", subjects=30, verbosity=0)
    call_command("demo_setup", subjects=30, verbosity=0)  # re-running changes no account
    jobs = {
        "demo_office": reverse("admin:records_apitoken_add"),
        "demo_reviewer": reverse("admin:review_queue"),
        "demo_operator": reverse("records:import"),
        "demo_rsj": reverse("records:import"),
        "demo_complaints": reverse("complaints:staff_list"),
        "demo_auditor": reverse("admin:records_auditentry_changelist"),
    }
    waiting = {
        "demo_reviewer": r"待审核：红黑名单 1\b",
        "demo_operator": r"已退回：红黑名单 1\b",
        "demo_complaints": r"投诉举报待受理 1\b",
    }
    for account in DEMO_STAFF:
        client = Client()
        assert client.login(username=account.username, password="Xinyong-Demo-2026"), account.username
        home = client.get(reverse("admin:index"))
        assert home.status_code == 200 and account.role in text(home)
        assert client.get(jobs[account.username]).status_code == 200, account.username
        if account.username in waiting:
            assert re.search(waiting[account.username], text(home)), (account.username, text(home))
    office = m.StaffProfile.objects.get(user__username="demo_office")
    assert office.user.groups.get().name == "信用办管理员" and office.user.is_staff
