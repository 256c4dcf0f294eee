"""Per-IP limits live in a shared store (Redis, else the database), so several app servers
enforce one limit together."""

import threading

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from portal.ratelimit import client_ip, parse_rate, throttle_hit


@pytest.mark.parametrize(
    "rate, parsed",
    [("20/hour", (20, 3600)), ("5/10min", (5, 600)), ("1/s", (1, 1)), (" 100 / day ", (100, 86400))],
)
def test_rates(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["", "20", "20/fortnight", "x/hour", "-1/hour"])
def test_bad_rates_are_refused(rate):
    with pytest.raises(ValueError):
        parse_rate(rate)


def test_client_ip_behind_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"  # no proxy configured: the header is not trusted
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the address our proxy saw, not the forged one


@pytest.mark.django_db
def test_limit_per_address():
    for _ in range(3):
        assert throttle_hit("t", "192.0.2.1", "3/day") is None
    wait = throttle_hit("t", "192.0.2.1", "3/day")
    assert wait is not None and 0 < wait <= 86400
    assert throttle_hit("t", "192.0.2.2", "3/day") is None


@pytest.fixture
def redis_cache(settings, redis_url):
    """A real Redis server (tests/conftest.py) as Django's default cache for the test."""
    original = settings.CACHES
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    yield
    settings.CACHES = original


def _four_app_servers(close) -> int:
    allowed = []
    lock = threading.Lock()

    def app_server():
        # Each thread gets its own cache connection, like a separate app server process.
        mine = 0
        for _ in range(25):
            if throttle_hit("issue", "198.51.100.77", "30/day") is None:
                mine += 1
        close()
        with lock:
            allowed.append(mine)

    servers = [threading.Thread(target=app_server) for _ in range(4)]
    for t in servers:
        t.start()
    for t in servers:
        t.join()
    return sum(allowed)


def test_app_servers_sharing_redis_enforce_one_limit(redis_cache):
    assert type(caches["default"]).__name__ == "RedisCache"
    # 100 requests over four servers, exactly the limit let through.
    assert _four_app_servers(lambda: caches["default"].close()) == 30


@pytest.mark.django_db(transaction=True)
def test_app_servers_sharing_the_database_enforce_one_limit():
    from django.db import connection

    assert type(caches["default"]).__name__ == "DatabaseCache"  # no REDIS_URL: nothing per process
    # Each thread has its own database connection, like a separate app server process.
    assert _four_app_servers(lambda: connection.close()) == 30
