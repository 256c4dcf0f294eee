"""Each role does its job through the pages with the permissions the migrations ship: no
superuser, no permission granted in a test (tests/records/personas.py)."""

import io
import re

import pytest
from django.urls import reverse

from publicity.certificates.models import Certificate
from records import models as m
from records.models import ApiToken, IngestBatch
from tests import factories as f
from tests.publicity.certificates.conftest import signing_dir, signing_key  # noqa: F401
from tests.publicity.certificates.factories import issue
from tests.records.exchange_factories import penalty_row
from tests.records.test_file_import import csv_bytes, run_to_end, upload

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def other_batch(people):
    """赵环保's upload for 西安市生态环境局: no business of the market operator."""
    return IngestBatch.objects.create(
        department=people.ecology,
        kind="penalty",
        source=IngestBatch.Source.UPLOAD,
        user=people.other_operator,
        filename="生态环境处罚-保密.csv",
        status=IngestBatch.Status.DONE,
    )


def test_operator_imports_a_file_and_sees_its_batch_and_error_report(people, other_batch):
    client = people.client(people.operator)
    rows = [penalty_row(people.market) for _ in range(3)]
    rows[1]["cf_xdr_shxym"] = "91610000MA6TG8XX1A"  # wrong check character
    batch, _progress, detail = run_to_end(
        client, upload(client, people.market, "处罚.csv", csv_bytes(rows, "gbk"))
    )
    assert (batch.department, batch.created_count, batch.rejected_count) == (people.market, 2, 1)
    assert "校验码" in text(client.get(detail))
    report = client.get(reverse("records:import-errors", args=[batch.pk]))
    assert report.status_code == 200 and report["Content-Type"].startswith("application/vnd.openxml")

    batches = client.get(reverse("admin:records_ingestbatch_changelist"))
    assert batches.status_code == 200
    assert "处罚.csv" in text(batches) and "生态环境处罚-保密.csv" not in text(batches)
    assert client.get(reverse("admin:records_ingestbatch_change", args=[batch.pk])).status_code == 200
    assert client.get(reverse("admin:records_ingestbatch_change", args=[other_batch.pk])).status_code in (
        302,
        403,
        404,
    )
    assert client.get(reverse("records:timeliness")).status_code == 200


def test_operator_enters_a_record_by_hand_for_their_department(people):
    client = people.client(people.operator)
    page = client.get(reverse("admin:records_penalty_add"))
    assert page.status_code == 200
    assert people.market.name in text(page) and people.ecology.name not in text(page)


def test_operator_may_not_issue_tokens_and_is_told_whom_to_ask(people):
    response = people.client(people.operator).get(reverse("admin:records_apitoken_add"))
    assert response.status_code == 403
    page = text(response)
    assert "没有访问权限" in page and "新增接口令牌" in page
    assert "信用办管理员" in page and "部门填报员" in page  # who may, and their own role
    assert "Forbidden" not in page


def test_office_admin_creates_a_token_and_opens_the_query_log(people):
    client = people.client(people.office_admin)
    response = client.post(
        reverse("admin:records_apitoken_add"),
        {"name": "执法办案系统", "department": people.market.pk, "direction": "push", "kinds": ["penalty"]},
    )
    assert response.status_code == 200 and re.search(r'value="(xy_[^"]+)"', response.content.decode())
    token = ApiToken.objects.get()
    assert (token.department, token.created_by) == (people.market, people.office_admin)

    certificate = issue(f.subject(name="陕西秦华建筑工程有限公司"), purpose="bidding").certificate
    log = client.get(reverse("admin:publicity_certificate_changelist"))
    assert log.status_code == 200 and certificate.serial in text(log)
    assert client.get(reverse("admin:publicity_certificate_change", args=[certificate.pk])).status_code == 200


def test_office_admin_reads_every_batch_and_imports_for_any_department(people, other_batch):
    client = people.client(people.office_admin)
    assert "生态环境处罚-保密.csv" in text(client.get(reverse("admin:records_ingestbatch_changelist")))
    page = text(client.get(reverse("records:import")))
    assert people.market.name in page and people.ecology.name in page


def test_reviewer_reviews_the_queue(people):
    entry = f.list_entry(
        f.subject(name="陕西失信建材有限公司"),
        people.market,
        status=m.RecordStatus.SUBMITTED,
        entered_by=people.operator,
        submitted_by=people.operator,
        document_number="西市监列〔2026〕9号",
    )
    client = people.client(people.reviewer)
    queue = client.get(reverse("admin:records_listentry_changelist") + "?status__exact=submitted")
    assert queue.status_code == 200 and "陕西失信建材有限公司" in text(queue)
    url = reverse("admin:records_listentry_transition", args=["approve"]) + f"?ids={entry.pk}"
    client.post(url, {"ids": str(entry.pk)})
    entry.refresh_from_db()
    assert (entry.status, entry.reviewed_by) == (m.RecordStatus.PUBLISHED, people.reviewer)


def test_auditor_reads_the_audit_trail_batches_and_query_log_and_changes_nothing(people, other_batch):
    penalty = f.penalty(f.subject(), people.market)
    certificate = issue(f.subject(name="宝鸡渭滨食品有限公司"), purpose="bidding").certificate
    client = people.client(people.auditor)
    for name in (
        "admin:records_auditentry_changelist",
        "admin:records_ingestbatch_changelist",
        "admin:publicity_certificate_changelist",
        "admin:records_apitoken_changelist",
        "admin:records_penalty_changelist",
        "records:timeliness",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert "生态环境处罚-保密.csv" in text(client.get(reverse("admin:records_ingestbatch_changelist")))

    before = (penalty.subject_name, Certificate.objects.count(), ApiToken.objects.count())
    change = client.post(
        reverse("admin:records_penalty_change", args=[penalty.pk]), {"subject_name": "改过的名称"}
    )
    assert change.status_code == 403
    assert client.post(reverse("admin:records_apitoken_add"), {"name": "x"}).status_code == 403
    assert client.get(reverse("records:import")).status_code == 403
    assert (
        client.post(reverse("admin:publicity_certificate_delete", args=[certificate.pk])).status_code == 403
    )
    penalty.refresh_from_db()
    assert (penalty.subject_name, Certificate.objects.count(), ApiToken.objects.count()) == before


def test_complaint_handler_reaches_the_workspace_and_nothing_else(people):
    client = people.client(people.complaint_handler)
    assert client.get(reverse("complaints:staff_list")).status_code == 200
    assert client.get(reverse("admin:records_penalty_changelist")).status_code == 403
    assert client.get(reverse("records:import")).status_code == 403


def test_outsider_gets_the_chinese_refusal(people):
    client = people.client(people.outsider)
    for url in (
        reverse("records:import"),
        reverse("records:timeliness"),
        reverse("admin:records_ingestbatch_changelist"),
        reverse("admin:publicity_certificate_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        page = text(response)
        assert "没有访问权限" in page and "尚未分配角色" in page and "请联系信用办管理员" in page, url
        assert 'lang="zh-Hans"' in response.content.decode()


def test_refusal_names_the_missing_permission_for_a_file_download(people):
    response = people.client(people.outsider).get(reverse("records:import-template", args=["penalty"]))
    page = text(response)
    assert response.status_code == 403 and "下载导入模板" in page and "部门填报员" in page


def test_upload_page_refuses_an_oversized_file_in_chinese(people):
    client = people.client(people.operator)
    big = io.BytesIO(b"x")
    big.name = "big.csv"
    response = client.post(reverse("records:import"), {"file": big}, CONTENT_LENGTH=str(10**10))
    assert response.status_code == 413 and "文件过大" in text(response)


def test_operator_proposes_a_revision_the_office_admin_approves(people):
    """部门填报员 edits a published record (a revision under review); the 信用办管理员 approves it
    in the admin; the operator cannot approve their own."""
    from tests.records.test_admin_scoping import penalty_form

    subject = f.subject(name="陕西修改审核有限公司")
    published = f.penalty(subject, people.market, document_number="西市监罚〔2026〕31号")
    operator = people.client(people.operator)
    data = penalty_form(people.market, subject, document_number=published.document_number, content="改为警告")
    assert (
        operator.post(reverse("admin:records_penalty_change", args=[published.pk]), data).status_code == 302
    )
    revision = m.Revision.objects.get(record_kind="penalty", record_id=published.pk)
    assert revision.author == people.operator
    assert "陕西修改审核有限公司" in text(operator.get(reverse("admin:records_revision_changelist")))

    approve = reverse("admin:records_revision_transition", args=["approve"]) + f"?ids={revision.pk}"
    assert operator.post(approve, {"ids": str(revision.pk)}).status_code == 403
    revision.refresh_from_db()
    assert revision.status == m.Revision.Status.SUBMITTED

    office = people.client(people.office_admin)
    assert "陕西修改审核有限公司" in text(office.get(reverse("admin:records_revision_changelist")))
    office.post(approve, {"ids": str(revision.pk)})
    revision.refresh_from_db()
    published.refresh_from_db()
    assert (revision.status, revision.reviewed_by) == (m.Revision.Status.APPROVED, people.office_admin)
    assert published.content == "改为警告"


def test_office_admin_keeps_direct_publishing_and_delegations(people):
    lt = f.list_type()
    client = people.client(people.office_admin)
    response = client.post(
        reverse("admin:records_directpublishing_add"),
        {"department": people.baoji.pk, "list_type": lt.pk, "basis": "陕信用办〔2026〕5号"},
    )
    assert response.status_code == 302
    grant = m.DirectPublishing.objects.get()
    assert (
        client.post(
            reverse("admin:records_directpublishing_delete", args=[grant.pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert not m.DirectPublishing.objects.exists()
    response = client.post(
        reverse("admin:records_delegation_add"),
        {
            "reporting_department": people.baoji.pk,
            "on_behalf_of": people.market.pk,
            "valid_from": "2026-01-01",
            "basis": "委托书",
        },
    )
    assert response.status_code == 302
    delegation = m.Delegation.objects.get()
    change = client.get(reverse("admin:records_delegation_change", args=[delegation.pk]))
    assert change.status_code == 200
    for user in (people.reviewer, people.auditor):
        reader = people.client(user)
        assert reader.get(reverse("admin:records_delegation_changelist")).status_code == 200, user
        assert reader.get(reverse("admin:records_directpublishing_add")).status_code == 403, user


def test_auditor_reads_revisions_delegations_and_audit_channels(people):
    f.penalty(f.subject(name="陕西审计对象有限公司"), people.market)
    client = people.client(people.auditor)
    for name in (
        "admin:records_revision_changelist",
        "admin:records_directpublishing_changelist",
        "admin:records_delegation_changelist",
        "admin:records_correctionconflict_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    audit = client.get(reverse("admin:records_auditentry_changelist"), {"channel__exact": "admin"})
    assert audit.status_code == 200 and "渠道" in text(audit)
    assert client.get(reverse("admin:records_delegation_add")).status_code == 403


def test_an_operator_in_another_city_reports_only_for_their_department(people):
    client = people.client(people.baoji_operator)
    page = text(client.get(reverse("records:import")))
    assert people.baoji.name in page and people.market.name not in page
    xian = f.penalty(f.subject(), people.market, status=m.RecordStatus.DRAFT)
    assert client.get(reverse("admin:records_penalty_change", args=[xian.pk])).status_code in (302, 403, 404)
    timeliness = client.get(reverse("records:timeliness"))
    assert timeliness.status_code == 200 and people.market.name not in text(timeliness)
