"""A list runs in the task worker: the request only matches the bidders and queues the work,
the page reads the progress from the database, and the worker (`db_worker`, as `manage.py
worker` runs it, in its own process) certifies every subject; a check that stopped moving is
queued again."""

import datetime
import os
import select
import signal
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from batchcheck.models import BatchCheck
from batchcheck.tasks import resume_batch_checks
from portal import schedule
from publicity.certificates.models import Certificate
from tests import factories as f
from tests.batchcheck.factories import PROJECT
from tests.batchcheck.workers import DATABASE_BACKEND, off_the_event_loop, run_worker_batch, start_worker


@pytest.mark.django_db(transaction=True)
def test_the_worker_certifies_a_queued_list_and_the_page_shows_progress(people, settings, signing_key):
    settings.TASKS = DATABASE_BACKEND
    subjects = [f.subject(name=f"陕西后台{i}建设有限公司") for i in range(5)]
    client = people.client(people.operator)
    text = "\n".join([s.uscc for s in subjects] + ["陕西查无此名有限公司"])
    response = client.post(
        reverse("batchcheck:home"), {"purpose": "bidding", "project": PROJECT, "bidders": text}
    )
    assert response.status_code == 302
    check = BatchCheck.objects.get()
    # The request matched the list and queued the work; it issued nothing itself.
    assert (check.status, check.processed_rows, check.total_rows) == ("pending", 0, 5)
    assert not Certificate.objects.exists()
    assert (
        DBTaskResult.objects.filter(task_path="batchcheck.tasks.run_batch_check", status="READY").count() == 1
    )
    progress_url = reverse("batchcheck:progress", args=[check.pk])
    assert client.get(progress_url).json() == {
        "status": "pending",
        "status_label": "排队中",
        "total": 5,
        "processed": 0,
        "percent": 0,
    }
    page = client.get(reverse("batchcheck:detail", args=[check.pk])).content.decode()
    assert 'id="batch-progress"' in page and "继续核查" in page and "task-progress.js" in page

    run_worker_batch(signing_key, step_rows=2)

    check.refresh_from_db()
    assert (check.status, check.processed_rows) == ("done", 5)
    assert client.get(progress_url).json()["percent"] == 100
    assert Certificate.objects.filter(purpose="bidding", purpose_detail=PROJECT).count() == 5
    assert DBTaskResult.objects.get(task_path="batchcheck.tasks.run_batch_check").status == "SUCCESSFUL"
    page = client.get(reverse("batchcheck:detail", args=[check.pk])).content.decode()
    assert "下载全部查询结果 PDF（5 份，.zip）" in page and "查无此名" in page


@pytest.mark.django_db(transaction=True)
def test_a_check_nobody_moves_is_queued_again_and_the_step_button_works_without_a_worker(
    people, settings, signing_key
):
    settings.TASKS = DATABASE_BACKEND
    subject = f.subject(name="陕西停滞建设有限公司")
    client = people.client(people.operator)
    client.post(
        reverse("batchcheck:home"), {"purpose": "bidding", "project": PROJECT, "bidders": subject.uscc}
    )
    check = BatchCheck.objects.get()
    assert resume_batch_checks() == []  # still fresh
    later = timezone.now() + datetime.timedelta(seconds=settings.IMPORT_STALE_SECONDS + 1)
    assert resume_batch_checks(later) == [check.pk]
    assert DBTaskResult.objects.filter(task_path="batchcheck.tasks.run_batch_check").count() == 2
    schedule.every_minute()  # the clock runs it too (touched just now: nothing to resume)

    response = off_the_event_loop(client.post, reverse("batchcheck:step", args=[check.pk]))
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.status == "done" and Certificate.objects.count() == 1
    # The queued tasks find it finished and issue nothing more.
    run_worker_batch(signing_key)
    assert Certificate.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("warm_up", ["1", "0"])
def test_the_worker_loads_the_certificate_fonts_before_its_first_task(signing_key, warm_up):
    """Its first batch check does not wait for WeasyPrint and the CJK font (issue 16), as a
    server process does not (config/wsgi.py); CERTIFICATE_WARM_UP=0 turns both off."""
    worker = start_worker(signing_key, stdout=subprocess.PIPE, CERTIFICATE_WARM_UP=warm_up)
    try:
        ready, _, _ = select.select([worker.stdout], [], [], 120)
        first_line = worker.stdout.readline().decode() if ready else ""
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    if warm_up == "1":
        assert first_line.strip() == "证书渲染已预热（字体与签名密钥已加载）。"
    else:
        assert "预热" not in first_line
