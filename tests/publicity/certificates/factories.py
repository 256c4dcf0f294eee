"""A subject with one publishable record of every kind, plus records the public must not see."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from publicity.certificates.services import certificate_issue
from records import models as m
from tests import factories as f


def today():
    """Read at each call, never at import: a test may run under another clock (tests/conftest.py)."""
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


@dataclass
class Story:
    subject: m.Subject
    department: m.Department
    public: dict = field(default_factory=dict)  # kind slug -> record
    hidden: list = field(default_factory=list)  # withdrawn / expired records

    def public_numbers(self) -> list[str]:
        return [r.document_number for r in self.public.values()]


def company_with_every_kind(name: str = "陕西秦华建筑工程有限公司") -> Story:
    dept = f.department(name=f"{name[:2]}市场监督管理局", short_name="市监")
    subj = f.subject(name=name)
    story = Story(subj, dept)
    n = iter(range(1, 100))
    doc = lambda prefix: f"{prefix}〔2026〕{next(n)}号"  # noqa: E731
    story.public["permit"] = f.permit(subj, dept, document_number=doc("陕市监许"))
    story.public["penalty"] = f.penalty(subj, dept, document_number=doc("陕市监罚"))
    for slug, model in [
        ("enforcement", m.Enforcement),
        ("confirmation", m.Confirmation),
        ("reward", m.Reward),
        ("payment", m.Payment),
        ("filing", m.Filing),
        ("qualification", m.Qualification),
    ]:
        story.public[slug] = f.action(model, subj, dept, document_number=doc(f"陕{slug[:2]}"))
    story.public["inspection"] = f.inspection(subj, dept, document_number=doc("陕查"))
    story.public["abnormal"] = f.abnormal(subj, dept, document_number=doc("陕异"))
    story.public["list_entry"] = f.list_entry(
        subj,
        dept,
        f.list_type("A级纳税人", polarity="red", field="税务"),
        document_number=doc("陕税红"),
    )
    story.public["commitment"] = f.commitment(subj, dept)
    story.public["rating"] = f.rating(subj, dept, document_number=doc("陕税评"))
    story.hidden.append(
        f.penalty(subj, dept, document_number=doc("陕撤销罚"), status=m.RecordStatus.WITHDRAWN)
    )
    story.hidden.append(
        f.penalty(
            subj,
            dept,
            document_number=doc("陕过期罚"),
            decision_date=days_ago(800),
            publish_until=days_ago(3),
        )
    )
    story.hidden.append(f.abnormal(subj, dept, document_number=doc("陕已移出"), removed_on=days_ago(2)))
    return story


def issue(subject, **kw):
    values = {"purpose": "procurement", "requester_org": "西安市财政局", "requester_ip": "10.0.0.8"}
    values.update(kw)
    return certificate_issue(subject=subject, **values)
