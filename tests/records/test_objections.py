"""Objections (异议申诉): routed to the source department, corrected with history or explained."""

import pytest
from django.urls import reverse

from publicity.appeals.marks import is_under_objection, objection_marks
from publicity.rules import is_publishable
from records import models as m
from records.appeals.common import AppealError
from records.appeals.objections import (
    objection_accept,
    objection_correct,
    objection_lodge,
    objection_refuse,
    objection_uphold,
)
from tests import factories as f
from tests.records.appeal_factories import objection_data, pdf

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]
S = m.Objection.Status


@pytest.fixture
def penalty(people):
    return f.penalty(
        f.subject(name="西安异议示例有限公司"), people.market, document_number="西市监罚〔2026〕41号"
    )


def test_lodged_objection_is_routed_to_the_source_department(penalty):
    objection = objection_lodge(**objection_data(penalty), files=[pdf("决定书.pdf")])
    assert objection.number.startswith("YY") and objection.status == S.SUBMITTED
    assert objection.department == penalty.department
    assert objection.due_on is not None


def test_an_objection_to_someone_elses_record_is_refused(penalty):
    other = f.subject(name="无关公司")
    with pytest.raises(AppealError, match="只能就本主体的信息提出申请"):
        objection_lodge(**objection_data(penalty, applicant_code=other.uscc))


def test_the_office_may_mark_the_record_while_the_objection_is_open(people, penalty):
    objection = objection_lodge(**objection_data(penalty))
    assert not is_under_objection(penalty)
    objection_accept(objection, people.reviewer, mark_record=True)
    assert objection.status == S.HANDLING
    assert objection_marks([penalty]) == {("penalty", penalty.pk)}
    objection_uphold(objection, people.operator, "经核对决定书，罚款金额为5万元，公示无误。")
    assert objection.status == S.UPHELD and not is_under_objection(penalty)
    assert objection.decision_note.startswith("经核对决定书")


def test_unmarked_objections_do_not_show(people, penalty):
    objection = objection_lodge(**objection_data(penalty))
    objection_accept(objection, people.reviewer, mark_record=False)
    assert not is_under_objection(penalty)


def test_correction_changes_the_record_and_keeps_before_and_after(people, penalty):
    objection = objection_lodge(**objection_data(penalty))
    objection_accept(objection, people.reviewer)
    with pytest.raises(AppealError, match="只能由数据来源单位"):
        objection_correct(objection, people.other_operator, "更正", {"content": "x"})
    with pytest.raises(AppealError, match="须填写说明"):
        objection_correct(objection, people.operator, "", {"content": "x"})
    with pytest.raises(AppealError, match="罚款金额"):
        objection_correct(objection, people.operator, "更正金额", {"fine_amount": "五千"})
    objection_correct(
        objection,
        people.operator,
        "经核实金额录入有误，已更正。",
        {"fine_amount": "2", "content": "罚款人民币2万元"},
    )
    penalty.refresh_from_db()
    assert str(penalty.fine_amount).startswith("2") and penalty.content == "罚款人民币2万元"
    assert objection.status == S.CORRECTED
    assert objection.correction["content"] == ["罚款人民币5万元", "罚款人民币2万元"]
    entry = m.AuditEntry.objects.get(action="objection", content_type__model="penalty")
    assert entry.actor == people.operator and objection.number in entry.reason
    assert is_publishable(penalty)
    # Systems that pulled the record use the corrected content: a MOD in the propagation feed.
    delta = m.RecordDelta.objects.get()
    assert (delta.op, delta.record_id, delta.document_number) == ("MOD", penalty.pk, penalty.document_number)
    assert objection.number in delta.reason


def test_a_record_that_should_never_have_been_public_is_withdrawn(people, penalty):
    objection = objection_lodge(**objection_data(penalty))
    objection_accept(objection, people.reviewer)
    objection_correct(objection, people.colleague, "该处罚已被行政复议撤销。", {}, withdraw=True)
    penalty.refresh_from_db()
    assert penalty.status == m.RecordStatus.WITHDRAWN and not is_publishable(penalty)
    assert penalty.status_reason.startswith(f"异议申诉 {objection.number}")
    # ... and every system that pulled it must stop using it: a DEL in the propagation feed.
    assert list(m.RecordDelta.objects.values_list("op", "record_id")) == [("DEL", penalty.pk)]


def test_an_objection_cannot_correct_a_record_no_longer_published(people, penalty):
    """The outcome goes through the publication states: a record repaired or withdrawn in the
    meantime is not brought back or changed by the objection."""
    objection = objection_lodge(**objection_data(penalty))
    objection_accept(objection, people.reviewer)
    penalty.status = m.RecordStatus.WITHDRAWN
    penalty.save()
    with pytest.raises(AppealError, match="已撤销"):
        objection_correct(objection, people.operator, "更正", {"content": "罚款人民币2万元"})
    objection.refresh_from_db()
    assert objection.status == S.HANDLING and not m.RecordDelta.objects.exists()


def test_refusal_is_the_offices_and_needs_a_reason(people, penalty):
    objection = objection_lodge(**objection_data(penalty))
    with pytest.raises(AppealError, match="由信用办受理"):
        objection_refuse(objection, people.operator, "理由")
    with pytest.raises(AppealError, match="须填写说明"):
        objection_refuse(objection, people.reviewer, " ")
    objection_refuse(objection, people.reviewer, "申请人非该信息主体。")
    assert objection.status == S.REFUSED and objection.closed_at


def test_department_corrects_through_the_admin(people, penalty):
    objection = objection_lodge(**objection_data(penalty))
    office = people.client(people.reviewer)
    accept = reverse("admin:records_objection_act", args=[objection.pk, "accept"])
    assert office.post(accept, {"note": "", "mark_record": "on"}).status_code == 302
    objection.refresh_from_db()
    assert objection.mark_record

    operator = people.client(people.operator)
    correct = reverse("admin:records_objection_act", args=[objection.pk, "correct"])
    # Another department does not even find it.
    assert people.client(people.other_operator).get(correct).status_code == 404
    page = operator.get(correct).content.decode()
    assert "罚款金额（万元）" in page and "该信息当前内容" in page
    response = operator.post(
        correct,
        {
            "note": "已更正",
            "field_1": "content",
            "value_1": "罚款人民币0.5万元",
            "field_2": "",
            "value_2": "",
        },
    )
    assert response.status_code == 302
    penalty.refresh_from_db()
    assert penalty.content == "罚款人民币0.5万元"


def test_duplicate_open_objection_is_refused(penalty):
    first = objection_lodge(**objection_data(penalty))
    with pytest.raises(AppealError, match=first.number):
        objection_lodge(**objection_data(penalty))
