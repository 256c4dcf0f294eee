"""Trust on every channel (admin, upload, import command, push API): red/black list entries wait
for a reviewer, a department reports only its own (or delegated) authority's decisions, the
reported name and code are the subject's, and a correction made through an objection sticks."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from publicity.rules import is_publishable
from records import models as m
from records.appeals.objections import objection_accept, objection_correct, objection_lodge
from records.ingest.fields import KIND_SPECS
from records.ingest.uploads import upload_stage, upload_step
from records.services.publication import WorkflowError, record_approve, record_submit, revision_approve
from tests import factories as f
from tests.records.appeal_factories import objection_data
from tests.records.exchange_factories import penalty_row, recent_day, token

pytestmark = pytest.mark.django_db
INGEST_CHANNELS = ["api", "upload", "command"]


def send(channel, people, kind, rows, dept=None, tmp_path=None):
    """Report rows through one channel; returns [{"status", "errors", "pending_review"}] per row."""
    dept = dept or people.market
    if channel == "api":
        key = token(dept)[1]
        response = Client().post(
            f"/api/v1/push/{kind}/",
            data=json.dumps({"rows": rows}, ensure_ascii=False),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        assert response.status_code == 200, response.content
        return response.json()["results"]
    codes = [fs.code for fs in KIND_SPECS[kind].fields if any(fs.code in r for r in rows)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(codes)
    for row in rows:
        writer.writerow([row.get(c, "") for c in codes])
    data = out.getvalue().encode("utf-8")
    if channel == "upload":
        batch, _ignored = upload_stage(
            department=dept, kind=kind, user=people.operator, filename="报送.csv", data=data
        )
        for _ in range(20):
            if upload_step(batch.pk).status == m.IngestBatch.Status.DONE:
                break
    else:
        path = tmp_path / "报送.csv"
        path.write_bytes(data)
        call_command(
            "import_records",
            str(path),
            "--department",
            dept.uscc,
            "--kind",
            kind,
            "--quiet",
            stdout=io.StringIO(),
        )
    batch = m.IngestBatch.objects.latest("id")
    by_line: dict = {}
    for error in batch.errors:
        by_line.setdefault(error["row"], []).append(error)
    return [
        {"status": "rejected" if by_line.get(line) else "accepted", "errors": by_line.get(line, [])}
        for line in range(2, len(rows) + 2)
    ]


def list_entry_row(dept, subject, **over) -> dict:
    row = {
        "md_xdr_mc": subject.name,
        "md_xdr_lb": "法人及非法人组织",
        "md_xdr_shxym": subject.uscc,
        "md_wsh": "西市监列〔2026〕9号",
        "md_lx": "严重违法失信名单",
        "md_lrsy": "提供虚假材料骗取行政许可",
        "md_rdbm": dept.name,
        "md_lrrq": recent_day().isoformat(),
    }
    row.update(over)
    return row


def public_everywhere(client, subject) -> dict:
    """Is the subject's black-list entry shown by search, profile, column and open API?"""
    search = client.get("/search/", {"q": subject.name}).content.decode()
    profile = client.get(f"/subjects/{subject.uscc}/").content.decode()
    column = client.get("/disclosure/black/").content.decode()
    api = client.get("/api/v1/open/black-list/", {"uscc": subject.uscc}).json()
    return {
        "search": "严重失信主体名单" in search,
        "profile": "严重失信主体名单" in profile and "严重违法失信名单" in profile,
        "column": subject.name in column,
        "api": bool(api.get("results") if isinstance(api, dict) else api),
    }


# ---------------------------------------------------------------------------------- review


@pytest.mark.parametrize("channel", INGEST_CHANNELS)
def test_a_black_list_entry_is_not_public_until_reviewed(channel, people, tmp_path):
    f.list_type(is_serious=True)
    subject = f.subject(name="陕西失信骗证有限公司")
    (result,) = send(
        channel, people, "list_entry", [list_entry_row(people.market, subject)], tmp_path=tmp_path
    )
    assert result["status"] != "rejected", result
    entry = m.ListEntry.objects.get(document_number="西市监列〔2026〕9号")
    assert entry.status == m.RecordStatus.SUBMITTED and not is_publishable(entry)
    client = Client()
    assert public_everywhere(client, subject) == dict.fromkeys(["search", "profile", "column", "api"], False)
    if channel == "api":
        assert result["pending_review"] is True
    if channel == "upload":
        # The operator who uploaded it may not approve it (they hold no review role anyway).
        with pytest.raises(WorkflowError):
            record_approve(entry, people.operator)
    record_approve(entry, people.reviewer)
    assert public_everywhere(client, subject) == dict.fromkeys(["search", "profile", "column", "api"], True)


def test_a_department_allowed_by_the_office_publishes_its_list_directly(people):
    lt = f.list_type()
    office = people.client(people.office_admin)
    response = office.post(
        reverse("admin:records_directpublishing_add"),
        {"department": people.market.pk, "list_type": lt.pk, "basis": "陕信用办〔2026〕3号"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = m.DirectPublishing.objects.get()
    assert grant.granted_by == people.office_admin
    # The configuration itself is in the audit trail.
    assert m.AuditEntry.objects.filter(
        content_type__model="directpublishing", object_id=str(grant.pk)
    ).exists()
    subject = f.subject(name="陕西自行公示有限公司")
    (result,) = send("api", people, "list_entry", [list_entry_row(people.market, subject)])
    assert result["status"] == "created" and "pending_review" not in result
    assert is_publishable(m.ListEntry.objects.get(document_number="西市监列〔2026〕9号"))
    # Operators cannot configure it.
    assert (
        people.client(people.operator).get(reverse("admin:records_directpublishing_add")).status_code == 403
    )


@pytest.mark.parametrize("channel", INGEST_CHANNELS)
def test_a_changed_published_entry_is_a_revision_and_a_returned_one_changes_nothing(
    channel, people, tmp_path
):
    f.list_type(is_serious=True)
    subject = f.subject(name="陕西修改示范有限公司")
    entry = f.list_entry(subject, people.market, document_number="西市监列〔2026〕9号", reason="原列入事由")
    row = list_entry_row(
        people.market, subject, md_lrrq=entry.decision_date.isoformat(), md_lrsy="改过的列入事由"
    )
    (result,) = send(channel, people, "list_entry", [row], tmp_path=tmp_path)
    assert result["status"] != "rejected", result
    entry.refresh_from_db()
    assert entry.reason == "原列入事由" and is_publishable(entry)
    revision = m.Revision.objects.get(record_id=entry.pk, status=m.Revision.Status.SUBMITTED)
    assert revision.changes["reason"] == ["原列入事由", "改过的列入事由"] and revision.channel == channel

    reviewer = people.client(people.reviewer)
    url = reverse("admin:records_revision_transition", args=["return"])
    reviewer.post(f"{url}?ids={revision.pk}", {"ids": str(revision.pk), "reason": "列入事由与决定书不符"})
    revision.refresh_from_db()
    entry.refresh_from_db()
    assert revision.status == m.Revision.Status.RETURNED
    assert entry.reason == "原列入事由" and is_publishable(entry)
    assert "原列入事由" in Client().get(f"/records/list_entry/{entry.pk}/").content.decode()

    send(channel, people, "list_entry", [row], tmp_path=tmp_path)
    again = m.Revision.objects.get(record_id=entry.pk, status=m.Revision.Status.SUBMITTED)
    url = reverse("admin:records_revision_transition", args=["approve"])
    reviewer.post(f"{url}?ids={again.pk}", {"ids": str(again.pk)})
    entry.refresh_from_db()
    assert entry.reason == "改过的列入事由" and is_publishable(entry)
    assert "改过的列入事由" in Client().get(f"/records/list_entry/{entry.pk}/").content.decode()


# ---------------------------------------------------------------------------------- authority


@pytest.mark.parametrize("channel", INGEST_CHANNELS)
def test_another_authoritys_penalty_is_refused_unless_delegated(channel, people, tmp_path):
    # 西安市生态环境局 reports a penalty decided by 西安市市场监督管理局.
    ecology, market = people.ecology, people.market
    row = penalty_row(ecology, cf_cfjg=market.name, cf_cfjgdm=market.uscc, cf_wsh="西环罚〔2026〕1号")
    (result,) = send(channel, people, "penalty", [row], dept=ecology, tmp_path=tmp_path)
    assert result["status"] == "rejected"
    (error,) = result["errors"]
    assert error["field"] == "cf_cfjgdm" and error["message"].startswith("处罚机关统一社会信用代码：")
    assert "不是报送部门（西安市生态环境局" in error["message"]
    assert not m.Penalty.objects.exists()

    # Wrong name for the right code is refused too.
    bad_name = penalty_row(ecology, cf_cfjg=market.name, cf_wsh="西环罚〔2026〕2号")
    (result,) = send(channel, people, "penalty", [bad_name], dept=ecology, tmp_path=tmp_path)
    assert result["status"] == "rejected" and result["errors"][0]["field"] == "cf_cfjg"

    m.Delegation.objects.create(
        reporting_department=ecology,
        on_behalf_of=market,
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
    )
    (result,) = send(channel, people, "penalty", [row], dept=ecology, tmp_path=tmp_path)
    assert result["status"] != "rejected", result
    assert m.Penalty.objects.get(document_number="西环罚〔2026〕1号").department == ecology


def test_an_expired_delegation_no_longer_counts(people):
    today = timezone.localdate()
    m.Delegation.objects.create(
        reporting_department=people.ecology,
        on_behalf_of=people.market,
        valid_from=today - datetime.timedelta(days=60),
        valid_until=today - datetime.timedelta(days=1),
    )
    row = penalty_row(people.ecology, cf_cfjg=people.market.name, cf_cfjgdm=people.market.uscc)
    (result,) = send("api", people, "penalty", [row], dept=people.ecology)
    assert result["status"] == "rejected"


# ---------------------------------------------------------------------------------- identity


@pytest.mark.parametrize("channel", INGEST_CHANNELS)
def test_a_name_that_is_not_the_subjects_is_refused(channel, people, tmp_path):
    known = f.subject(name="陕西真名建材有限公司")
    row = penalty_row(people.market, cf_xdr_shxym=known.uscc, cf_xdr_mc="陕西别人家建材有限公司")
    good = penalty_row(people.market, cf_xdr_shxym=known.uscc, cf_xdr_mc="陕西真名建材有限公司")
    results = send(channel, people, "penalty", [row, good], tmp_path=tmp_path)
    assert results[0]["status"] == "rejected" and results[1]["status"] != "rejected"
    (error,) = results[0]["errors"]
    assert error["field"] == "cf_xdr_mc" and "陕西真名建材有限公司" in error["message"]
    assert m.Penalty.objects.get().subject == known


# ---------------------------------------------------------------------------------- corrections


def corrected_penalty(people):
    """A penalty pushed by 西安市市场监督管理局, its fine corrected from 2 to 0.2 through an objection."""
    row = penalty_row(people.market, cf_xdr_mc="陕西异议更正有限公司")
    (result,) = send("api", people, "penalty", [row])
    penalty = m.Penalty.objects.get(pk=result["id"])
    objection = objection_lodge(**objection_data(penalty, applicant_name=penalty.subject.name))
    objection_accept(objection, people.reviewer)
    objection_correct(objection, people.operator, "经核实金额录入有误。", {"fine_amount": "0.2"})
    return row, penalty, objection


@pytest.mark.parametrize("channel", INGEST_CHANNELS)
def test_a_reverted_correction_is_refused_and_listed_as_a_conflict(channel, people, tmp_path):
    row, penalty, objection = corrected_penalty(people)
    (result,) = send(channel, people, "penalty", [row], tmp_path=tmp_path)
    assert result["status"] == "rejected"
    (error,) = result["errors"]
    assert error["field"] == "cf_nr_fk" and "与异议处理结果冲突" in error["message"]
    assert objection.number in error["message"]
    if channel == "api":
        assert error["code"] == "correction_conflict"
    penalty.refresh_from_db()
    assert str(penalty.fine_amount).startswith("0.2")
    conflict = m.CorrectionConflict.objects.get()
    assert (conflict.record_id, conflict.field, conflict.objection, conflict.channel) == (
        penalty.pk,
        "fine_amount",
        objection,
        channel,
    )
    # Both the department and the office see it; another department does not.
    url = reverse("admin:records_correctionconflict_changelist")
    for persona in (people.operator, people.office_admin, people.reviewer, people.auditor):
        assert "陕西异议更正有限公司" in people.client(persona).get(url).content.decode()
    assert "陕西异议更正有限公司" not in people.client(people.other_operator).get(url).content.decode()

    # The corrected value itself, with other fields changed, goes through.
    fixed = {**row, "cf_nr_fk": "0.2", "cf_nr": "罚款人民币0.2万元"}
    (result,) = send(channel, people, "penalty", [fixed], tmp_path=tmp_path)
    assert result["status"] != "rejected", result


# ---------------------------------------------------------------------------------- admin


def entry_form(department, subject, lt, **extra) -> dict:
    data = {
        "subject": subject.pk,
        "subject_name": subject.name,
        "subject_category": "legal",
        "subject_uscc": subject.uscc,
        "department": department.pk,
        "document_number": "陕发改列〔2026〕1号",
        "decision_date": recent_day().isoformat(),
        "list_type": lt.pk,
        "reason": "拒不履行法定义务",
        "deciding_authority": department.name,
    }
    data.update(extra)
    return data


def penalty_form(department, subject, **extra) -> dict:
    data = {
        "subject": subject.pk,
        "subject_name": subject.name,
        "subject_category": "legal",
        "subject_uscc": subject.uscc,
        "department": department.pk,
        "document_number": "西市监罚〔2026〕88号",
        "decision_date": recent_day().isoformat(),
        "violation_type": "虚假宣传",
        "violation_facts": "经查，当事人在网店作虚假宣传。",
        "legal_basis": "《中华人民共和国反不正当竞争法》第二十条",
        "categories": "罚款",
        "content": "罚款人民币3万元",
        "fine_amount": "3",
        "authority": department.name,
        "authority_uscc": department.uscc,
    }
    data.update(extra)
    return data


def test_admin_entry_edited_then_approved_by_the_same_admin_is_refused(people):
    lt = f.list_type(is_serious=True)
    subject = f.subject(name="陕西双人复核有限公司")
    operator = people.client(people.operator)
    response = operator.post(reverse("admin:records_listentry_add"), entry_form(people.market, subject, lt))
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = m.ListEntry.objects.get()
    assert entry.status == m.RecordStatus.DRAFT and not is_publishable(entry)
    record_submit(entry, people.operator)

    # The credit office admin edits the submitted entry, then tries to approve it alone.
    office = people.client(people.office_admin)
    data = entry_form(people.market, subject, lt, reason="拒不履行法院判决")
    response = office.post(reverse("admin:records_listentry_change", args=[entry.pk]), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == m.RecordStatus.SUBMITTED and entry.last_edited_by == people.office_admin
    url = reverse("admin:records_listentry_transition", args=["approve"])
    page = office.post(f"{url}?ids={entry.pk}", {"ids": str(entry.pk)}, follow=True).content.decode()
    assert "双人复核" in page
    entry.refresh_from_db()
    assert entry.status == m.RecordStatus.SUBMITTED and not is_publishable(entry)
    record_approve(entry, people.reviewer)
    assert is_publishable(entry)


def test_admin_edit_of_a_published_entry_is_a_revision_its_author_cannot_approve(people):
    lt = f.list_type(is_serious=True)
    subject = f.subject(name="陕西公示版本有限公司")
    entry = f.list_entry(subject, people.market, lt, document_number="陕发改列〔2026〕1号", reason="原事由")
    office = people.client(people.office_admin)
    data = entry_form(
        people.market, subject, lt, reason="新事由", decision_date=entry.decision_date.isoformat()
    )
    response = office.post(reverse("admin:records_listentry_change", args=[entry.pk]), data, follow=True)
    assert "审核通过前，公示的仍是原版本" in response.content.decode()
    entry.refresh_from_db()
    assert entry.reason == "原事由" and is_publishable(entry)
    revision = m.Revision.objects.get(record_id=entry.pk)
    with pytest.raises(WorkflowError, match="双人复核"):
        revision_approve(revision, people.office_admin)
    revision_approve(revision, people.reviewer)
    entry.refresh_from_db()
    assert entry.reason == "新事由" and is_publishable(entry)
    assert m.AuditEntry.objects.filter(
        content_type__model="listentry", object_id=str(entry.pk), action="approve"
    ).exists()


def test_admin_refuses_another_authority_a_wrong_name_and_a_blank_code(people):
    subject = f.subject(name="陕西表单校验有限公司")
    operator = people.client(people.operator)
    add = reverse("admin:records_penalty_add")
    page = operator.post(
        add,
        penalty_form(
            people.market, subject, authority=people.ecology.name, authority_uscc=people.ecology.uscc
        ),
    ).content.decode()
    assert "不是报送部门（西安市市场监督管理局" in page
    page = operator.post(
        add, penalty_form(people.market, subject, subject_name="陕西另一家有限公司")
    ).content.decode()
    assert "登记的主体名称“陕西表单校验有限公司”不一致" in page
    other = f.subject(name="陕西另一家有限公司")
    page = operator.post(add, penalty_form(people.market, subject, subject_uscc=other.uscc)).content.decode()
    assert "与所选信用主体“陕西表单校验有限公司”的统一社会信用代码" in page
    page = operator.post(add, penalty_form(people.market, subject, subject_uscc="")).content.decode()
    assert "必填，不能为空" in page
    assert not m.Penalty.objects.exists()
    assert operator.post(add, penalty_form(people.market, subject)).status_code == 302


def test_admin_refuses_to_set_back_a_corrected_field(people):
    row, penalty, objection = corrected_penalty(people)
    office = people.client(people.office_admin)
    data = penalty_form(
        people.market,
        penalty.subject,
        document_number=penalty.document_number,
        decision_date=penalty.decision_date.isoformat(),
        categories=penalty.categories,
        content=penalty.content,
        fine_amount="2",
    )
    page = office.post(reverse("admin:records_penalty_change", args=[penalty.pk]), data).content.decode()
    assert "与异议处理结果冲突" in page
    assert m.CorrectionConflict.objects.get().channel == "admin"
    assert not m.Revision.objects.exists()


def test_delegations_are_kept_by_the_office_admin(people):
    office = people.client(people.office_admin)
    response = office.post(
        reverse("admin:records_delegation_add"),
        {
            "reporting_department": people.ecology.pk,
            "on_behalf_of": people.market.pk,
            "valid_from": "2026-01-01",
            "basis": "委托书",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    delegation = m.Delegation.objects.get()
    assert delegation.created_by == people.office_admin
    assert m.AuditEntry.objects.filter(content_type__model="delegation").exists()
    assert people.client(people.operator).get(reverse("admin:records_delegation_add")).status_code == 403


# ---------------------------------------------------------------------------------- cost


def test_the_checks_cost_the_same_queries_for_5_rows_as_for_60(people):
    """Authority, subject, review and correction checks are set-based: one query per batch."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from records.ingest.services import ingest

    f.list_type(is_serious=True)
    m.Delegation.objects.create(
        reporting_department=people.market, on_behalf_of=people.ecology, valid_from=datetime.date(2026, 1, 1)
    )

    def queries(kind, rows):
        batch = m.IngestBatch(department=people.market, kind=kind, source="api", total_rows=len(rows))
        with CaptureQueriesContext(connection) as ctx:
            ingest(batch, list(enumerate(rows)))
        return len(ctx.captured_queries)

    def entries(n, offset, reason="列入事由"):
        return [
            list_entry_row(
                people.market,
                f.subject(name=f"陕西计数有限公司{offset + i}"),
                md_wsh=f"西市监列〔2026〕{offset + i}号",
                md_lrsy=reason,
            )
            for i in range(n)
        ]

    small, large = entries(5, 0), entries(60, 100)
    assert queries("list_entry", small) == queries("list_entry", large)
    # Re-sent changed after they were published: revisions, same count again.
    m.ListEntry.objects.update(status=m.RecordStatus.PUBLISHED)
    changed_small = [{**r, "md_lrsy": "改"} for r in small]
    changed_large = [{**r, "md_lrsy": "改"} for r in large]
    assert queries("list_entry", changed_small) == queries("list_entry", changed_large)
    assert m.Revision.objects.filter(status=m.Revision.Status.SUBMITTED).count() == 65
