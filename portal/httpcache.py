"""Caching of the public pages that are the same for every anonymous visitor: HTTP headers for
reverse proxies and browsers, and a short server-side copy of the whole page.

HTTP: a reverse proxy (a shared cache) may keep such a page for PUBLIC_PAGE_MAX_AGE seconds
(s-maxage); a browser keeps it too but revalidates it on every visit with its ETag (max-age=0:
304 Not Modified when nothing changed), so a visitor never sees an older page than the proxy's.
Only when the page is anonymous through and through: no logged-in user (staff pages and the
admin never), no session or message cookie sent (a flashed message or anything else tied to the
visitor may be on the page), no cookie set by the response, no CSRF token on the page, and a
200 answer. Everything else is marked private. `Vary: Cookie` (and Accept-Language from
LocaleMiddleware) keeps a cache from serving one visitor's variant to another.

Server side: the same pages are kept for PUBLIC_PAGE_CACHE_SECONDS in the "pages" cache (Redis
or a database table of its own, config/settings.py), keyed by the full URL, the language, the
local date (publication windows end at midnight without any write) and a variant (the API's
media type). A copy is served only to a request that could have produced it: an anonymous GET or
HEAD without a session or message cookie, so staff and visitors with a session always get a
freshly rendered page. Whatever changes what a public page shows calls public_pages_changed():
a new generation, one cache write, makes every kept page out of date (portal/apps.py connects
the record signals and the models; services call it for bulk writes).

Why not Django's cache_page / CacheMiddleware: they key by the Cookie header (Vary: Cookie), so
each visitor's csrftoken or analytics cookie gets a copy of its own and a logged-in user gets a
per-user copy; they do not store a page whose max-age is 0 (ours, so browsers revalidate); and
they rewrite Cache-Control and Expires. The building blocks here are django.utils.cache's.
"""

import hashlib
import uuid
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.translation import get_language

from portal.replica import replica_reads

# Cookies that may change what a page shows: a session, a flashed message (CookieStorage).
VISITOR_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
PAGES_CACHE = "pages"
# Sorts after every "page:" key, so the database cache's culling (it deletes the lowest keys)
# takes pages first. Should it go anyway, the next request starts a new generation: never an
# old page back.
GENERATION_KEY = "z:generation"


def is_anonymous_visitor(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in VISITOR_COOKIES)
        and not request.user.is_authenticated
    )


def is_anonymous_page(request, response) -> bool:
    return (
        is_anonymous_visitor(request)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The page used a CSRF token (a form): it is this visitor's (CsrfViewMiddleware sets
        # the cookie only after the view, so response.cookies cannot show it yet).
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


# ---------------------------------------------------------------------------- the server-side copy


@dataclass
class Lookup:
    """What fetch() found: the kept response, or where to keep the one about to be made."""

    key: str | None = None
    generation: str | None = None
    response: HttpResponse | None = None


def _pages():
    return caches[PAGES_CACHE]


def _key(request, variant: str) -> str:
    parts = (request.build_absolute_uri(), get_language() or "", timezone.localdate().isoformat(), variant)
    return "page:" + hashlib.md5("\n".join(parts).encode(), usedforsecurity=False).hexdigest()


def fetch(request, variant: str = "") -> Lookup:
    """The kept copy of this page for an anonymous visitor, in one cache read (the generation is
    read with it: it lives in the value, not the key, so a page needs no second round trip)."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or not is_anonymous_visitor(request):
        return Lookup()
    key = _key(request, variant)
    found = _pages().get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = _new_generation_token()
        if not _pages().add(GENERATION_KEY, generation, timeout=None):
            return Lookup()  # another request started one first: keep nothing this time
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return Lookup(key=key, generation=generation)
    _generation, content, headers = entry
    response = HttpResponse(content, headers=headers)
    return Lookup(key=key, generation=generation, response=response)


def keep(lookup: Lookup, request, response) -> None:
    """Keep a freshly made page under the generation read before it was made: a change while it
    was being made leaves it out of date, never a stale copy under the new generation."""
    if lookup.key is None or request.method != "GET" or not is_anonymous_page(request, response):
        return
    entry = (lookup.generation, response.content, list(response.items()))
    _pages().set(lookup.key, entry, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)


def _new_generation_token() -> str:
    # Never a counter: a counter lost from the cache would start again and bring old pages back.
    return uuid.uuid4().hex


def _new_generation() -> None:
    _pages().set(GENERATION_KEY, _new_generation_token(), timeout=None)


def public_pages_changed(using: str | None = None) -> None:
    """What some public page shows has changed: every kept page is out of date from when the
    change commits. Deferred to the commit so no request can keep a page read before it under
    the new generation, and done once per transaction however many rows it writes.

    Inside a test case's transaction, which never commits, the change counts at once: the test
    is the only one using the database, and a rolled-back savepoint takes the new generation
    with it (Django's durable check sets the test case's blocks apart the same way)."""
    connection = transaction.get_connection(using)
    blocks = connection.atomic_blocks
    if not blocks or blocks[0]._from_testcase:
        _new_generation()
        return
    # connection.run_on_commit holds (savepoint ids, callback, robust) for the open transaction.
    if any(entry[1] is _new_generation for entry in connection.run_on_commit):
        return
    transaction.on_commit(_new_generation, using=using, robust=True)


# ---------------------------------------------------------------------------- the decorator


def public_page(view):
    """Cache-Control: public, s-maxage=… and an ETag for anonymous visitors, served from the
    server-side copy when there is one; private otherwise. Such a page is a public read: with a
    replica configured, anonymous visitors read it there."""

    @replica_reads
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        lookup = fetch(request)
        if lookup.response is not None:
            response = lookup.response
        else:
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ("Cookie",))
            if not is_anonymous_page(request, response):
                patch_cache_control(response, private=True)
                return response
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PUBLIC_PAGE_MAX_AGE)
            set_response_etag(response)
            keep(lookup, request, response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapped
