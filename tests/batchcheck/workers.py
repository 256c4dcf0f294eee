"""Running the task worker beside a test as its own process, on the test database.

A process, not call_command: once a browser test has started Playwright, the test thread runs an
event loop, and signing a PDF (pyHanko runs asyncio) cannot run in it.
"""

import os
import subprocess
import sys
import threading

from django.conf import settings

from publicity.certificates.signing import DEMO_CERT_NAME, DEMO_KEY_NAME
from tests.records.test_import_worker import ROOT, database_url

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def worker_env(signing_dir, step_rows: int = 4) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "BATCH_CHECK_STEP_ROWS": str(step_rows),
        "CERTIFICATE_SIGNING_KEY": str(signing_dir / DEMO_KEY_NAME),
        "CERTIFICATE_SIGNING_CERT": str(signing_dir / DEMO_CERT_NAME),
        "DEBUG": "0",
        # The signed PDFs go where this test reads them (tests/batchcheck/conftest.py).
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def start_worker(signing_dir, step_rows: int = 4, stdout=subprocess.DEVNULL, **env) -> subprocess.Popen:
    """`manage.py worker` (db_worker and the clock) until stopped."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "1"],
        cwd=ROOT,
        env={**worker_env(signing_dir, step_rows), **env},
        stdout=stdout,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def run_worker_batch(signing_dir, step_rows: int = 4) -> str:
    """`manage.py db_worker --batch`: every queued task, then exit. Returns its stderr."""
    done = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=worker_env(signing_dir, step_rows),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def off_the_event_loop(fn, *args, **kwargs):
    """Call `fn` in a thread of its own (no event loop there) and return what it returns."""
    result = {}

    def run():
        try:
            result["value"] = fn(*args, **kwargs)
        except BaseException as error:  # re-raised in the test thread
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=300)
    if "error" in result:
        raise result["error"]
    return result["value"]
