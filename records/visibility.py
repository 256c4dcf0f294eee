"""What the public may see, as records needs to know it — without importing publicity.

The publication rules themselves are publicity's (publicity/rules.py: one definition); publicity
hands them over here in PublicityConfig.ready(). records code that must honour them (the
credit-check and changes-feed projections in records/api/selectors.py, the expiry job, looking
up the record a repair or objection names) calls the functions below, which delegate to the
registered rules. The audiences and the rules' day are defined here, the lowest place that
needs them, and publicity.rules imports them.
"""

import datetime

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

# Who is looking: the public (pages, CSV, open data, certificates) or government systems
# (the credit-check API), which may also see commitments disclosed 特定范围内公开.
PUBLIC = "public"
GOVERNMENT = "government"

_RULES: dict = {}


def today() -> datetime.date:
    """The day the publication rules are applied to."""
    return timezone.localdate()


def provide(**rules) -> None:
    """Register the publication rules (called by publicity in its AppConfig.ready())."""
    _RULES.update(rules)


def _rule(name: str):
    try:
        return _RULES[name]
    except KeyError:
        raise ImproperlyConfigured(f"No publication rule {name!r}: is publicity in INSTALLED_APPS?") from None


def publishable(model_or_qs, on: datetime.date | None = None, audience: str = PUBLIC):
    """publicity.rules.publishable: the records the audience may see on day `on`."""
    return _rule("publishable")(model_or_qs, on, audience)


def visible_q(model, on: datetime.date | None = None, audience: str = PUBLIC):
    """publicity.rules.visible_q: the Q of the records of `model` the audience may see."""
    return _rule("visible_q")(model, on, audience)


def window_ended_q(model, on: datetime.date | None = None):
    """publicity.rules.window_ended_q: published records whose publication window has ended."""
    return _rule("window_ended_q")(model, on)
