"""A tender with 30 bidders: 28 on record (one black-listed with a measure, one with abnormal
operation, penalties, a commitment and a rating, one listed natural person), one name the
platform does not know and one name two companies share."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from records import models as m
from tests import factories as f

PROJECT = "西安地铁10号线土建施工（XAZB-2026-0158）"
UNKNOWN = "陕西并不存在建筑有限公司"
SHARED = "陕西同名建设工程有限公司"


@dataclass
class Tender:
    found: list  # the 28 subjects, in list order
    lines: list  # the 30 lines of the list, in order
    shared: list  # the two companies called SHARED
    black: m.Subject = None
    busy: m.Subject = None
    person: m.Subject = None
    measure: m.Measure = None
    extra: dict = field(default_factory=dict)

    def text(self) -> str:
        return "\n".join(self.lines)


def tender(department: m.Department) -> Tender:
    today = timezone.localdate()
    found = [f.subject(name=f"陕西投标人{i:02d}建设有限公司") for i in range(1, 27)]
    black_type = f.list_type("严重违法失信名单", polarity="black")
    measure = m.Measure.objects.create(
        name="依法限制参与政府采购活动",
        polarity="black",
        basis_memorandum="发改财金〔2016〕141号",
        implementing_department="财政部门",
    )
    measure.list_types.add(black_type)
    black = found[0]
    f.list_entry(black, department, black_type)
    busy = found[1]
    f.abnormal(busy, department)
    f.penalty(busy, department)
    f.penalty(busy, department)
    f.penalty(busy, department, status=m.RecordStatus.WITHDRAWN)  # never counted
    f.commitment(busy, department, decision_date=today - datetime.timedelta(days=20))
    f.rating(busy, department, grade="A", scale="A/B/M/C/D")
    f.list_entry(busy, department, f.list_type("A级纳税人", polarity="red", field="税务"))
    person = f.subject(name="张某某", kind=m.Subject.Kind.PERSON, id_number=f.id_number())
    f.list_entry(person, department, black_type)
    found.append(person)
    individual = f.subject(name="西安市雁塔区某某便利店", kind=m.Subject.Kind.INDIVIDUAL_BUSINESS)
    found.append(individual)
    shared = [f.subject(name=SHARED), f.subject(name=SHARED)]
    f.subject(name="张某某", kind=m.Subject.Kind.PERSON, id_number=f.id_number())  # not listed: not public
    # 20 by code (in lower case with spaces for some), 8 by exact name, then the two problems.
    lines = []
    for i, s in enumerate(found):
        if i < 20:
            lines.append(s.uscc.lower() if i % 5 == 0 else s.uscc)
        else:
            lines.append(s.name)
    lines.insert(10, UNKNOWN)
    lines.insert(20, SHARED)
    return Tender(
        found=found, lines=lines, shared=shared, black=black, busy=busy, person=person, measure=measure
    )
