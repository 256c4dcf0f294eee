"""Client addresses and per-client rate limits, shared by every public form, the open-data API
throttle and the login lockout (django-axes reads `client_ip` too).

Limits are reserve-then-act: a request counts itself first, atomically, and does its work only
when the new count is within the limit, so parallel requests can never slip past it together.
A view gives the reservation back (`refund`) only where the limit counts failures and the
request turned out not to be one. Counters are shared by every app server: in Redis when the
cache is Redis (INCR is atomic), otherwise in the database (portal.RateCounter, one
UPDATE ... RETURNING per hit), never in one process's memory.
"""

import random
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|second|m|min|minute|h|hour|d|day)\s*$")
_SECONDS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
_SECONDS.update({"d": 86400, "day": 86400})


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the Nth address
    from the right of X-Forwarded-For (earlier entries can be forged by the client)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/hour' -> (20, 3600); '5/10min' -> (5, 600). ValueError on anything else."""
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"rate must look like 20/hour or 5/10min, got {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _SECONDS[unit]


def _in_redis() -> bool:
    from django.core.cache.backends.redis import RedisCache

    return isinstance(caches["default"], RedisCache)


def _redis_count(bucket: str, seconds: int, delta: int) -> int:
    cache = caches["default"]
    key = f"rl:{bucket}"
    if delta > 0 and cache.add(key, delta, seconds):
        return delta
    try:
        return cache.incr(key, delta)
    except ValueError:  # expired between add and incr
        if delta < 0:
            return 0
        cache.add(key, delta, seconds)
        return delta


def _database_count(bucket: str, seconds: int, delta: int) -> int:
    from portal.models import RateCounter

    qn = connection.ops.quote_name
    table, count, expires, key = (
        qn(n) for n in (RateCounter._meta.db_table, "count", "expires_at", "bucket")
    )
    now = int(time.time())
    with connection.cursor() as cursor:
        for _attempt in range(5):
            # Each statement is atomic on its own: no read-then-write window between requests.
            cursor.execute(
                f"UPDATE {table} SET {count} = {count} + %s WHERE {key} = %s AND {expires} > %s"
                f" AND {count} + %s >= 0 RETURNING {count}",
                [delta, bucket, now, delta],
            )
            row = cursor.fetchone()
            if row is not None:
                return row[0]
            if delta < 0:
                return 0
            cursor.execute(
                f"UPDATE {table} SET {count} = %s, {expires} = %s WHERE {key} = %s AND {expires} <= %s"
                f" RETURNING {count}",
                [delta, now + seconds, bucket, now],
            )
            row = cursor.fetchone()
            if row is not None:
                return row[0]
            try:
                with transaction.atomic():
                    RateCounter.objects.create(bucket=bucket, count=delta, expires_at=now + seconds)
                if random.random() < 0.01:  # noqa: S311 - housekeeping, not security
                    RateCounter.objects.filter(expires_at__lt=now).delete()
                return delta
            except IntegrityError:
                continue  # another request created it first: count on it
    raise RuntimeError(f"rate counter {bucket!r} could not be counted")


def _count(bucket: str, seconds: int, delta: int = 1) -> int:
    bucket = bucket[:200]
    if _in_redis():
        return _redis_count(bucket, seconds, delta)
    return _database_count(bucket, seconds, delta)


# Windows that start at the first hit and last `seconds`: limit = (count, seconds).


def reserve(scope: str, ident: str, limit: tuple[int, int]) -> bool:
    """Count one use by `ident` now, before the work; False when it goes over the limit (the
    request must then do nothing)."""
    return _count(f"{scope}:{ident}", limit[1]) <= limit[0]


def refund(scope: str, ident: str, limit: tuple[int, int]) -> None:
    """Give back a reservation that, by the view's rule, should not count (e.g. a look-up that
    found the case, when only failures are limited)."""
    _count(f"{scope}:{ident}", limit[1], -1)


def limit_for(name: str) -> tuple[int, int]:
    return getattr(settings, name)


def throttle_hit(scope: str, ident: str, rate: str) -> int | None:
    """Count one request against a rate such as '20/hour' (windows aligned to the clock);
    return the seconds to wait when over the limit, else None."""
    limit, period = parse_rate(rate)
    now = time.time()
    count = _count(f"throttle:{scope}:{ident}:{int(now // period)}", period + 60)
    if count > limit:
        return max(1, int(period - now % period))
    return None
