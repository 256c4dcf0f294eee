"""HTTP caching of the public pages that are the same for every anonymous visitor.

A reverse proxy (a shared cache) may keep such a page for PUBLIC_PAGE_MAX_AGE seconds
(s-maxage); a browser keeps it too but revalidates it on every visit with its ETag (max-age=0:
304 Not Modified when nothing changed), so a visitor never sees an older page than the proxy's. Only when the page is
anonymous through and through: no logged-in user (staff pages and the admin never), no session
or message cookie sent (a flashed message or anything else tied to the visitor may be on the
page), no cookie set by the response, and a 200 answer. Everything else is marked private.
`Vary: Cookie` (and Accept-Language from LocaleMiddleware) keeps a cache from serving one
visitor's variant to another. Pages with forms that carry a CSRF token are never decorated.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from portal.replica import replica_reads

# Cookies that may change what a page shows: a session, a flashed message (CookieStorage).
VISITOR_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def is_anonymous_page(request, response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(name in request.COOKIES for name in VISITOR_COOKIES)
        and not request.user.is_authenticated
    )


def public_page(view):
    """Cache-Control: public, s-maxage=… and an ETag for anonymous visitors; private otherwise.
    Such a page is a public read: with a replica configured, anonymous visitors read it there."""

    @replica_reads
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Cookie",))
        if not is_anonymous_page(request, response):
            patch_cache_control(response, private=True)
            return response
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PUBLIC_PAGE_MAX_AGE)
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapped
