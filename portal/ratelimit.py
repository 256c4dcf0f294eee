"""Client addresses and per-IP rate limits, shared by every public form.

Counters live in Django's cache (Redis when REDIS_URL is set): `add` and `incr` are atomic
there, so every app server behind the load balancer counts the same hits.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache

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


def _incr(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


# Counters that start at the first hit and last `seconds`: limit = (count, seconds).


def _key(scope: str, ident: str) -> str:
    return f"rl:{scope}:{ident}"


def hits(scope: str, ident: str) -> int:
    return cache.get(_key(scope, ident), 0)


def is_limited(scope: str, ident: str, limit: tuple[int, int]) -> bool:
    """True when `ident` has already used up `limit` in this window (counts nothing)."""
    return hits(scope, ident) >= limit[0]


def hit(scope: str, ident: str, limit: tuple[int, int]) -> int:
    return _incr(_key(scope, ident), limit[1])


def take(scope: str, ident: str, limit: tuple[int, int]) -> bool:
    """Count one hit; False when it goes over the limit."""
    return hit(scope, ident, limit) <= limit[0]


def limit_for(name: str) -> tuple[int, int]:
    return getattr(settings, name)


def throttle_hit(scope: str, ident: str, rate: str) -> int | None:
    """Count one request against a rate such as '20/hour' (windows aligned to the clock);
    return the seconds to wait when over the limit, else None."""
    limit, period = parse_rate(rate)
    now = time.time()
    count = _incr(f"throttle:{scope}:{ident}:{int(now // period)}", period + 60)
    if count > limit:
        return max(1, int(period - now % period))
    return None
