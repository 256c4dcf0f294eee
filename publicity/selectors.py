"""Public reads: every function here goes through publicity.rules."""

from django.core.cache import cache

from publicity.rules import publishable, today
from records.kinds import RECORD_KINDS

COUNTS_CACHE_SECONDS = 300


def published_counts() -> dict[str, int]:
    """Publishable records per kind slug, cached briefly: the home page shows them on every hit."""
    key = f"publicity:counts:{today().isoformat()}"
    counts = cache.get(key)
    if counts is None:
        counts = {slug: publishable(kind.model).count() for slug, kind in RECORD_KINDS.items()}
        cache.set(key, counts, COUNTS_CACHE_SECONDS)
    return counts


def latest_publishable(slug: str, limit: int = 6):
    model = RECORD_KINDS[slug].model
    return list(publishable(model).select_related("subject").order_by("-decision_date", "-id")[:limit])


def forget_published_counts() -> None:
    """Drop the cached counts: called when staff publish, withdraw or end publications, so the
    home page shows the change at once."""
    cache.delete(f"publicity:counts:{today().isoformat()}")
