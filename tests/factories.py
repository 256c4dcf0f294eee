"""Small builders for test data: valid codes, a department, a subject and records of each kind.

Named personas are built by each test module from these.
"""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from records import models as m
from records.codes import make_id_number, make_uscc
from records.demo.generator import org_code

_counter = itertools.count(1)


def uscc(area: str = "610100", authority: str = "9", org_type: str = "1") -> str:
    return make_uscc(authority, org_type, area, org_code(90_000_000 + next(_counter)))


def id_number(area: str = "610102", birth: str = "19850312") -> str:
    return make_id_number(area, birth, f"{next(_counter) % 1000:03d}")


def region(code: str = "610100") -> m.Region:
    return m.Region.objects.get(code=code)


def department(name: str = "西安市市场监督管理局", area: str = "610100", **kw) -> m.Department:
    return m.Department.objects.create(
        name=name,
        uscc=uscc(area, authority="1", org_type="1"),
        short_name=kw.pop("short_name", "西市监"),
        region=region(area),
        **kw,
    )


def subject(name: str = "陕西秦华建筑工程有限公司", **kw) -> m.Subject:
    kind = kw.pop("kind", m.Subject.Kind.LEGAL_ENTITY)
    defaults = {
        "legal_rep": "王伟",
        "region": region(),
        "address": "西安市未央路100号",
        "established_on": datetime.date(2010, 5, 1),
    }
    if kind == m.Subject.Kind.PERSON:
        defaults.update(id_number=kw.pop("id_number", id_number()), legal_rep="")
    else:
        defaults["uscc"] = kw.pop("uscc", uscc())
    defaults.update(kw)
    return m.Subject.objects.create(kind=kind, name=name, **defaults)


def _base(subj: m.Subject, dept: m.Department, **kw) -> dict:
    values = {
        "subject": subj,
        "subject_name": subj.name,
        "subject_uscc": subj.uscc or "",
        "subject_category": subj.kind,
        "department": dept,
        "document_number": kw.pop("document_number", f"测〔2026〕{next(_counter)}号"),
        "decision_date": kw.pop("decision_date", timezone.localdate() - datetime.timedelta(days=10)),
    }
    if subj.is_person:
        values.update(id_type="resident_id", id_number=subj.id_number)
    values.update(kw)
    return values


def penalty(subj, dept, **kw) -> m.Penalty:
    values = _base(subj, dept, **kw)
    values.setdefault("violation_type", "发布虚假广告")
    values.setdefault("violation_facts", "经查，当事人发布虚假广告。")
    values.setdefault("legal_basis", "《中华人民共和国广告法》第五十五条")
    values.setdefault("categories", "罚款")
    values.setdefault("content", "罚款人民币5万元")
    values.setdefault("fine_amount", Decimal("5"))
    values.setdefault("authority", dept.name)
    values.setdefault("authority_uscc", dept.uscc)
    return m.Penalty.objects.create(**values)


def permit(subj, dept, **kw) -> m.Permit:
    values = _base(subj, dept, **kw)
    values.setdefault("decision_doc_name", "食品经营许可决定书")
    values.setdefault("category", "普通")
    values.setdefault("content", "准予食品经营许可")
    values.setdefault("valid_from", values["decision_date"])
    values.setdefault("valid_until", values["decision_date"] + datetime.timedelta(days=3 * 365))
    values.setdefault("authority", dept.name)
    values.setdefault("authority_uscc", dept.uscc)
    return m.Permit.objects.create(**values)


def list_type(name: str = "严重违法失信名单", polarity: str = "black", **kw) -> m.ListType:
    lt, _ = m.ListType.objects.get_or_create(
        name=name,
        defaults={
            "polarity": polarity,
            "field": kw.pop("field", "市场监管"),
            "legal_basis": "《市场监督管理严重违法失信名单管理办法》",
            **kw,
        },
    )
    return lt


def list_entry(subj, dept, lt=None, **kw) -> m.ListEntry:
    values = _base(subj, dept, **kw)
    values.setdefault("list_type", lt or list_type())
    values.setdefault("reason", "严重违法失信")
    values.setdefault("deciding_authority", dept.name)
    return m.ListEntry.objects.create(**values)


def commitment(subj, dept, **kw) -> m.Commitment:
    values = _base(subj, dept, **kw)
    values.setdefault("document_number", f"610100{values['decision_date']:%Y%m%d}{next(_counter):06d}")
    values.setdefault("commitment_type", "审批替代型")
    values.setdefault("matter", "办理食品经营许可")
    values.setdefault("content", "承诺所提交材料真实有效")
    values.setdefault("liability", "自愿承担违诺责任")
    values.setdefault("accepting_unit", dept.name)
    values.setdefault("accepting_unit_uscc", dept.uscc)
    return m.Commitment.objects.create(**values)


def inspection(subj, dept, **kw) -> m.Inspection:
    values = _base(subj, dept, **kw)
    values.setdefault("task_name", "食品销售环节双随机抽查")
    values.setdefault("inspection_type", "双随机抽查")
    values.setdefault("items", "经营资格")
    values.setdefault("result", "未发现问题")
    values.setdefault("authority", dept.name)
    values.setdefault("authority_uscc", dept.uscc)
    return m.Inspection.objects.create(**values)


def abnormal(subj, dept, **kw) -> m.AbnormalOperation:
    values = _base(subj, dept, **kw)
    values.setdefault("reason", "未按照规定期限公示年度报告")
    values.setdefault("authority", dept.name)
    values.setdefault("authority_uscc", dept.uscc)
    return m.AbnormalOperation.objects.create(**values)


def rating(subj, dept, **kw) -> m.Rating:
    values = _base(subj, dept, **kw)
    values.setdefault("rating_type", "纳税信用等级")
    values.setdefault("grade", "A")
    values.setdefault("scale", "A/B/M/C/D")
    values.setdefault("agency", dept.name)
    return m.Rating.objects.create(**values)


def action(model, subj, dept, **kw):
    values = _base(subj, dept, **kw)
    values.setdefault("title", "行政行为")
    values.setdefault("content", "内容")
    values.setdefault("authority", dept.name)
    values.setdefault("authority_uscc", dept.uscc)
    return model.objects.create(**values)
