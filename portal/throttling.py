"""The DRF throttle of the API: the one trusted client address (portal.ratelimit.client_ip,
which honours TRUSTED_PROXY_COUNT) and the shared reserve-first counters, instead of DRF's own
throttles (which trust any X-Forwarded-For and count with a non-atomic read-then-write)."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from portal.ratelimit import client_ip, throttle_hit


class ClientRateThrottle(BaseThrottle):
    """Limits a view per client address at REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope],
    scope being the view's `throttle_scope`."""

    def __init__(self):
        self._wait = None

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        scope = getattr(view, "throttle_scope", None) or "anon"
        rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]
        self._wait = throttle_hit(f"api:{scope}", self.get_ident(request), rate)
        return self._wait is None

    def wait(self):
        return self._wait
