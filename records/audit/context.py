"""Who is acting: the AuditContext (actor, channel, token, request) a request, a service or a
command opens, which every audit entry written inside it names."""

import contextvars
import ipaddress
from contextlib import contextmanager
from dataclasses import dataclass, replace

from portal import ratelimit


def client_ip(request) -> str | None:
    """The client's address as a valid IP for the audit log, or None when there is none."""
    ip = ratelimit.client_ip(request)
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        return None


@dataclass(frozen=True)
class AuditContext:
    actor: object = None
    ip: str | None = None
    path: str = ""
    action: str | None = None
    reason: str = ""
    channel: str = "system"
    token: object = None


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)


def current() -> AuditContext | None:
    return _current.get()


@contextmanager
def acting(
    actor=None,
    *,
    action: str | None = None,
    reason: str = "",
    request=None,
    channel: str | None = None,
):
    """Run the block as `actor`: saves inside it are audited, labelled `action` with `reason`,
    as coming through `channel` (AuditEntry.Channel; inherited, else "system").

    Nested inside a request it keeps the request's IP, path and channel."""
    outer = _current.get()
    if request is not None:
        user = actor or getattr(request, "user", None)
        ctx = AuditContext(actor=user, ip=client_ip(request), path=request.path[:300])
        if outer is not None:
            ctx = replace(ctx, channel=outer.channel, token=outer.token)
    elif outer is not None:
        ctx = replace(outer, actor=actor or outer.actor)
    else:
        ctx = AuditContext(actor=actor)
    ctx = replace(
        ctx,
        action=action or (outer.action if outer else None),
        reason=reason or ctx.reason,
        channel=channel or ctx.channel,
    )
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def set_token(token) -> None:
    """Mark the rest of the current request as made with a department's API token (called by
    the API authentication once it knows the token; the request's context ends with it)."""
    ctx = _current.get()
    if ctx is not None:
        _current.set(replace(ctx, token=token, channel="api"))


def person(actor):
    """A signed-in user, or None (anonymous visitors; an API token's client is not a user)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor if isinstance(getattr(actor, "pk", None), int) else None
