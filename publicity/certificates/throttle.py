"""Per-IP rate limits kept in Django's cache, so they hold across several app servers.

With REDIS_URL set the cache is Redis: `add` and `incr` are atomic there, so concurrent
requests on different servers count against one shared window. A fixed window per period is
enough here: it bounds how fast one address can issue certificates or probe numbers.
"""

import re
import time

from django.conf import settings
from django.core.cache import cache

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(s|sec|second|m|min|minute|h|hour|d|day)\s*$")
_SECONDS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
_SECONDS.update({"d": 86400, "day": 86400})


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/hour' -> (20, 3600); '5/10min' -> (5, 600). ValueError on anything else."""
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"rate must look like 20/hour or 5/10min, got {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _SECONDS[unit]


def client_ip(request) -> str:
    """The client's address; behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (earlier entries can be forged by the client)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def throttle_hit(scope: str, ident: str, rate: str) -> int | None:
    """Count one request; return the seconds to wait when over the limit, else None."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    key = f"throttle:{scope}:{ident}:{window}"
    cache.add(key, 0, timeout=period + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 60)
        count = 1
    if count > limit:
        return max(1, int(period - now % period))
    return None
