"""File imports run in the task worker: the upload request only stages the file, a real worker
process (`manage.py worker`, django-tasks-db) ingests it, a closed tab changes nothing, and a
worker killed mid-way is replaced by one that carries on from where the first stopped."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from records.models import IngestBatch, Penalty
from records.tasks import resume_imports
from tests.records.exchange_factories import penalty_row
from tests.records.test_file_import import csv_bytes, upload

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(step_rows: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "IMPORT_STEP_ROWS": str(step_rows),
        "IMPORT_STALE_SECONDS": "2",
        "DEBUG": "0",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> str:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        _out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _out, err = process.communicate()
    return (err or b"").decode(errors="replace")


def wait_for(predicate, seconds: float, what: str, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if process is not None and process.poll() is not None:
            pytest.fail(f"worker exited while waiting for {what}: {stop(process)[-3000:]}")
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def batch_state(pk):
    batch = IngestBatch.objects.get(pk=pk)
    return batch.status, batch.processed_rows


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_is_replaced_and_the_import_finishes_once(people, settings):
    settings.TASKS = DATABASE_BACKEND
    operator, department = people.operator, people.market
    client = Client()
    client.force_login(operator)
    rows = [penalty_row(department) for _ in range(400)]

    response = upload(client, department, "处罚.csv", csv_bytes(rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = IngestBatch.objects.get()
    # The request staged the file and queued the work; it ingested nothing itself.
    assert (batch.status, batch.processed_rows, batch.total_rows) == ("pending", 0, 400)
    assert DBTaskResult.objects.filter(task_path="records.tasks.run_import", status="READY").count() == 1
    progress = client.get(f"/records/import/{batch.pk}/progress/").json()
    assert (progress["status"], progress["processed"]) == ("pending", 0)
    # The operator closes the tab here: from now on nobody but workers touches the batch.

    first = start_worker(step_rows=10)
    try:
        wait_for(lambda: batch_state(batch.pk)[1] >= 40, 120, "the first steps", first)
    finally:
        stop(first, signal.SIGKILL)  # killed mid-import: no clean shutdown
    status, processed = batch_state(batch.pk)
    assert status != "done" and 40 <= processed < 400, (status, processed)
    # What was committed stays, and only that.
    assert Penalty.objects.count() == processed

    second = start_worker(step_rows=50)
    try:
        wait_for(lambda: batch_state(batch.pk)[0] == "done", 180, "the import to finish", second)
    finally:
        log = stop(second)
    batch.refresh_from_db()
    assert (batch.processed_rows, batch.created_count, batch.rejected_count) == (400, 400, 0), log[-2000:]
    assert Penalty.objects.count() == 400
    assert sorted(Penalty.objects.values_list("document_number", flat=True)) == sorted(
        r["cf_wsh"] for r in rows
    )
    page = client.get(f"/records/import/{batch.pk}/").content.decode()
    assert "全部导入成功" in page


@pytest.mark.django_db
def test_a_moving_import_is_left_alone_and_a_stalled_one_is_enqueued_again(people, settings):
    settings.TASKS = DATABASE_BACKEND
    client = Client()
    client.force_login(people.operator)
    upload(client, people.market, "处罚.csv", csv_bytes([penalty_row(people.market) for _ in range(3)]))
    batch = IngestBatch.objects.get()
    assert resume_imports() == []  # just queued: still fresh
    IngestBatch.objects.filter(pk=batch.pk).update(
        updated_at=batch.updated_at - datetime.timedelta(seconds=settings.IMPORT_STALE_SECONDS + 1)
    )
    assert resume_imports() == [batch.pk]
    assert resume_imports() == []  # touched: the next sweep waits again
    assert DBTaskResult.objects.filter(task_path="records.tasks.run_import").count() == 2


@pytest.mark.django_db
def test_without_a_worker_the_page_still_imports_by_hand(people, settings):
    settings.TASKS = DATABASE_BACKEND
    client = Client()
    client.force_login(people.operator)
    upload(client, people.market, "处罚.csv", csv_bytes([penalty_row(people.market) for _ in range(3)]))
    batch = IngestBatch.objects.get()
    page = client.get(f"/records/import/{batch.pk}/").content.decode()
    assert "关闭本页不影响导入" in page and "继续导入" in page
    progress = client.post(f"/records/import/{batch.pk}/step/", HTTP_ACCEPT="application/json").json()
    assert progress["status"] == "done" and progress["created"] == 3
