"""The audit trail on every channel: a push, an upload, an import command run, an expiry run and
an admin edit each leave entries with before and after, who (user or token), channel and batch.
Staging rows of an upload are not audited; on PostgreSQL the database itself refuses to change
or delete an audit row."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from records import models as m
from records.audit import acting, audit_log
from records.ingest.uploads import upload_stage, upload_step
from tests import factories as f
from tests.records.exchange_factories import penalty_row, person_penalty_row, token
from tests.records.test_file_import import csv_bytes

pytestmark = pytest.mark.django_db


def push(key, rows):
    return Client().post(
        "/api/v1/push/penalty/",
        data=json.dumps({"rows": rows}, ensure_ascii=False),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def entries_for(record):
    return m.AuditEntry.objects.filter(content_type__model=record._meta.model_name, object_id=str(record.pk))


def test_a_push_audits_each_record_with_token_channel_batch_and_before_after(people):
    api_token, key = token(people.market)
    row = penalty_row(people.market, cf_nr="罚款人民币2万元", cf_nr_fk="2")
    assert push(key, [row]).status_code == 200
    penalty = m.Penalty.objects.get(document_number=row["cf_wsh"])
    created = entries_for(penalty).get()
    batch = m.IngestBatch.objects.get()
    assert (created.action, created.channel, created.token_id, created.batch_id) == (
        "create",
        "api",
        api_token.pk,
        batch.pk,
    )
    assert created.actor is None and "执法办案系统" in created.actor_username
    assert created.changes["content"] == [None, "罚款人民币2万元"]
    assert created.changes["department"] == [None, people.market.pk]

    assert push(key, [{**row, "cf_nr": "罚款人民币3万元", "cf_nr_fk": "3"}]).status_code == 200
    updated = entries_for(penalty).get(action="update")
    assert updated.changes["content"] == ["罚款人民币2万元", "罚款人民币3万元"]
    assert set(updated.changes) == {"content", "fine_amount"}
    assert updated.batch_id == m.IngestBatch.objects.latest("id").pk

    push(key, [{**row, "cf_nr": "罚款人民币3万元", "cf_nr_fk": "3"}])  # unchanged: nothing to audit
    assert entries_for(penalty).count() == 2


def test_subjects_a_push_registers_are_audited_too(people):
    _token, key = token(people.market)
    row = person_penalty_row(people.market)
    push(key, [row])
    person = m.Subject.objects.get(kind=m.Subject.Kind.PERSON)
    entry = entries_for(person).get()
    assert entry.action == "create" and entry.channel == "api"
    assert entry.changes["name"] == [None, row["cf_xdr_mc"]]


def test_an_expired_record_re_sent_records_its_return_to_publication(people):
    _token, key = token(people.market)
    row = penalty_row(people.market)
    push(key, [row])
    penalty = m.Penalty.objects.get()
    m.Penalty.objects.filter(pk=penalty.pk).update(status=m.RecordStatus.EXPIRED)
    push(key, [{**row, "cf_nr": "罚款人民币9万元"}])
    entry = entries_for(penalty).get(action="update")
    assert entry.changes["status"] == ["expired", "published"]


def test_an_upload_audits_records_as_the_operator_and_never_its_staging_rows(people):
    rows = [penalty_row(people.market) for _ in range(3)]
    rows[1]["cf_cflb"] = ""  # rejected: stays staged for the error report
    batch, _ignored = upload_stage(
        department=people.market,
        kind=None,
        user=people.operator,
        filename="处罚.csv",
        data=csv_bytes(rows),
    )
    while batch.status != m.IngestBatch.Status.DONE:
        batch = upload_step(batch.pk)
    assert batch.created_count == 2
    entries = m.AuditEntry.objects.filter(content_type__model="penalty")
    assert entries.count() == 2
    for entry in entries:
        assert (entry.action, entry.channel, entry.batch_id, entry.actor) == (
            "create",
            "upload",
            batch.pk,
            people.operator,
        )
        assert entry.changes["document_number"][0] is None
    assert not m.AuditEntry.objects.filter(content_type__model__in=["importrow", "ingestbatch"]).exists()
    assert not m.AuditEntry.objects.filter(object_repr__contains="行").exists()


def test_the_upload_page_adds_no_staging_row_noise(people):
    """Through the page, as a staff request: the records are audited, the staged rows dropped at
    the end leave nothing in the trail."""
    rows = [penalty_row(people.market) for _ in range(2)]
    batch, _ignored = upload_stage(
        department=people.market, kind=None, user=people.operator, filename="处罚.csv", data=csv_bytes(rows)
    )
    client = people.client(people.office_admin)  # may report for any department
    for _ in range(5):
        client.post(f"/records/import/{batch.pk}/step/", HTTP_ACCEPT="application/json")
    batch.refresh_from_db()
    assert batch.status == "done" and not m.ImportRow.objects.filter(batch=batch).exists()
    assert m.AuditEntry.objects.filter(content_type__model="penalty").count() == 2
    assert not m.AuditEntry.objects.filter(content_type__model__in=["importrow", "ingestbatch"]).exists()
    assert not m.AuditEntry.objects.filter(action="delete").exists()


def test_an_import_command_run_is_audited_as_the_command(people, tmp_path):
    rows = [penalty_row(people.market) for _ in range(2)]
    path = tmp_path / "处罚.csv"
    path.write_bytes(csv_bytes(rows))
    call_command(
        "import_records",
        str(path),
        "--department",
        people.market.uscc,
        "--user",
        "wang",
        stdout=io.StringIO(),
    )
    batch = m.IngestBatch.objects.get()
    entries = m.AuditEntry.objects.filter(content_type__model="penalty")
    assert entries.count() == 2
    assert {(e.channel, e.batch_id, e.actor_id) for e in entries} == {
        ("command", batch.pk, people.operator.pk)
    }

    changed = tmp_path / "更正.csv"
    changed.write_bytes(csv_bytes([{**rows[0], "cf_nr": "警告"}]))
    call_command("import_records", str(changed), "--department", people.market.uscc, stdout=io.StringIO())
    update = m.AuditEntry.objects.get(action="update")
    assert update.changes["content"] == [rows[0]["cf_nr"], "警告"] and update.actor is None


def test_an_expiry_run_is_audited_per_record(people):
    today = timezone.localdate()
    ended = f.penalty(
        f.subject(),
        people.market,
        decision_date=today - datetime.timedelta(days=400),
        publish_until=today - datetime.timedelta(days=1),
    )
    call_command("expire_publications", stdout=io.StringIO())
    entry = entries_for(ended).get()
    assert entry.action == "expire" and entry.channel == "command"
    assert entry.changes["status"] == ["published", "expired"]


def test_an_admin_edit_is_audited_on_the_admin_channel(people):
    client = people.client(people.office_admin)
    list_type = f.list_type()
    response = client.post(
        f"/admin/records/listtype/{list_type.pk}/change/",
        {
            "name": list_type.name,
            "polarity": list_type.polarity,
            "field": list_type.field,
            "legal_basis": "《新的依据》",
            "default_years": list_type.default_years,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    entry = entries_for(list_type).get()
    assert (entry.action, entry.channel, entry.actor) == ("update", "admin", people.office_admin)
    assert entry.changes["legal_basis"][1] == "《新的依据》"


def test_a_token_revoked_by_the_office_is_audited(people):
    api_token, _key = token(people.market)
    with acting(people.office_admin, channel=m.AuditEntry.Channel.ADMIN):
        api_token.revoke(people.office_admin, reason="系统停用")
    entry = entries_for(api_token).get()
    assert entry.channel == "admin" and entry.actor == people.office_admin
    assert entry.changes["revoke_reason"][1]


def test_an_audit_row_cannot_be_changed_or_deleted_even_in_sql():
    """The application refuses on every database; on PostgreSQL the trigger also refuses a raw
    UPDATE or DELETE that bypasses the application."""
    entry = audit_log(m.AuditEntry.Action.UPDATE, None, reason="原文")
    with pytest.raises(PermissionDenied):
        m.AuditEntry.objects.filter(pk=entry.pk).update(reason="改写")
    with pytest.raises(PermissionDenied):
        entry.delete()
    table = m.AuditEntry._meta.db_table
    if connection.vendor == "postgresql":
        for sql in (f"UPDATE {table} SET reason = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
            with pytest.raises(DatabaseError, match="审计记录不可修改或删除"), transaction.atomic():
                with connection.cursor() as cur:
                    cur.execute(sql, [entry.pk])
    else:
        assert connection.vendor == "sqlite"  # the suite runs on SQLite and PostgreSQL only
    entry.refresh_from_db()
    assert entry.reason == "原文"


@pytest.mark.django_db(transaction=True)
def test_the_trail_written_by_a_committed_push_survives_and_teardown_still_empties_it():
    """Committed for real (no test transaction to roll back): the entries are there after the
    commit, and the flush at the end of this test (TRUNCATE on PostgreSQL, which the row trigger
    does not block) leaves an empty table for the next test."""
    dept = f.department()
    _token, key = token(dept)
    assert push(key, [penalty_row(dept)]).status_code == 200
    assert (
        m.AuditEntry.objects.filter(channel="api", action="create", content_type__model="penalty").count()
        == 1
    )
