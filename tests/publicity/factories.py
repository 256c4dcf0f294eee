"""Builders for the publicity tests (beside the shared tests/factories.py)."""

import datetime

from django.utils import timezone

from records import models as m
from tests import factories as f


def today():
    """Read at each call, never at import: a test may run under another clock (tests/conftest.py)."""
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def expired_penalty(subj, dept, **kw) -> m.Penalty:
    """A penalty whose reported 公示截止期 has passed (still 公示中 in the store)."""
    return f.penalty(subj, dept, decision_date=days_ago(400), publish_until=days_ago(1), **kw)


def withdrawn_penalty(subj, dept, **kw) -> m.Penalty:
    return f.penalty(subj, dept, status=m.RecordStatus.WITHDRAWN, **kw)


def person(name: str = "张三", **kw) -> m.Subject:
    return f.subject(
        name=name, kind=m.Subject.Kind.PERSON, address="西安市某小区1号楼", phone="13800000000", **kw
    )


def red_list_type() -> m.ListType:
    return f.list_type(name="守信激励对象名单", polarity="red", field="综合")


def measure(list_type: m.ListType, name: str = "限制参与政府采购活动") -> m.Measure:
    measure = m.Measure.objects.create(
        name=name,
        polarity=list_type.polarity,
        basis_memorandum="《关于对失信被执行人实施联合惩戒的合作备忘录》",
        implementing_department="财政部门",
    )
    measure.list_types.add(list_type)
    return measure
