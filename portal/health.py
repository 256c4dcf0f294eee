"""The liveness probe, answered before any other middleware.

A load balancer or orchestrator probes a server by its address over plain HTTP: behind
SECURE_SSL_REDIRECT that would be a 301 and with ALLOWED_HOSTS a 400 (the host is an IP the
setting does not list), so the probe would see a healthy server as down. This middleware is the
first in settings.MIDDLEWARE and answers GET/HEAD /healthz itself: no host check, no redirect,
no session, no database. It says only that the process serves requests; the bare view through
the whole stack is portal.views.ping.
"""

from django.http import HttpResponse

PROBE_PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PROBE_PATH and request.method in ("GET", "HEAD"):
            response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
