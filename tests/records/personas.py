"""The one cast of every test (healthchecks style): each permission test reads like a story
about these people. Every staff user holds one role shipped by the data migrations (never a
superuser, never a permission granted by hand).

- 王市监 (operator) and 李市监 (colleague) report for 西安市市场监督管理局 (market).
- 赵环保 (other_operator) reports for 西安市生态环境局 (ecology), the second department.
- 马宝鸡 (baoji_operator) reports for 宝鸡市市场监督管理局 (baoji), in another city.
- 陈审核 (reviewer) and 周审核 (second_reviewer) review for the credit office.
- 孙管理 (office_admin) administers the credit office.
- 钱审计 (auditor) audits everything and changes nothing.
- 吴投诉 (complaint_handler) handles complaints only.
- 郑无岗 (outsider) is staff with no role at all.
- 刘新人 (newcomer) holds 部门填报员 but is not linked to a department yet.
- 西安鼎盛商贸有限公司 (company) and 李娜 (citizen) are who the records, complaints and
  applications are about: a legal entity and a natural person.

刘新人, the company and the citizen are built the first time a test reads them.

Every test gets the `people` fixture (tests/conftest.py imports it).
"""

from dataclasses import dataclass
from functools import cached_property

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from records import models as m
from records import staff
from tests import factories as f

PASSWORD = "Persona-Pass-2026"


def make_staff(username: str, role: str | None, department: m.Department | None, **kw):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.gov.cn", PASSWORD, is_staff=True, **kw
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    if department is not None:
        m.StaffProfile.objects.create(user=user, department=department)
    return user


@dataclass
class Personas:
    market: m.Department
    ecology: m.Department
    office: m.Department
    operator: object
    colleague: object
    other_operator: object
    reviewer: object
    second_reviewer: object
    office_admin: object
    auditor: object
    complaint_handler: object
    outsider: object
    baoji: m.Department
    baoji_operator: object

    @cached_property
    def newcomer(self):
        return make_staff("liu", staff.DEPARTMENT_OPERATOR, None, first_name="刘新人")

    @cached_property
    def company(self) -> m.Subject:
        return f.subject("西安鼎盛商贸有限公司", legal_rep="刘鼎盛", address="西安市新城区解放路88号")

    @cached_property
    def citizen(self) -> m.Subject:
        return f.subject("李娜", kind=m.Subject.Kind.PERSON, address="西安市雁塔区某小区")

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client


def authenticator(user) -> TOTPDevice:
    """A confirmed TOTP authenticator for `user` (admin → 两步验证, set up and confirmed)."""
    return TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=True)


def otp_code(device: TOTPDevice) -> str:
    """The authenticator's current code, usable again by the next login in the same test."""
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1
    device.save()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def people(db) -> Personas:
    market = f.department("西安市市场监督管理局", short_name="西市监", field="市场监管")
    ecology = f.department("西安市生态环境局", short_name="西环", field="生态环境")
    office = f.department(
        "陕西省发展和改革委员会", area="610100", short_name="省发改委", is_credit_office=True
    )
    baoji = f.department("宝鸡市市场监督管理局", area="610300", short_name="宝市监", field="市场监管")
    return Personas(
        market=market,
        ecology=ecology,
        office=office,
        operator=make_staff("wang", staff.DEPARTMENT_OPERATOR, market, first_name="王市监"),
        colleague=make_staff("li", staff.DEPARTMENT_OPERATOR, market, first_name="李市监"),
        other_operator=make_staff("zhao", staff.DEPARTMENT_OPERATOR, ecology, first_name="赵环保"),
        reviewer=make_staff("chen", staff.CREDIT_OFFICE_REVIEWER, office, first_name="陈审核"),
        second_reviewer=make_staff("zhou", staff.CREDIT_OFFICE_REVIEWER, office, first_name="周审核"),
        office_admin=make_staff("sun", staff.CREDIT_OFFICE_ADMIN, office, first_name="孙管理"),
        auditor=make_staff("qian", staff.AUDITOR, office, first_name="钱审计"),
        complaint_handler=make_staff("wu", staff.COMPLAINT_HANDLER, office, first_name="吴投诉"),
        outsider=make_staff("zheng", None, None, first_name="郑无岗"),
        baoji=baoji,
        baoji_operator=make_staff("ma", staff.DEPARTMENT_OPERATOR, baoji, first_name="马宝鸡"),
    )
