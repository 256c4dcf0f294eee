"""信用承诺 made online, on the staff side: the number, the accepting department accepting or
returning it (and nobody else), the fulfilment and its four eyes, the audit trail."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from records.models import AuditEntry, Commitment, CommitmentTemplate, RecordStatus, Revision
from records.services.commitments import (
    commitment_accept,
    commitment_fulfilment,
    commitment_make,
    commitment_number_next,
)
from records.services.publication import WorkflowError, record_approve, record_submit
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return f.subject(name="陕西秦华建筑工程有限公司", contact_email="office@qinhua.example.cn")


def make(company, department, **kw):
    values = {
        "subject": company,
        "department": department,
        "commitment_type": Commitment.CommitmentType.APPROVAL_SUBSTITUTE,
        "matter": "办理建筑业企业资质告知承诺审批",
        "content": "本单位承诺符合资质标准，所提交材料真实有效。",
        "liability": "如违反承诺，自愿接受撤销资质并记入信用记录。",
        "valid_until": timezone.localdate() + datetime.timedelta(days=365),
        **kw,
    }
    return commitment_make(**values)


def transition_url(name, record):
    return f"{reverse('admin:records_commitment_transition', args=[name])}?ids={record.pk}"


def fulfilment_url(record):
    return reverse("admin:records_commitment_fulfilment", args=[record.pk])


def test_the_number_is_area_date_serial_and_skips_numbers_already_reported(people, company):
    today = timezone.localdate()
    taken = f"610100{today:%Y%m%d}000001"
    f.commitment(company, people.ecology, document_number=taken)
    first = commitment_number_next("610100", today)
    second = commitment_number_next("610100", today)
    assert len(first) == 20 and first == f"610100{today:%Y%m%d}000002"
    assert second == f"610100{today:%Y%m%d}000003"
    assert commitment_number_next("610300", today) == f"610300{today:%Y%m%d}000001"


def test_a_commitment_made_online_waits_for_its_department_and_tells_the_company(people, company):
    record = make(company, people.market)
    assert record.status == RecordStatus.SUBMITTED and record.made_online
    assert record.accepting_unit == people.market.name and record.accepting_unit_uscc == people.market.uscc
    assert record.decision_date == timezone.localdate()
    assert record.document_number.startswith(people.market.region.code)
    assert mail.outbox[-1].to == ["office@qinhua.example.cn"]
    assert record.document_number in mail.outbox[-1].body
    created = AuditEntry.objects.get(object_id=str(record.pk), action=AuditEntry.Action.CREATE)
    assert created.reason == "在线作出信用承诺"


def test_the_service_refuses_bad_input_in_chinese_naming_the_field(people, company):
    with pytest.raises(ValidationError) as caught:
        make(
            company, people.market, matter=" ", valid_until=timezone.localdate() - datetime.timedelta(days=1)
        )
    errors = caught.value.message_dict
    assert errors["matter"] == ["承诺事由：必填。"]
    assert errors["valid_until"][0].startswith("承诺有效期：不能早于今天")
    person = f.subject(name="张三", kind="person")
    with pytest.raises(ValidationError) as caught:
        make(person, people.market)
    assert "统一社会信用代码" in caught.value.message_dict["uscc"][0]


def test_the_accepting_departments_operator_accepts_and_the_trail_names_them(people, company):
    record = make(company, people.market)
    client = people.client(people.operator)
    page = client.get(reverse("admin:records_commitment_change", args=[record.pk])).content.decode()
    assert "受理承诺" in page and "退回承诺" in page and "审核通过并公示" not in page
    response = client.post(transition_url("accept", record), {"ids": str(record.pk)}, follow=True)
    assert "已受理承诺 1 条记录" in response.content.decode()
    record.refresh_from_db()
    assert record.status == RecordStatus.PUBLISHED and record.reviewed_by == people.operator
    entry = AuditEntry.objects.get(object_id=str(record.pk), action=AuditEntry.Action.ACCEPT)
    assert entry.actor == people.operator
    assert "已由西安市市场监督管理局受理" in mail.outbox[-1].body


def test_another_departments_operator_cannot_accept_it(people, company):
    record = make(company, people.market)
    client = people.client(people.other_operator)
    # Not in their scope: the admin does not find it.
    assert client.get(reverse("admin:records_commitment_change", args=[record.pk])).status_code == 302
    response = client.post(transition_url("accept", record), {"ids": str(record.pk)}, follow=True)
    assert "没有找到可以操作的记录" in response.content.decode()
    # Nor through the service, whatever calls it.
    with pytest.raises(WorkflowError, match="承诺受理单位是西安市市场监督管理局，只有该单位可以受理"):
        commitment_accept(record, people.other_operator)
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED


def test_the_credit_office_review_does_not_replace_the_departments_acceptance(people, company):
    record = make(company, people.market)
    with pytest.raises(WorkflowError, match="由承诺受理单位受理"):
        record_approve(record, people.reviewer)
    with pytest.raises(WorkflowError):
        commitment_accept(record, people.reviewer)  # reads commitments, changes none


def test_returning_needs_a_reason_and_tells_the_company(people, company):
    record = make(company, people.market)
    client = people.client(people.operator)
    page = client.post(transition_url("decline", record), {"ids": str(record.pk), "reason": " "})
    assert "退回承诺须填写原因" in page.content.decode()
    client.post(
        transition_url("decline", record), {"ids": str(record.pk), "reason": "承诺事由与申请事项不符"}
    )
    record.refresh_from_db()
    assert record.status == RecordStatus.RETURNED and record.status_reason == "承诺事由与申请事项不符"
    assert "退回原因：承诺事由与申请事项不符" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["office@qinhua.example.cn"]
    entry = AuditEntry.objects.get(object_id=str(record.pk), action=AuditEntry.Action.RETURN)
    assert entry.actor == people.operator and entry.reason == "承诺事由与申请事项不符"
    # The company makes a new commitment; the returned one is not submitted again.
    with pytest.raises(WorkflowError, match="不能重新提交"):
        record_submit(record, people.operator)


def test_partial_fulfilment_needs_what_was_not_fulfilled_and_then_a_reviewer(people, company):
    record = make(company, people.market)
    commitment_accept(record, people.operator)
    client = people.client(people.operator)
    page = client.get(reverse("admin:records_commitment_change", args=[record.pk])).content.decode()
    assert "认定履行状态" in page
    today = timezone.localdate()
    response = client.post(
        fulfilment_url(record), {"fulfilment": "部分履行", "determined_on": today.isoformat()}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "未履行的承诺内容：承诺履行状态为部分履行时必填。" in text
    assert "违诺责任追究内容：承诺履行状态为部分履行时必填。" in text
    response = client.post(
        fulfilment_url(record),
        {
            "fulfilment": "部分履行",
            "unfulfilled_content": "未在承诺期限内补齐安全生产许可证",
            "liability_pursued": "撤销资质审批决定并记入信用记录",
            "determined_on": today.isoformat(),
        },
        follow=True,
    )
    assert "履行状态已作为待审核修改提交" in response.content.decode()
    record.refresh_from_db()
    assert record.fulfilment == ""  # public as it was until a reviewer approves
    revision = Revision.objects.get(record_kind="commitment", record_id=record.pk)
    assert revision.author == people.operator
    assert revision.values["determining_unit"] == people.market.name
    reviewer = people.client(people.reviewer)
    reviewer.post(
        reverse("admin:records_revision_transition", args=["approve"]) + f"?ids={revision.pk}",
        {"ids": str(revision.pk)},
    )
    record.refresh_from_db()
    assert record.fulfilment == "部分履行" and record.determined_on == today
    assert record.determining_unit_uscc == people.market.uscc
    assert AuditEntry.objects.filter(
        object_id=str(record.pk), action=AuditEntry.Action.APPROVE, actor=people.reviewer
    ).exists()


def test_fulfilment_only_by_the_accepting_department_and_only_once_accepted(people, company):
    record = make(company, people.market)
    today = timezone.localdate()
    with pytest.raises(WorkflowError, match="受理后才能认定履行状态"):
        commitment_fulfilment(record, people.operator, fulfilment="全部履行", determined_on=today)
    commitment_accept(record, people.operator)
    with pytest.raises(WorkflowError, match="只有承诺受理单位"):
        commitment_fulfilment(record, people.other_operator, fulfilment="全部履行", determined_on=today)
    assert people.client(people.other_operator).get(fulfilment_url(record)).status_code == 404
    with pytest.raises(ValidationError) as caught:
        commitment_fulfilment(
            record, people.operator, fulfilment="全部履行", determined_on=today + datetime.timedelta(days=1)
        )
    assert caught.value.message_dict["determined_on"][0].startswith("履行状态认定日期：不能晚于今天")


def test_the_credit_office_maintains_the_standard_texts(people):
    assert CommitmentTemplate.objects.filter(commitment_type="审批替代型", is_active=True).exists()
    add = reverse("admin:records_commitmenttemplate_add")
    assert people.client(people.office_admin).get(add).status_code == 200
    assert people.client(people.operator).get(add).status_code == 403
    changelist = reverse("admin:records_commitmenttemplate_changelist")
    assert people.client(people.operator).get(changelist).status_code == 200


def test_the_department_does_not_edit_the_companys_words_before_accepting(people, company):
    record = make(company, people.market)
    client = people.client(people.operator)
    change = reverse("admin:records_commitment_change", args=[record.pk])
    page = client.get(change).content.decode()
    assert 'name="content"' not in page and record.content in page
    client.post(change, {"content": "改过的承诺内容"})
    record.refresh_from_db()
    assert record.content == "本单位承诺符合资质标准，所提交材料真实有效。"
