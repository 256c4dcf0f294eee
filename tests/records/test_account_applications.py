"""Accounts for departments without a system (seed (二)): apply online with the authorising
letter; the credit office admin approves (the account is created with the one role and the
department, the applicant sets the password from an e-mailed link) or refuses with a reason."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from records import staff
from records.models import AccountApplication, AuditEntry, StaffProfile
from tests.records.appeal_factories import PDF

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Tianbao-Yuan-2026!"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def form_data(dept, **over) -> dict:
    data = {
        "name": "刘填报",
        "department": dept.pk,
        "position": "科员",
        "role": staff.DEPARTMENT_OPERATOR,
        "username": "liu.xsj",
        "phone": "029-87654321",
        "email": "liu@scjg.xa.gov.cn",
        "letter": SimpleUploadedFile("授权函.pdf", PDF, content_type="application/pdf"),
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def apply(dept, **over):
    client = Client()
    response = client.post(reverse("accounts:apply"), form_data(dept, **over))
    return client, response


def test_apply_then_the_office_admin_approves_and_the_applicant_sets_a_password(
    people, django_capture_on_commit_callbacks
):
    client, response = apply(people.market)
    assert response.status_code == 302
    application = AccountApplication.objects.get()
    assert application.status == AccountApplication.Status.PENDING
    assert application.number in text(client.get(response["Location"]))
    assert application.letter_name == "授权函.pdf" and application.letter.name.endswith(".pdf")
    assert "授权函" not in application.letter.name  # stored under a random name
    assert AuditEntry.objects.filter(action="create", object_id=str(application.pk)).exists()

    office = people.client(people.office_admin)
    home = text(office.get(reverse("admin:index")))
    assert re.search(r"平台账号申请待审批 1\b", home)
    change = office.get(reverse("admin:records_accountapplication_change", args=[application.pk]))
    assert "批准开通" in text(change) and "刘填报" in text(change)
    letter = office.get(reverse("admin:records_accountapplication_letter", args=[application.pk]))
    assert b"".join(letter.streaming_content) == PDF

    with django_capture_on_commit_callbacks(execute=True):
        office.post(reverse("admin:records_accountapplication_approve", args=[application.pk]))
    application.refresh_from_db()
    user = application.user
    assert (
        application.status == AccountApplication.Status.APPROVED
        and application.decided_by == people.office_admin
    )
    assert user.username == "liu.xsj" and user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [staff.DEPARTMENT_OPERATOR]
    assert StaffProfile.objects.get(user=user).department == people.market
    assert not user.has_usable_password()
    approvals = AuditEntry.objects.filter(action="approve", actor=people.office_admin)
    assert approvals.filter(object_id=str(user.pk)).exists()
    assert approvals.filter(object_id=str(application.pk)).exists()

    (message,) = mail.outbox
    assert message.to == ["liu@scjg.xa.gov.cn"] and "liu.xsj" in message.body
    link = re.search(r"https?://\S+/accounts/password/\S+", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    applicant = Client()
    form = applicant.get("/" + path, follow=True)
    assert "设置登录密码" in text(form) and "liu.xsj" in text(form)
    done = applicant.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "密码已设置" in text(done)
    assert applicant.get("/" + path, follow=True).context["validlink"] is False  # used once

    assert applicant.login(username="liu.xsj", password=NEW_PASSWORD)
    assert applicant.get(reverse("records:import")).status_code == 200
    assert "文件导入" in text(applicant.get(reverse("admin:index")))


def test_office_admin_refuses_with_a_reason(people, django_capture_on_commit_callbacks):
    apply(people.market)
    application = AccountApplication.objects.get()
    office = people.client(people.office_admin)
    url = reverse("admin:records_accountapplication_refuse", args=[application.pk])
    blank = office.post(url, {"reason": "  "})
    assert "不予开通须填写理由" in text(blank)
    application.refresh_from_db()
    assert application.status == AccountApplication.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        office.post(url, {"reason": "授权函未加盖部门公章，请补充后重新申请。"})
    application.refresh_from_db()
    assert application.status == AccountApplication.Status.REFUSED and application.user is None
    assert not get_user_model().objects.filter(username="liu.xsj").exists()
    (message,) = mail.outbox
    assert "未加盖部门公章" in message.body
    assert AuditEntry.objects.filter(
        object_id=str(application.pk), reason__contains="未加盖部门公章"
    ).exists()
    again = office.post(reverse("admin:records_accountapplication_approve", args=[application.pk]))
    assert "已处理" in text(again)
    assert not get_user_model().objects.filter(username="liu.xsj").exists()


def test_bad_input_is_refused_with_chinese_errors_naming_the_field(people, settings):
    settings.ACCOUNT_APPLY_LIMIT = (20, 3600)
    _client, response = apply(
        people.market, name="", department=None, username="", phone="", email="", letter=None
    )
    assert response.status_code == 200
    page = text(response)
    for message in (
        "请填写姓名",
        "请选择所在部门",
        "请填写登录账号",
        "请填写联系电话",
        "请填写电子邮箱",
        "请上传部门授权函",
    ):
        assert message in page, message

    fake = SimpleUploadedFile("授权函.pdf", "这不是PDF".encode(), content_type="application/pdf")
    page = text(apply(people.market, letter=fake)[1])
    assert "部门授权函“授权函.pdf”的内容不是 PDF、JPG 或 PNG 文件" in page

    page = text(apply(people.market, username=people.operator.username)[1])
    assert "已被使用" in page
    page = text(apply(people.market, username="王")[1])
    assert "登录账号须为4至30位英文字母" in page
    page = text(apply(people.market, role=staff.CREDIT_OFFICE_ADMIN)[1])
    assert "只能申请“部门填报员”角色" in page
    page = text(apply(people.market, phone="电话", email="not-an-email")[1])
    assert "联系电话格式不正确" in page and "电子邮箱格式不正确" in page
    assert not AccountApplication.objects.exists()


def test_too_many_applications_from_one_address_are_refused(people, settings):
    settings.ACCOUNT_APPLY_LIMIT = (2, 3600)
    for n in range(2):
        assert apply(people.market, username=f"user{n}.xsj")[1].status_code == 302
    response = apply(people.market, username="user9.xsj")[1]
    assert response.status_code == 429 and "提交过于频繁" in text(response)
    assert AccountApplication.objects.count() == 2


def test_a_pending_username_cannot_be_asked_for_twice(people):
    apply(people.market)
    page = text(apply(people.ecology, email="other@xa.gov.cn")[1])
    assert "已有待审批的申请" in page and AccountApplication.objects.count() == 1


def test_only_the_office_admin_decides(people):
    apply(people.market)
    application = AccountApplication.objects.get()
    approve = reverse("admin:records_accountapplication_approve", args=[application.pk])
    for persona in (people.reviewer, people.operator, people.auditor, people.outsider):
        assert people.client(persona).post(approve).status_code == 403
    auditor = people.client(people.auditor)
    assert auditor.get(reverse("admin:records_accountapplication_changelist")).status_code == 200
    assert "批准开通" not in text(
        auditor.get(reverse("admin:records_accountapplication_change", args=[application.pk]))
    )
    application.refresh_from_db()
    assert application.status == AccountApplication.Status.PENDING and application.user is None


def test_the_form_page_offers_departments_and_the_one_role(people):
    page = Client().get(reverse("accounts:apply"))
    assert page.status_code == 200
    body = text(page)
    assert people.market.name in body and people.office.name not in body  # the office has no operators
    assert "部门填报员" in body and "信用办管理员" not in body
