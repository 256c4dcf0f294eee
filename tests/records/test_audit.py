"""The audit trail: who changed what (before and after), when, from which IP; logins too.
Auditors search it; nobody can edit or delete it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from records import models as m
from tests import factories as f
from tests.records.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_kept_with_before_after_who_and_ip(people):
    subj = f.subject()
    draft = f.penalty(subj, people.market, status=m.RecordStatus.DRAFT, content="罚款人民币5万元")
    client = people.client(people.operator)
    url = reverse("admin:records_penalty_change", args=[draft.pk])
    data = {
        "subject": subj.pk,
        "subject_name": subj.name,
        "subject_category": "legal",
        "subject_uscc": subj.uscc,
        "department": people.market.pk,
        "document_number": draft.document_number,
        "decision_date": draft.decision_date.isoformat(),
        "violation_type": draft.violation_type,
        "violation_facts": draft.violation_facts,
        "legal_basis": draft.legal_basis,
        "categories": "罚款",
        "content": "罚款人民币8万元",
        "fine_amount": "8",
        "authority": draft.authority,
        "authority_uscc": draft.authority_uscc,
    }
    assert client.post(url, data, REMOTE_ADDR="10.61.0.23").status_code == 302
    entry = m.AuditEntry.objects.get(action="update", content_type__model="penalty", object_id=str(draft.pk))
    assert entry.actor == people.operator and entry.actor_username == "wang"
    assert entry.ip == "10.61.0.23"
    assert entry.changes["content"] == ["罚款人民币5万元", "罚款人民币8万元"]
    assert entry.changes["fine_amount"] == ["5.000000", "8"] or entry.changes["fine_amount"][1].startswith(
        "8"
    )


def test_the_auditor_searches_and_reads_the_trail(people):
    draft = f.penalty(f.subject(), people.market, status=m.RecordStatus.DRAFT, entered_by=people.operator)
    from records.services.publication import record_submit

    record_submit(draft, people.operator)
    client = people.client(people.auditor)
    changelist = reverse("admin:records_auditentry_changelist")
    page = client.get(changelist, {"q": "wang"}).content.decode()
    assert "提交审核" in page
    entry = m.AuditEntry.objects.get(action="submit")
    detail = client.get(reverse("admin:records_auditentry_change", args=[entry.pk])).content.decode()
    # Choices by their labels, not the stored values (draft, submitted).
    assert "修改前" in detail and "草稿" in detail and "待审核" in detail
    assert ">draft<" not in detail and ">submitted<" not in detail


def test_a_record_history_link_opens_its_audit_trail(people):
    draft = f.penalty(f.subject(), people.market, status=m.RecordStatus.DRAFT)
    client = people.client(people.auditor)
    response = client.get(reverse("admin:records_penalty_history", args=[draft.pk]))
    assert response.status_code == 302
    assert reverse("admin:records_auditentry_changelist") in response["Location"]
    assert client.get(response["Location"]).status_code == 200


def test_the_trail_cannot_be_edited_or_deleted_from_the_ui(people):
    # Not even by a superuser: tests/records/test_admin_scoping.py, with the other superuser cases.
    from records.audit import audit_log

    entry = audit_log(m.AuditEntry.Action.UPDATE, people.market, changes={"name": ["a", "b"]})
    change = reverse("admin:records_auditentry_change", args=[entry.pk])
    delete = reverse("admin:records_auditentry_delete", args=[entry.pk])
    for client in (people.client(people.auditor), people.client(people.office_admin)):
        assert client.post(change, {"reason": "改掉"}).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert client.get(reverse("admin:records_auditentry_add")).status_code == 403
    entry.refresh_from_db()
    assert entry.reason == ""


def test_the_trail_refuses_changes_in_code_too():
    from records.audit import audit_log

    entry = audit_log(m.AuditEntry.Action.UPDATE, None)
    entry.reason = "x"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        m.AuditEntry.objects.all().update(reason="x")
    with pytest.raises(PermissionDenied):
        m.AuditEntry.objects.all().delete()


def test_operators_cannot_read_the_trail(people):
    assert (
        people.client(people.operator).get(reverse("admin:records_auditentry_changelist")).status_code == 403
    )


def test_logins_and_failed_logins_are_kept(people, client):
    login = reverse("admin:login")
    client.post(login, {"username": "wang", "password": "wrong-password"}, REMOTE_ADDR="10.0.0.9")
    client.post(login, {"username": "wang", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    failed = m.AuditEntry.objects.get(action="login_failed")
    assert failed.actor_username == "wang" and failed.ip == "10.0.0.9"
    ok = m.AuditEntry.objects.get(action="login")
    assert ok.actor == people.operator
    assert "wrong-password" not in str(failed.changes) + failed.reason


def test_changes_to_list_types_measures_and_accounts_are_audited(people):
    client = people.client(people.office_admin)
    response = client.post(
        reverse("admin:records_listtype_add"),
        {
            "name": "拖欠农民工工资失信联合惩戒对象名单",
            "polarity": "black",
            "field": "人力资源社会保障",
            "legal_basis": "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》",
            "default_years": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    entry = m.AuditEntry.objects.get(action="create", content_type__model="listtype")
    assert entry.changes["name"] == [None, "拖欠农民工工资失信联合惩戒对象名单"]


def test_imports_without_a_staff_member_are_not_logged_row_by_row(people):
    f.penalty(f.subject(), people.market)
    assert not m.AuditEntry.objects.filter(content_type__model="penalty").exists()


def test_a_login_without_a_client_address_is_still_audited(client, people):
    # force_login signals with a bare request that has no REMOTE_ADDR.
    from records.models import AuditEntry

    user = people.outsider
    client.force_login(user)
    entry = AuditEntry.objects.filter(actor=user).order_by("-id").first()
    assert entry is not None and entry.ip is None


@pytest.mark.django_db
def test_a_visitors_rate_counter_is_not_an_audit_entry(client):
    """Every new client address gets a rate-limit counter row: no change of anything, so the
    audit trail does not fill with one entry per visitor of the open-data API."""
    from portal.models import RateCounter

    assert client.get("/api/v1/open/penalties/", REMOTE_ADDR="192.0.2.77").status_code == 200
    assert RateCounter.objects.exists()
    assert not m.AuditEntry.objects.filter(content_type__model="ratecounter").exists()
