"""Per-IP rate limits kept in the Django cache (Redis when REDIS_URL is set), so every app
server behind the load balancer counts the same hits.

A fixed window: the first hit creates the counter with the window as its timeout; later hits
increment it (atomic in Redis and in the local-memory cache).
"""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """REMOTE_ADDR, or the address the trusted proxies saw (TRUSTED_PROXY_COUNT)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, ident: str) -> str:
    return f"complaints:rl:{scope}:{ident}"


def hits(scope: str, ident: str) -> int:
    return cache.get(_key(scope, ident), 0)


def is_limited(scope: str, ident: str, limit: tuple[int, int]) -> bool:
    """True when `ident` has already used up `limit` = (count, seconds) in this window."""
    return hits(scope, ident) >= limit[0]


def hit(scope: str, ident: str, limit: tuple[int, int]) -> int:
    key = _key(scope, ident)
    if cache.add(key, 1, limit[1]):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, limit[1])
        return 1


def take(scope: str, ident: str, limit: tuple[int, int]) -> bool:
    """Count one hit; False when it goes over the limit."""
    return hit(scope, ident, limit) <= limit[0]


def limit_for(name: str) -> tuple[int, int]:
    return getattr(settings, name)
