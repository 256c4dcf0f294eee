"""Demo staff accounts, one per role plus operators of two departments, and a little workflow
content so each can do its job in `make run`.

Only for the demo database (called by `manage.py demo_setup` and `complaints_demo`). Re-running
adds nothing; an account an older demo database holds is put back to its one role and department.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from records import models as m
from records import staff

OFFICE = "陕西省发展和改革委员会"
MARKET = "西安市市场监督管理局"
LABOUR = "西安市人力资源和社会保障局"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    role: str
    department: str
    job: str


DEMO_STAFF = [
    DemoAccount(
        "demo_office", "信用办管理员（演示）", staff.CREDIT_OFFICE_ADMIN, OFFICE, "接口令牌、查询记录、账号"
    ),
    DemoAccount("demo_reviewer", "信用办审核员（演示）", staff.CREDIT_OFFICE_REVIEWER, OFFICE, "审核队列"),
    DemoAccount(
        "demo_operator",
        "西安市场监管填报员（演示）",
        staff.DEPARTMENT_OPERATOR,
        MARKET,
        "报送、导入、转办投诉",
    ),
    DemoAccount("demo_rsj", "西安人社填报员（演示）", staff.DEPARTMENT_OPERATOR, LABOUR, "报送、转办投诉"),
    DemoAccount("demo_complaints", "投诉处理员（演示）", staff.COMPLAINT_HANDLER, OFFICE, "投诉举报工作台"),
    DemoAccount("demo_auditor", "审计员（演示）", staff.AUDITOR, OFFICE, "只读：审计记录、批次、查询记录"),
]


def create_demo_staff(password: str) -> dict:
    """The demo accounts by username (those whose department exists in the demo data)."""
    User = get_user_model()
    accounts = {}
    for account in DEMO_STAFF:
        department = m.Department.objects.filter(name=account.department).order_by("pk").first()
        if department is None:
            continue
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={"first_name": account.name, "email": f"{account.username}@credit.example.gov.cn"},
        )
        if created:
            user.set_password(password)
        user.is_staff, user.is_superuser = True, False
        user.save()
        user.groups.set([Group.objects.get(name=account.role)])
        m.StaffProfile.objects.update_or_create(user=user, defaults={"department": department})
        accounts[account.username] = user
    if "demo_operator" in accounts:
        _demo_workflow(accounts["demo_operator"])
    return accounts


def _demo_workflow(operator) -> None:
    """A black-list entry the demo operator submitted (the reviewer approves it) and one the
    reviewer returned (the operator corrects it)."""
    department = m.StaffProfile.objects.get(user=operator).department
    subjects = list(m.Subject.objects.exclude(kind=m.Subject.Kind.PERSON).order_by("id")[:2])
    list_type = m.ListType.objects.filter(polarity="black").order_by("id").first()
    if len(subjects) < 2 or list_type is None:
        return
    for subject, number, status, reason in (
        (subjects[0], "西市监列〔2026〕演示1号", m.RecordStatus.SUBMITTED, ""),
        (
            subjects[1],
            "西市监列〔2026〕演示2号",
            m.RecordStatus.RETURNED,
            "认定依据文书号缺失，请补充后重新提交。",
        ),
    ):
        m.ListEntry.objects.get_or_create(
            department=department,
            document_number=number,
            defaults={
                "subject": subject,
                "subject_name": subject.name,
                "subject_uscc": subject.uscc or "",
                "decision_date": timezone.localdate() - datetime.timedelta(days=3),
                "list_type": list_type,
                "reason": "提交虚假材料取得许可，情节严重",
                "deciding_authority": department.name,
                "status": status,
                "status_reason": reason,
                "entered_by": operator,
                "submitted_by": operator,
            },
        )
