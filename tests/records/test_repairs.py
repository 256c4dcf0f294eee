"""Credit repair (信用修复): who may apply for what, and the review chain that ends a
publication early."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from publicity.rules import is_publishable
from records import models as m
from records.appeals.common import AppealError
from records.appeals.repairs import (
    repair_accept,
    repair_apply,
    repair_approve,
    repair_complete,
    repair_reject,
)
from records.workdays import add_workdays
from tests import factories as f
from tests.records.appeal_factories import old_penalty, pdf, repair_data

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]
S = m.CreditRepair.Status


@pytest.fixture
def company():
    return f.subject(name="西安诚信整改商贸有限公司")


@pytest.fixture
def penalty(people, company):
    return old_penalty(company, people.market, document_number="西市监罚〔2026〕30号")


def test_application_gets_a_number_and_a_working_day_deadline(penalty):
    repair = repair_apply(**repair_data(penalty), files=[pdf()])
    assert repair.number.startswith("XF") and len(repair.number) == 16
    assert repair.status == S.PENDING_REVIEW
    assert repair.department == penalty.department
    assert repair.due_on == add_workdays(timezone.localdate(), 2)
    assert repair.attachments.get().name == "缴款凭证.pdf"
    assert repair.events.get().to_status == S.PENDING_REVIEW


def test_a_record_that_is_not_the_applicants_is_refused(penalty):
    other = f.subject(name="别家公司")
    with pytest.raises(AppealError) as exc:
        repair_apply(**repair_data(penalty, applicant_code=other.uscc, applicant_name=other.name))
    assert "不属于统一社会信用代码为" in exc.value.message_dict["document_number"][0]


def test_unknown_document_number_and_bad_code_are_named(penalty):
    with pytest.raises(AppealError) as exc:
        repair_apply(**repair_data(penalty, document_number="不存在〔2026〕1号"))
    assert "未找到文书号" in exc.value.message_dict["document_number"][0]
    with pytest.raises(AppealError) as exc:
        repair_apply(**repair_data(penalty, applicant_code="91610000XXXXXXXXX1"))
    assert "applicant_code" in exc.value.message_dict


def test_a_serious_penalty_must_stay_public_a_year_first(people, company):
    serious = old_penalty(company, people.market, days=100, categories="吊销许可证件", fine_amount=None)
    with pytest.raises(AppealError, match="自 .* 起方可申请信用修复"):
        repair_apply(**repair_data(serious))


def test_red_lists_need_no_repair(people, company):
    red = f.list_entry(company, people.market, lt=f.list_type("A级纳税人", polarity="red"))
    with pytest.raises(AppealError, match="红名单信息无需信用修复"):
        repair_apply(**repair_data(red))


def test_one_open_application_per_record(penalty):
    first = repair_apply(**repair_data(penalty))
    with pytest.raises(AppealError, match=first.number):
        repair_apply(**repair_data(penalty))


def test_attachments_must_be_real_pdf_or_images(penalty):
    fake = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(AppealError, match="内容不是 PDF、JPG 或 PNG"):
        repair_apply(**repair_data(penalty), files=[fake])
    exe = SimpleUploadedFile("证明.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(AppealError, match="内容不是 PDF、JPG 或 PNG"):
        repair_apply(**repair_data(penalty), files=[exe])


def test_attachments_are_stored_under_a_random_name_of_their_real_type(penalty):
    png = SimpleUploadedFile("证明.pdf.html", b"\x89PNG\r\n\x1a\n" + b"0" * 32, content_type="text/html")
    repair = repair_apply(**repair_data(penalty), files=[png])
    attachment = repair.attachments.get()
    assert attachment.name == "证明.pdf.html"  # shown to staff as sent
    assert attachment.file.name.endswith(".png") and "证明" not in attachment.file.name


def test_the_whole_chain_ends_the_publication_early(people, penalty):
    repair = repair_apply(**repair_data(penalty))
    # The source department cannot skip the credit office's review.
    with pytest.raises(AppealError, match="由信用办审核受理"):
        repair_accept(repair, people.operator)
    repair_accept(repair, people.reviewer)
    assert repair.status == S.PENDING_VERIFY
    # Another department cannot verify.
    with pytest.raises(AppealError, match="只能由数据来源单位"):
        repair_approve(repair, people.other_operator)
    repair_approve(repair, people.operator, "罚款已缴清，整改到位。")
    assert repair.status == S.APPROVED and is_publishable(penalty)
    with pytest.raises(AppealError, match="由信用办办结"):
        repair_complete(repair, people.operator)
    repair_complete(repair, people.reviewer)

    repair.refresh_from_db()
    penalty.refresh_from_db()
    assert repair.status == S.COMPLETED and repair.closed_at is not None
    assert penalty.status == m.RecordStatus.REPAIRED and repair.number in penalty.status_reason
    assert not is_publishable(penalty)
    commitment = repair.commitment
    assert commitment.commitment_type == "信用修复型"
    assert commitment.content == repair.commitment_text and len(commitment.document_number) == 20
    assert is_publishable(commitment)
    assert [e.to_status for e in repair.events.all()] == ["review", "verify", "approved", "completed"]
    assert m.AuditEntry.objects.filter(action="repair", content_type__model="penalty").exists()


def test_repair_of_a_black_list_entry_removes_it(people, company):
    entry = f.list_entry(
        company, people.market, decision_date=timezone.localdate() - datetime.timedelta(days=400)
    )
    repair = repair_apply(**repair_data(entry))
    repair_accept(repair, people.reviewer)
    repair_approve(repair, people.colleague)
    repair_complete(repair, people.office_admin)
    entry.refresh_from_db()
    assert entry.removed_on == timezone.localdate() and "信用修复" in entry.removal_reason
    assert not is_publishable(entry)
    assert list(m.RecordDelta.objects.values_list("op", "record_kind", "record_id")) == [
        ("DEL", "list_entry", entry.pk)
    ]


def test_a_record_withdrawn_meanwhile_is_not_marked_repaired(people, penalty):
    """Completing goes through the publication states: only a record still public is repaired."""
    repair = repair_apply(**repair_data(penalty))
    repair_accept(repair, people.reviewer)
    repair_approve(repair, people.operator, "罚款已缴清。")
    penalty.status = m.RecordStatus.WITHDRAWN
    penalty.save()
    with pytest.raises(AppealError, match="已撤销"):
        repair_complete(repair, people.reviewer)
    repair.refresh_from_db()
    penalty.refresh_from_db()
    assert repair.status == S.APPROVED and repair.commitment is None
    assert penalty.status == m.RecordStatus.WITHDRAWN and not m.RecordDelta.objects.exists()


def test_rejection_needs_a_reason_and_closes(people, penalty):
    repair = repair_apply(**repair_data(penalty))
    repair_accept(repair, people.reviewer)
    with pytest.raises(AppealError, match="须填写意见"):
        repair_reject(repair, people.operator, "")
    repair_reject(repair, people.operator, "罚款尚未缴纳。")
    assert repair.status == S.REJECTED and repair.decision_note == "罚款尚未缴纳。"
    penalty.refresh_from_db()
    assert is_publishable(penalty)
    # Closed: a new application may be made.
    assert repair_apply(**repair_data(penalty)).number != repair.number


def test_staff_handle_repairs_in_the_admin_by_role(people, penalty):
    repair = repair_apply(**repair_data(penalty), files=[pdf()])
    url = reverse("admin:records_creditrepair_change", args=[repair.pk])
    act = lambda name: reverse("admin:records_creditrepair_act", args=[repair.pk, name])  # noqa: E731

    page = people.client(people.reviewer).get(url).content.decode()
    assert "受理并转部门核实" in page and "缴款凭证.pdf" in page
    assert people.client(people.operator).get(act("accept")).status_code == 403
    assert people.client(people.reviewer).post(act("accept"), {"note": ""}).status_code == 302
    # Only the source department sees and verifies it.
    assert people.client(people.other_operator).get(url).status_code == 302
    assert people.client(people.operator).post(act("approve"), {"note": "已核实"}).status_code == 302
    assert people.client(people.auditor).get(act("complete")).status_code == 403
    assert people.client(people.reviewer).post(act("complete"), {}).status_code == 302
    repair.refresh_from_db()
    assert repair.status == S.COMPLETED

    attachment = repair.attachments.get()
    download = reverse("admin:records_creditrepair_attachment", args=[repair.pk, attachment.pk])
    assert people.client(people.operator).get(download).status_code == 200
    assert people.client(people.other_operator).get(download).status_code == 403


def test_reject_in_the_admin_without_a_note_shows_the_message(people, penalty):
    repair = repair_apply(**repair_data(penalty))
    response = people.client(people.reviewer).post(
        reverse("admin:records_creditrepair_act", args=[repair.pk, "reject"]), {"note": ""}
    )
    assert "不予修复须填写意见" in response.content.decode()


def test_the_applicant_is_told_of_each_step_by_email(
    people, penalty, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        repair = repair_apply(**repair_data(penalty, contact_email="liu@example.com"))
        repair_accept(repair, people.reviewer)
    assert [m.to for m in mailoutbox] == [["liu@example.com"], ["liu@example.com"]]
    assert repair.number in mailoutbox[1].subject and "待核实" in mailoutbox[1].subject
