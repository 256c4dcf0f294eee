import datetime
import os
import shutil
import socket
import subprocess
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings

from tests.reference import ensure_reference_data

# Hypothesis fails an example that takes over 200 ms by default: a timing assertion, which a
# loaded machine (the suite on every core, other work beside it) trips at random. Off everywhere.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

# ---------------------------------------------------------------------------- Redis


@pytest.fixture
def redis_url():
    """A real Redis server on a free port for the test (no persistence), as its URL."""
    server = shutil.which("redis-server")
    if not server:
        pytest.fail("redis-server is missing: run `make test` (it installs redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# ---------------------------------------------------------------------------- clocks
# Tests marked `clock` run three times: with the real clock, and with the clock set to 23:30
# and to 00:30 Beijing time (the next such moment). At 00:30 the UTC date is still yesterday,
# so anything reading dates in UTC instead of Asia/Shanghai fails there, whatever the hour the
# suite runs. TEST_CLOCK=00:30 (or any HH:MM) runs the whole session under such a clock.
BEIJING = ZoneInfo("Asia/Shanghai")
CLOCKS = ["real", "23:30", "00:30"]


def beijing_moment(hhmm: str) -> datetime.datetime:
    """The next HH:MM Beijing time from now (never in the past, so cookies a browser keeps and
    certificates made in the session stay valid by the real clock), as a UTC datetime: the
    process time zone is left alone, as on a server running in UTC."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    now = datetime.datetime.now(BEIJING)
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if moment <= now:
        moment += datetime.timedelta(days=1)
    return moment.astimezone(datetime.UTC)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "clock: also run with the clock at 23:30 and 00:30 Asia/Shanghai (tests/conftest.py)"
    )
    if os.environ.get("TEST_CLOCK"):
        config._session_clock = time_machine.travel(beijing_moment(os.environ["TEST_CLOCK"]), tick=True)
        config._session_clock.start()


def pytest_unconfigure(config):
    if getattr(config, "_session_clock", None):
        config._session_clock.stop()


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("clock"):
        metafunc.parametrize("beijing_clock", CLOCKS, indirect=True, ids=[f"clock-{c}" for c in CLOCKS])


@pytest.fixture(autouse=True)
def beijing_clock(request):
    """Set first (autouse), so the test's data is built under the same clock it runs under."""
    hhmm = getattr(request, "param", "real")
    if hhmm == "real":
        yield None
        return
    with time_machine.travel(beijing_moment(hhmm), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fast_hashing_and_clear_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _clear_cache()
    yield
    _clear_cache()


def _clear_cache():
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:  # the default cache and the public pages'
        try:
            caches[alias].clear()
        except RuntimeError:  # no database access in this test: it cannot have used a database cache
            pass
    from creditstats.public import clear_cache as clear_statistics_pages
    from workcalendar.schedule import clear_cache as clear_holiday_schedule

    clear_holiday_schedule()
    clear_statistics_pages()


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """Reload the reference data (regions, roles) before each transactional test.

    A transactional test ends with a flush that empties every table, the migration's regions
    included, and serialized_rollback cannot restore them once Playwright's event loop runs.
    pytest-django runs transactional tests last, so reloading before each of them suffices.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


# Browser fixtures (browser, page, phone_page) for tests marked `browser`.
from tests.browser import browser, page, phone_page  # noqa: E402,F401

# The one cast of every test file (tests/records/personas.py): one user per shipped role, an
# outsider, a second department, a company and a citizen.
from tests.records.personas import people  # noqa: E402,F401
