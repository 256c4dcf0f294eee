"""Public reads from a streaming replica, everything else on the primary.

Installed only when DATABASE_REPLICA_URL is set (config/settings.py adds the "replica" database,
`ReplicaRouter` and `ReplicaMiddleware`); without it every query goes to "default" as before.

A request reads from the replica only when all of these hold:
- its view is a public read: marked with `replica_reads` (every `portal.httpcache.public_page`
  is), or an API view class with `replica_reads = True` (the open-data API);
- it is a GET or HEAD;
- nobody is logged in: staff always read the primary, so what they just changed shows;
- it carries no pin cookie. A request that may have written (any POST, PUT, PATCH or DELETE,
  or a GET that wrote content through the ORM) sets the cookie for REPLICA_PIN_SECONDS, so the
  visitor's next pages read their own writes while the replica catches up; within a GET, the
  first write sends the rest of it to the primary.

Only content is read there (`REPLICA_APPS`). What requests change as they go (the cache table,
sessions, the rate counters, the audit trail) is read where it is written, whatever the request.
A streamed response (a column's CSV export) reads the replica while it streams, too.
Writes and migrations always go to the primary. Everything outside a request (the task worker,
management commands) uses the primary.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "primary_pin"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

# The apps whose rows public pages show. A replica a moment behind serves them as well as the
# primary does; a page cached by a proxy is older still (PUBLIC_PAGE_MAX_AGE).
REPLICA_APPS = frozenset({"records", "publicity", "portal", "creditstats", "workcalendar", "complaints"})
# Written as a side effect of any request and never shown on a public page: the rate counters
# (portal.ratelimit) and the audit trail. Read where they are written; writing them pins nobody.
PRIMARY_MODELS = frozenset({"portal.ratecounter", "records.auditentry"})


@dataclass
class _RequestState:
    replica: bool = False  # this request may read content from the replica (now)
    wrote: bool = False  # this request wrote content: pin the visitor to the primary


_state: ContextVar[_RequestState | None] = ContextVar("replica_request_state", default=None)


def replica_reads(view):
    """Mark a view as a public read the replica may serve (see the module docstring)."""
    view.replica_reads = True
    return view


def is_public_read(view_func) -> bool:
    # DRF's as_view() keeps the class on the function it returns.
    view_class = getattr(view_func, "cls", None)
    return bool(getattr(view_func, "replica_reads", False) or getattr(view_class, "replica_reads", False))


def _is_content(model) -> bool:
    meta = model._meta
    return meta.app_label in REPLICA_APPS and meta.label_lower not in PRIMARY_MODELS


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _state.get()
        if state is not None and state.replica and _is_content(model):
            return REPLICA
        # None: Django reads a related object where its instance came from, else the primary.
        return None

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None and _is_content(model):
            state.wrote = True
            state.replica = False
        # Always the primary, also for an instance loaded from the replica.
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def _streamed_with(state: _RequestState, chunks):
    # The rows of a streamed response are read while the server sends it, after the middleware
    # has returned: keep the request's state for them.
    token = _state.set(state)
    try:
        yield from chunks
    finally:
        try:
            _state.reset(token)
        except ValueError:  # closed from another context (garbage collection): nothing to undo
            pass


class ReplicaMiddleware:
    """Decides per request whether public reads may go to the replica (after the
    authentication middleware: it asks whether someone is logged in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = _RequestState()
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if response.streaming and state.replica:
            response.streaming_content = _streamed_with(state, response.streaming_content)
        if state.wrote or request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        state = _state.get()
        if state is None or state.wrote:
            return None
        state.replica = (
            request.method in ("GET", "HEAD")
            and is_public_read(view_func)
            and PIN_COOKIE not in request.COOKIES
            and not request.user.is_authenticated
        )
        return None
