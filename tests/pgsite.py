"""The portal served by gunicorn on a PostgreSQL database of a `tests.pgcluster` cluster, for the
tests that need a real server in front of real databases (read replica, connection pool).

`build_site(url)` creates the tables and the reference data in an empty database, with a credit
office administrator (信用办管理员, the shipped role) and a department with a push token. The
tables are made from the models (`migrate --run-syncdb` with migrations switched off, as
pytest-django does without migrations), not by the ~100 migrations, which take 40-50 s here:
these tests exercise connections, not the schema's history. The reference data comes from the
data migrations' own functions (tests/reference.py).

Run as `python -m tests.pgsite` with DATABASE_URL set, it builds that database and prints what
the tests need as JSON.
"""

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAFF_USERNAME = "sun"
STAFF_PASSWORD = "Persona-Pass-2026"

# What the pytest process carries that a deployment never has.
_NOT_PASSED = ("DATABASE_URL", "DATABASE_REPLICA_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "TEST_CLOCK")


def site_env(database_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _NOT_PASSED and not k.startswith("DATABASE_POOL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            # The suite's settings (no static manifest, no two-factor, tasks run in the process).
            "TESTING": "1",
            "SECRET_KEY": "test-only-secret-key-not-for-production-use-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "ERROR",
            # What these tests read is where each query goes; a page kept by the server-side page
            # cache (tests/portal/test_page_cache.py) would answer without asking either server.
            "PUBLIC_PAGE_CACHE_SECONDS": "0",
        }
    )
    env.update(extra)
    return env


def build_site(database_url: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.pgsite"],
        cwd=ROOT,
        env=site_env(database_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_server(env: dict, port: int, *, threads: int = 4) -> subprocess.Popen:
    """gunicorn with one worker of `threads` threads (gthread) on 127.0.0.1:port; returns once it
    answers."""
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "1",
            "--worker-class", "gthread", "--threads", str(threads), "--timeout", "60",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.stderr.read().decode()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> str:
    """Stop it (and its worker) at once; returns what it wrote to stderr."""
    if server.poll() is None:
        # SIGINT: gunicorn's quick shutdown (SIGTERM waits for idle keep-alive connections).
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return server.stderr.read().decode(errors="replace")


def _build() -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    class _NoMigrations(dict):
        def __contains__(self, item):
            return True

        def __getitem__(self, item):
            return None

    settings.MIGRATION_MODULES = _NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0, skip_checks=True, interactive=False)

    from records import staff
    from records.models import ApiToken
    from tests import factories as f
    from tests.records.personas import make_staff
    from tests.reference import ensure_reference_data

    ensure_reference_data()
    office = f.department("陕西省发展和改革委员会", short_name="省发改委", is_credit_office=True)
    make_staff(STAFF_USERNAME, staff.CREDIT_OFFICE_ADMIN, office, first_name="孙管理")
    market = f.department("西安市市场监督管理局", short_name="西市监", field="市场监管")
    _token, raw = ApiToken.issue(department=market, direction="push", name="执法办案系统")
    return {"push_token": raw, "department_uscc": market.uscc, "department_name": market.name}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(json.dumps(_build()))
