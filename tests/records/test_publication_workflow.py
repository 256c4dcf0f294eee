"""Draft -> submitted -> published / returned -> withdrawn, with four eyes and reasons."""

import pytest
from django.urls import reverse

from publicity.rules import is_publishable, publishable
from publicity.selectors import published_counts
from records import models as m
from records.services.publication import (
    WorkflowError,
    record_approve,
    record_return,
    record_submit,
    record_withdraw,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def transition_url(name, *records):
    model = records[0]._meta.model_name
    ids = ",".join(str(r.pk) for r in records)
    return f"{reverse(f'admin:records_{model}_transition', args=[name])}?ids={ids}"


@pytest.fixture
def draft_entry(people):
    return f.list_entry(
        f.subject(name="陕西失信建材有限公司"),
        people.market,
        status=m.RecordStatus.DRAFT,
        entered_by=people.operator,
        document_number="西市监列〔2026〕5号",
    )


def test_operator_drafts_reviewer_approves_then_it_is_public(people, draft_entry):
    operator = people.client(people.operator)
    assert not is_publishable(draft_entry)
    response = operator.post(transition_url("submit", draft_entry), {"ids": str(draft_entry.pk)})
    assert response.status_code == 302
    draft_entry.refresh_from_db()
    assert draft_entry.status == m.RecordStatus.SUBMITTED and draft_entry.submitted_by == people.operator
    assert not is_publishable(draft_entry)

    # The operator cannot approve: the action is not theirs.
    assert operator.get(transition_url("approve", draft_entry)).status_code == 403

    reviewer = people.client(people.reviewer)
    page = reviewer.get(transition_url("approve", draft_entry)).content.decode()
    assert "陕西失信建材有限公司" in page
    reviewer.post(transition_url("approve", draft_entry), {"ids": str(draft_entry.pk)})
    draft_entry.refresh_from_db()
    assert draft_entry.status == m.RecordStatus.PUBLISHED and draft_entry.reviewed_by == people.reviewer
    assert is_publishable(draft_entry)
    actions = list(
        m.AuditEntry.objects.filter(content_type__model="listentry", object_id=str(draft_entry.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["submit", "approve"]


def test_the_author_can_never_approve_their_own_entry(people):
    # A credit office admin may enter and review, but not both on the same record.
    entry = f.list_entry(
        f.subject(), people.office, status=m.RecordStatus.SUBMITTED, entered_by=people.office_admin
    )
    with pytest.raises(WorkflowError, match="双人复核"):
        record_approve(entry, people.office_admin)
    response = people.client(people.office_admin).post(
        transition_url("approve", entry), {"ids": str(entry.pk)}, follow=True
    )
    assert "须由另一位审核员审核（双人复核）" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == m.RecordStatus.SUBMITTED
    record_approve(entry, people.reviewer)
    assert is_publishable(entry)


def test_the_submitter_cannot_approve_either(people):
    entry = f.list_entry(f.subject(), people.office, status=m.RecordStatus.DRAFT, entered_by=people.operator)
    record_submit(entry, people.office_admin)
    with pytest.raises(WorkflowError):
        record_approve(entry, people.office_admin)


def test_return_needs_a_reason_and_the_operator_resubmits(people, draft_entry):
    record_submit(draft_entry, people.operator)
    reviewer = people.client(people.reviewer)
    page = reviewer.post(transition_url("return", draft_entry), {"ids": str(draft_entry.pk), "reason": " "})
    assert "退回修改须填写原因" in page.content.decode()
    draft_entry.refresh_from_db()
    assert draft_entry.status == m.RecordStatus.SUBMITTED

    reviewer.post(
        transition_url("return", draft_entry), {"ids": str(draft_entry.pk), "reason": "认定依据文书号缺失"}
    )
    draft_entry.refresh_from_db()
    assert draft_entry.status == m.RecordStatus.RETURNED and draft_entry.status_reason == "认定依据文书号缺失"
    # Returned: editable and submittable again by the department.
    change_page = people.client(people.colleague).get(
        reverse("admin:records_listentry_change", args=[draft_entry.pk])
    )
    assert "认定依据文书号缺失" in change_page.content.decode()
    record_submit(draft_entry, people.colleague)
    record_approve(draft_entry, people.second_reviewer)
    assert is_publishable(draft_entry)


def test_withdrawal_needs_a_reason_and_the_entry_vanishes_everywhere_at_once(people, client):
    subj = f.subject(name="陕西撤销示范有限公司")
    entry = f.list_entry(subj, people.market)
    assert publishable(m.ListEntry).filter(pk=entry.pk).exists()
    assert published_counts()["list_entry"] == 1
    with pytest.raises(WorkflowError, match="撤销公示须填写原因"):
        record_withdraw(entry, people.reviewer, "")
    with pytest.raises(WorkflowError, match="没有撤销公示的权限"):
        record_withdraw(entry, people.operator, "错误")

    reviewer = people.client(people.reviewer)
    reviewer.post(
        transition_url("withdraw", entry),
        {"ids": str(entry.pk), "reason": "列入决定已被撤销"},
    )
    entry.refresh_from_db()
    assert entry.status == m.RecordStatus.WITHDRAWN and entry.status_reason == "列入决定已被撤销"
    # One rule (publicity.rules) feeds search, profile, columns, API and new certificates.
    assert not publishable(m.ListEntry).filter(pk=entry.pk).exists()
    assert published_counts()["list_entry"] == 0  # the cached home page counts too
    home = client.get("/").content.decode()
    assert 'data-kind="list_entry">0<' in home
    # Never deleted: still there for staff and audit.
    assert m.ListEntry.objects.filter(pk=entry.pk).exists()
    assert m.AuditEntry.objects.filter(
        action="withdraw", object_id=str(entry.pk), reason="列入决定已被撤销"
    ).exists()


def test_bulk_approve_skips_what_the_reviewer_may_not_approve(people):
    subj = f.subject()
    mine = f.penalty(subj, people.office, status=m.RecordStatus.SUBMITTED, entered_by=people.reviewer)
    theirs = [
        f.penalty(subj, people.market, status=m.RecordStatus.SUBMITTED, entered_by=people.operator)
        for _ in range(3)
    ]
    changelist = reverse("admin:records_penalty_changelist")
    client = people.client(people.reviewer)
    ids = [r.pk for r in [mine, *theirs]]
    response = client.post(changelist, {"action": "action_approve", "_selected_action": ids})
    assert response.status_code == 302 and "/transition/approve/" in response["Location"]
    page = client.post(response["Location"], {"ids": ",".join(map(str, ids))}, follow=True).content.decode()
    assert "已审核通过并公示 3 条记录" in page
    assert "双人复核" in page
    assert m.Penalty.objects.filter(status=m.RecordStatus.PUBLISHED).count() == 3


def test_operator_cannot_act_on_other_departments_records_by_id(people):
    other = f.penalty(f.subject(), people.ecology, status=m.RecordStatus.DRAFT)
    response = people.client(people.operator).post(
        transition_url("submit", other), {"ids": str(other.pk)}, follow=True
    )
    assert "没有找到可以操作的记录" in response.content.decode()
    other.refresh_from_db()
    assert other.status == m.RecordStatus.DRAFT


def test_change_page_offers_the_next_steps(people, draft_entry):
    page = (
        people.client(people.operator)
        .get(reverse("admin:records_listentry_change", args=[draft_entry.pk]))
        .content.decode()
    )
    assert "提交审核" in page and "审核通过前不会对外公示" in page
    record_submit(draft_entry, people.operator)
    page = (
        people.client(people.reviewer)
        .get(reverse("admin:records_listentry_change", args=[draft_entry.pk]))
        .content.decode()
    )
    assert "审核通过并公示" in page and "退回修改" in page


def test_returned_without_reason_by_service_is_refused(people, draft_entry):
    record_submit(draft_entry, people.operator)
    with pytest.raises(WorkflowError, match="退回修改须填写原因"):
        record_return(draft_entry, people.reviewer, "")
