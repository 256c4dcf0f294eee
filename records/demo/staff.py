"""Demo staff accounts, one per role, and a little workflow content for `make run`.

Only for the demo database (called by `manage.py demo_setup`). Re-running adds nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from records import models as m
from records import staff

# username, display name, role, department name
DEMO_STAFF = [
    ("demo_office", "信用办管理员（演示）", staff.CREDIT_OFFICE_ADMIN, "陕西省发展和改革委员会"),
    ("demo_reviewer", "信用办审核员（演示）", staff.CREDIT_OFFICE_REVIEWER, "陕西省发展和改革委员会"),
    ("demo_operator", "西安市场监管填报员（演示）", staff.DEPARTMENT_OPERATOR, "西安市市场监督管理局"),
    ("demo_complaints", "投诉处理员（演示）", staff.COMPLAINT_HANDLER, "陕西省发展和改革委员会"),
    ("demo_auditor", "审计员（演示）", staff.AUDITOR, "陕西省发展和改革委员会"),
]


def create_demo_staff(password: str) -> list[str]:
    User = get_user_model()
    created = []
    for username, name, role, dept_name in DEMO_STAFF:
        department = m.Department.objects.filter(name=dept_name).first()
        if department is None or User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username, f"{username}@credit.example.gov.cn", password, first_name=name, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        m.StaffProfile.objects.create(user=user, department=department)
        created.append(username)
    if "demo_operator" in created:
        _demo_draft()
    return created


def _demo_draft() -> None:
    """A black-list entry the demo operator drafted and submitted: the reviewer can approve it."""
    operator = get_user_model().objects.get(username="demo_operator")
    department = m.StaffProfile.objects.get(user=operator).department
    subject = m.Subject.objects.exclude(kind=m.Subject.Kind.PERSON).order_by("id").first()
    list_type = m.ListType.objects.filter(polarity="black").order_by("id").first()
    if subject is None or list_type is None:
        return
    m.ListEntry.objects.get_or_create(
        department=department,
        document_number="西市监列〔2026〕演示1号",
        defaults={
            "subject": subject,
            "subject_name": subject.name,
            "subject_uscc": subject.uscc or "",
            "decision_date": timezone.localdate() - datetime.timedelta(days=3),
            "list_type": list_type,
            "reason": "提交虚假材料取得许可，情节严重",
            "deciding_authority": department.name,
            "status": m.RecordStatus.SUBMITTED,
            "entered_by": operator,
            "submitted_by": operator,
        },
    )
