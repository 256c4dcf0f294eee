"""`manage.py expire_publications`: ends publications whose window has passed, idempotently."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from records import models as m
from tests import factories as f

# Date-sensitive: also run with the clock at 23:30 and 00:30 Beijing time (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def today():
    """Read at each call, never at import: a test may run under another clock (tests/conftest.py)."""
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def run(*args) -> str:
    out = StringIO()
    call_command("expire_publications", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def store():
    dept, subj = f.department(), f.subject()
    return {
        "ended": f.penalty(subj, dept, decision_date=days(-400), publish_until=days(-1)),
        "default_ended": f.penalty(subj, dept, decision_date=days(-400)),  # ordinary: 1 year
        "current": f.penalty(subj, dept, decision_date=days(-30)),
        "removed": f.list_entry(subj, dept, removed_on=days(-2)),
        "listed": f.list_entry(subj, dept, publish_until=days(100)),
        "lapsed_permit": f.permit(subj, dept, decision_date=days(-800), valid_until=days(-1)),
        "future": f.penalty(subj, dept, decision_date=today(), publish_from=days(5), publish_until=days(-1)),
        "draft": f.penalty(
            subj, dept, status=m.RecordStatus.DRAFT, decision_date=days(-400), publish_until=days(-1)
        ),
        "private_commitment": f.commitment(subj, dept, disclosure=m.Commitment.Disclosure.PRIVATE),
    }


def status(record):
    record.refresh_from_db()
    return record.status


def test_expires_what_has_ended_and_reports_it(store):
    out = run()
    assert "行政处罚：已到期 2 条" in out
    assert "红黑名单：已到期 1 条" in out
    assert "行政许可：已到期 1 条" in out
    assert "合计已到期 4 条" in out
    for name in ("ended", "default_ended", "removed", "lapsed_permit"):
        assert status(store[name]) == m.RecordStatus.EXPIRED, name
    store["removed"].refresh_from_db()
    assert store["removed"].status_reason == "已移出名单"
    assert store["ended"].status_reason == "公示期满"
    for name in ("current", "listed", "future", "private_commitment"):
        assert status(store[name]) == m.RecordStatus.PUBLISHED, name
    assert status(store["draft"]) == m.RecordStatus.DRAFT


def test_running_twice_changes_nothing_the_second_time(store):
    run()
    changed_at = {k: (r.refresh_from_db(), r.status_changed_at)[1] for k, r in store.items()}
    assert run() == "没有需要处理的记录。\n"
    assert {k: (r.refresh_from_db(), r.status_changed_at)[1] for k, r in store.items()} == changed_at


def test_dry_run_reports_without_changing(store):
    assert "行政处罚：将到期 2 条" in run("--dry-run")
    assert status(store["ended"]) == m.RecordStatus.PUBLISHED


def test_a_later_date_expires_more(store):
    run(f"--date={days(200).isoformat()}")
    assert status(store["listed"]) == m.RecordStatus.EXPIRED


def test_each_record_marked_has_an_audit_entry_with_before_and_after(store):
    run()
    entries = m.AuditEntry.objects.filter(action="expire", content_type__model="penalty")
    assert {e.object_id for e in entries} == {str(store["ended"].pk), str(store["default_ended"].pk)}
    for entry in entries:
        assert entry.changes["status"] == ["published", "expired"]
        assert entry.channel == "command" and entry.actor is None
        assert "公示期满" in entry.reason
    run()  # the second run changes nothing and audits nothing
    assert m.AuditEntry.objects.filter(action="expire", content_type__model="penalty").count() == 2


def test_a_bad_date_is_refused_with_a_message():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date=2026-13-01")


def test_many_ended_records_are_marked_chunk_by_chunk_each_audited_once(monkeypatch):
    from records.services import expiry

    monkeypatch.setattr(expiry, "CHUNK", 2)  # five records: three chunks
    dept, subj = f.department(), f.subject()
    ended = [f.penalty(subj, dept, decision_date=days(-400), publish_until=days(-1)) for _ in range(5)]
    current = f.penalty(subj, dept, decision_date=days(-30))
    assert expiry.expire_publications() == {"penalty": 5}
    assert {status(r) for r in ended} == {m.RecordStatus.EXPIRED} and status(
        current
    ) == m.RecordStatus.PUBLISHED
    entries = m.AuditEntry.objects.filter(action=m.AuditEntry.Action.EXPIRE)
    assert sorted(int(e.object_id) for e in entries) == sorted(r.pk for r in ended)
    assert expiry.expire_publications() == {}
