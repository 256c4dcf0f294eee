"""A month of demo activity (October 2026, Beijing time) in 西安 and 宝鸡, and the figures a
person counting it by hand expects (`EXPECTED`), kept next to the data so both read together."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import time_machine

from complaints.models import Assignment
from publicity.certificates.models import Certificate
from records import models as m
from records.deadlines import is_late, reporting_deadline
from tests import factories as f
from tests.complaints import factories as cf
from tests.publicity.factories import measure

BEIJING = ZoneInfo("Asia/Shanghai")
MONTH = datetime.date(2026, 10, 1)
_n = itertools.count(1)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=BEIJING)


def reported(model_factory, subj, dept, *, kind, decided: datetime.date, when: datetime.datetime, **kw):
    """A record as ingestion stores it: deadline and late flag from records.deadlines."""
    return model_factory(
        subj,
        dept,
        decision_date=decided,
        reported_at=when,
        report_deadline=reporting_deadline(kind, decided),
        is_late=is_late(kind, decided, when.astimezone(BEIJING).date()),
        **kw,
    )


def certificate(subject, *, department=None, doc_type="query", purpose="bidding", when=None, pdf="0" * 64):
    return Certificate.objects.create(
        doc_type=doc_type,
        number=f"TEST{next(_n):012d}",
        subject=subject,
        subject_name=subject.name,
        subject_code=subject.uscc,
        purpose=purpose,
        requester_org=department.name if department else "某某公司",
        department=department,
        issued_at=when or at(12),
        snapshot={},
        pdf_sha256=pdf,
    )


def appeal(model, record, department, *, submitted, closed=None, **kw):
    values = {
        "number": f"T{next(_n):010d}",
        "subject": record.subject,
        "applicant_name": record.subject.name,
        "applicant_code": record.subject.uscc,
        "contact_name": "刘经理",
        "contact_phone": "13800000000",
        "record_kind": record.kind,
        "record_id": record.pk,
        "record_document_number": record.document_number,
        "department": department,
        "submitted_at": submitted,
        "closed_at": closed,
    }
    if model is m.CreditRepair:
        values.update(reason="已缴纳罚款并整改", commitment_text="本单位承诺守法经营", status="completed")
    else:
        values.update(wrong_content="处罚金额", description="金额有误")
    values.update(kw)
    return model.objects.create(**values)


def build_month(people) -> dict:
    """The October activity. Returns the objects tests refer to."""
    market, ecology, baoji = people.market, people.ecology, people.baoji
    xian_subject = f.subject("西安秦川食品有限公司")
    baoji_subject = f.subject("宝鸡渭滨机械有限公司", region=f.region("610300"))

    # 行政许可: market 3 (1 late), baoji 2 (1 late). 行政处罚: market 2 on time, ecology 1 late.
    on_time, late = datetime.date(2026, 10, 9), datetime.date(2026, 9, 1)
    for decided in (on_time, on_time, late):
        reported(f.permit, xian_subject, market, kind="permit", decided=decided, when=at(13))
    for decided in (on_time, late):
        reported(f.permit, baoji_subject, baoji, kind="permit", decided=decided, when=at(14))
    for _ in range(2):
        reported(f.penalty, xian_subject, market, kind="penalty", decided=on_time, when=at(15))
    reported(f.penalty, xian_subject, ecology, kind="penalty", decided=late, when=at(16))
    # Not reported yet: a hand-entered draft does not count.
    reported(f.permit, xian_subject, market, kind="permit", decided=on_time, when=at(17), status="draft")
    # Other kinds: market's inspection at 23:30 on the last evening counts for October; the one
    # at 00:30 on 1 November (still 31 October in UTC) does not. Ecology reports nothing else.
    reported(f.inspection, xian_subject, market, kind="inspection", decided=on_time, when=at(31, 23, 30))
    reported(
        f.inspection, xian_subject, market, kind="inspection", decided=on_time, when=at(1, 0, 30, month=11)
    )
    # Lists (baoji): one entry decided and reported in October, one from September removed in October.
    entry = reported(f.list_entry, baoji_subject, baoji, kind="list_entry", decided=on_time, when=at(20))
    old_entry = reported(
        f.list_entry,
        baoji_subject,
        baoji,
        kind="list_entry",
        decided=datetime.date(2026, 9, 10),
        when=at(11, month=9),
    )
    m.ListEntry.objects.filter(pk=old_entry.pk).update(removed_on=datetime.date(2026, 10, 25))

    # Query log: market checks a bidder; the public asks for a 专项信用报告.
    certificate(xian_subject, department=market, purpose="bidding")
    # A department system's credit check through the API: logged, no PDF, counted.
    certificate(xian_subject, department=market, doc_type="api_check", purpose="bidding", pdf="")
    # A certificate whose PDF failed to render was never handed out: not counted.
    certificate(xian_subject, department=market, purpose="bidding", pdf="")
    certificate(baoji_subject, doc_type="report", purpose="other")
    certificate(xian_subject, department=market, when=at(2, month=11))  # November

    # Complaints: one about the Baoji company (not forwarded), two about unknown subjects
    # forwarded in October: market replies in October, ecology lets its deadline pass.
    with time_machine.travel(at(8), tick=False):
        cf.case(subject=baoji_subject, subject_name=baoji_subject.name)
        replied = cf.forwarded(people, [market])
        pending = cf.forwarded(people, [ecology])
    with time_machine.travel(at(22), tick=False):
        from complaints import services

        services.case_department_action(replied, people.operator, "reply", "经查属实，已责令整改。")
    # Ecology has an operator (赵环保), but nobody replied.
    Assignment.objects.filter(case=pending).update(due=datetime.date(2026, 10, 20))

    # Repair (market, received and decided), objection (baoji, received, open).
    penalty = m.Penalty.objects.filter(department=market).first()
    appeal(m.CreditRepair, penalty, market, submitted=at(10), closed=at(28))
    appeal(m.Objection, entry, baoji, submitted=at(21))
    # One typical case (market).
    m.MeasureCase.objects.create(
        department=market,
        month=datetime.date(2026, 10, 15),
        measure=measure(f.list_type()),
        subject_name=baoji_subject.name,
        title="限制失信主体参与政府采购",
        summary="依据备忘录限制其参与政府采购。",
    )
    return {"xian_subject": xian_subject, "baoji_subject": baoji_subject}


# What a person counting the activity above by hand gets, per unit.
EXPECTED = {
    "610100": {
        "reported_permit": 3,
        "reported_penalty": 3,
        "reported_inspection": 1,
        "reported_total": 7,
        "reported_other": 1,
        "permit_on_time": 2,
        "permit_late": 1,
        "penalty_on_time": 2,
        "penalty_late": 1,
        "on_time_rate": round(4 / 6, 4),
        "cert_query": 1,
        "cert_api_check": 1,
        "purpose_bidding": 2,
        "complaints_received": 0,
        "complaints_forwarded": 2,
        "complaints_concluded": 1,
        "complaints_overdue": 1,
        "repairs_received": 1,
        "repairs_decided": 1,
        "typical_cases": 1,
    },
    "610300": {
        "reported_permit": 2,
        "reported_list_entry": 1,
        "reported_total": 3,
        "reported_other": 1,
        "permit_on_time": 1,
        "permit_late": 1,
        "on_time_rate": 0.5,
        "complaints_received": 1,
        "objections_received": 1,
        "objections_decided": 0,
        "list_added": 1,
        "list_removed": 1,
    },
    "610000": {
        "cert_report": 1,
        "purpose_other": 1,
        "complaints_received": 2,
    },
}
