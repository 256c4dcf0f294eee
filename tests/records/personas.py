"""Named staff personas for permission tests (healthchecks style): every role boundary test
reads like a story about these people.

- 王市监 (operator) and 李市监 (colleague) report for 西安市市场监督管理局 (market).
- 赵环保 (other_operator) reports for 西安市生态环境局 (ecology).
- 马宝鸡 (baoji_operator) reports for 宝鸡市市场监督管理局 (baoji), in another city.
- 陈审核 (reviewer) and 周审核 (second_reviewer) review for the credit office.
- 孙管理 (office_admin) administers the credit office.
- 钱审计 (auditor) audits everything and changes nothing.
- 吴投诉 (complaint_handler) handles complaints only.
- 郑无岗 (outsider) is staff with no role at all.

Use the `people` fixture: `from tests.records.personas import people  # noqa: F401`.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

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

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client


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
