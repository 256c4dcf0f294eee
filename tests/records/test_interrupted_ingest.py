"""All or nothing: a push, an upload step or an import_records chunk that dies half-way keeps no
subject without its records, no batch half counted; the same request or command re-run finishes.

The connection dies at the worst moment: after the batch's new subjects are written, at the
first INSERT into the record table. On PostgreSQL the server really terminates the backend
(pg_terminate_backend from a second connection), as when an operator kills it or the network
drops; SQLite has no server to kill, so the driver's error for a lost database is raised there.
"""

import contextlib
import io
import json
import os
import signal

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, connections
from django.test import Client

from records.ingest.uploads import upload_stage, upload_step
from records.models import IngestBatch, Penalty, Subject
from tests import factories as f
from tests.records.exchange_factories import penalty_row, person_penalty_row, token
from tests.records.test_file_import import csv_bytes

PENALTY_URL = "/api/v1/push/penalty/"
RECORD_INSERT = 'INSERT INTO "records_penalty"'


@contextlib.contextmanager
def connection_lost_at(statement_start: str, skip: int = 0):
    """The database connection dies when this thread's connection runs a statement starting with
    `statement_start` (after `skip` such statements went through)."""
    seen = {"n": 0}

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().startswith(statement_start):
            seen["n"] += 1
            if seen["n"] == skip + 1:
                if connection.vendor == "postgresql":
                    with connection.cursor() as cur:
                        cur.execute("SELECT pg_backend_pid()")
                        pid = cur.fetchone()[0]
                    killer = connections.create_connection("default")
                    try:
                        with killer.cursor() as cur:
                            cur.execute("SELECT pg_terminate_backend(%s)", [pid])
                    finally:
                        killer.close()
                else:
                    raise OperationalError("disk I/O error: the database went away")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen
    if connection.connection is not None and not connection.is_usable():
        connection.close()


def _orphans() -> int:
    """Subjects no record of any kind points at."""
    return Subject.objects.filter(penalty_set__isnull=True).count()


@pytest.mark.django_db(transaction=True)
def test_a_push_killed_mid_way_keeps_no_subject_and_no_batch():
    dept = f.department()
    _t, key = token(dept)
    rows = [penalty_row(dept) for _ in range(500)] + [person_penalty_row(dept) for _ in range(500)]
    body = json.dumps({"rows": rows}, ensure_ascii=False)

    def push():
        return Client().post(
            PENALTY_URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
        )

    with connection_lost_at(RECORD_INSERT) as seen:
        response = push()
    assert seen["n"] >= 1  # the connection did die at the record INSERT
    assert response.status_code == 503
    assert "未写入" in response.json()["detail"]
    assert (Subject.objects.count(), _orphans(), Penalty.objects.count(), IngestBatch.objects.count()) == (
        0,
        0,
        0,
        0,
    )

    again = push()
    assert again.status_code == 200 and again.json()["created"] == 1000
    assert (Subject.objects.count(), _orphans(), Penalty.objects.count()) == (1000, 0, 1000)


@pytest.mark.django_db(transaction=True)
def test_an_upload_step_killed_mid_way_keeps_nothing_and_can_be_taken_again():
    # The upload page's step view calls upload_step; it answers "retry" to a database error.
    dept = f.department()
    # Persons first: the CSV's columns are those of the first row.
    rows = [person_penalty_row(dept) for _ in range(30)] + [penalty_row(dept) for _ in range(30)]
    batch, _ignored = upload_stage(
        department=dept, kind=None, user=None, filename="处罚.csv", data=csv_bytes(rows, "utf-8")
    )

    with connection_lost_at(RECORD_INSERT), pytest.raises(OperationalError):
        upload_step(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows, batch.created_count) == ("pending", 0, 0)
    assert (Subject.objects.count(), Penalty.objects.count()) == (0, 0)

    batch = upload_step(batch.pk)
    assert (batch.status, batch.created_count) == ("done", 60)
    assert (Subject.objects.count(), _orphans(), Penalty.objects.count()) == (60, 0, 60)


def _command_file(tmp_path, dept, n=9):
    rows = [person_penalty_row(dept) if i % 2 == 0 else penalty_row(dept) for i in range(n)]
    path = tmp_path / "处罚.csv"
    path.write_bytes(csv_bytes(rows, "gbk"))
    return path


@pytest.mark.django_db(transaction=True)
def test_import_records_losing_its_connection_marks_the_batch_failed_and_can_be_rerun(tmp_path):
    dept = f.department()
    path = _command_file(tmp_path, dept)
    args = ["import_records", str(path), "--department", dept.uscc, "--chunk", "3"]

    with connection_lost_at(RECORD_INSERT, skip=1), pytest.raises(CommandError, match="已标记为失败"):
        call_command(*args, stdout=io.StringIO())
    batch = IngestBatch.objects.get()
    assert (batch.status, batch.processed_rows, batch.created_count) == ("failed", 3, 3)
    assert batch.finished_at is not None
    # The first chunk is in whole; the second left nothing.
    assert (Subject.objects.count(), _orphans(), Penalty.objects.count()) == (3, 0, 3)

    out = io.StringIO()
    call_command(*args, stdout=out)
    rerun = IngestBatch.objects.exclude(pk=batch.pk).get()
    assert (rerun.status, rerun.created_count, rerun.unchanged_count) == ("done", 6, 3)
    assert (Subject.objects.count(), _orphans(), Penalty.objects.count()) == (9, 0, 9)


class _SigtermAfterFirstChunk(io.StringIO):
    """The command's output; the first progress line makes the process receive SIGTERM, as when
    an operator (or systemd, or a container stop) terminates it between two chunks."""

    def write(self, text):
        sent = "已处理" in self.getvalue()
        written = super().write(text)
        if "已处理" in text and not sent:
            os.kill(os.getpid(), signal.SIGTERM)
        return written


@pytest.mark.django_db
def test_import_records_terminated_by_sigterm_marks_its_batch_failed(tmp_path):
    dept = f.department()
    path = _command_file(tmp_path, dept)
    args = ["import_records", str(path), "--department", dept.uscc, "--chunk", "3"]
    before = signal.getsignal(signal.SIGTERM)

    with pytest.raises(CommandError, match="已中断"):
        call_command(*args, stdout=_SigtermAfterFirstChunk())
    assert signal.getsignal(signal.SIGTERM) is before  # the command put the handler back
    batch = IngestBatch.objects.get()
    assert (batch.status, batch.processed_rows) == ("failed", 3)
    assert (Subject.objects.count(), Penalty.objects.count()) == (3, 3)

    call_command(*args, stdout=io.StringIO())
    assert Penalty.objects.count() == 9 and _orphans() == 0


@pytest.mark.django_db
def test_a_killed_run_left_running_is_marked_failed_by_the_next_run(tmp_path):
    import datetime

    from django.utils import timezone

    dept = f.department()
    killed = IngestBatch.objects.create(department=dept, kind="penalty", source=IngestBatch.Source.COMMAND)
    recent = IngestBatch.objects.create(department=dept, kind="penalty", source=IngestBatch.Source.COMMAND)
    IngestBatch.objects.filter(pk=killed.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))

    out = io.StringIO()
    call_command("import_records", str(_command_file(tmp_path, dept)), "--department", dept.uscc, stdout=out)
    assert "1 个此前中断的命令行导入批次" in out.getvalue()
    killed.refresh_from_db()
    recent.refresh_from_db()
    assert killed.status == "failed" and killed.finished_at is not None
    assert recent.status == "running"  # still making progress somewhere: left alone


def test_the_same_idempotency_key_on_another_endpoint_is_another_request(db):
    from tests.records.exchange_factories import permit_row

    dept = f.department()
    _t, key = token(dept)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_IDEMPOTENCY_KEY": "order-42"}
    penalty = Client().post(
        PENALTY_URL, {"rows": [penalty_row(dept)]}, content_type="application/json", **auth
    )
    permit = Client().post(
        "/api/v1/push/permit/", {"rows": [permit_row(dept)]}, content_type="application/json", **auth
    )
    assert penalty.status_code == permit.status_code == 200
    assert "Idempotent-Replayed" not in permit
    assert (penalty.json()["kind"], permit.json()["kind"]) == ("penalty", "permit")
    assert IngestBatch.objects.count() == 2

    # Another department's token with the same key is its own request too.
    other = f.department("西安市生态环境局", area="610100")
    _t2, other_key = token(other)
    mine = Client().post(
        PENALTY_URL,
        {"rows": [penalty_row(other)]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {other_key}",
        HTTP_IDEMPOTENCY_KEY="order-42",
    )
    assert mine.status_code == 200 and "Idempotent-Replayed" not in mine
    assert IngestBatch.objects.count() == 3
