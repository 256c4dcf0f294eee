"""Template helpers for the public pages: links, public field values, match highlighting."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from publicity import links
from publicity.fields import public_rows
from publicity.masking import mask_id_number, public_address

register = template.Library()


@register.filter
def subject_url(subject) -> str:
    return links.subject_url(subject)


@register.filter
def record_url(record) -> str:
    return links.record_url(record)


@register.simple_tag
def record_rows(record):
    return public_rows(record, record.kind)


@register.filter
def masked_id(value) -> str:
    return mask_id_number(value)


@register.filter
def subject_address(subject) -> str:
    return public_address(subject)


@register.filter
def highlight(value, query) -> str:
    """Escape `value` and wrap each case-insensitive occurrence of `query` in <mark>."""
    text = str(value or "")
    needle = str(query or "").strip()
    if not needle:
        return conditional_escape(text)
    parts = re.split(f"({re.escape(needle)})", text, flags=re.IGNORECASE)
    out = []
    for i, part in enumerate(parts):
        # re.split with one group: odd positions are the matches.
        out.append(format_html("<mark>{}</mark>", part) if i % 2 else conditional_escape(part))
    return mark_safe("".join(out))


@register.filter
def clause(value) -> str:
    """A value as one clause of a list joined with "；": without its own closing punctuation, so
    "发布虚假广告。" does not print as "发布虚假广告。；"."""
    return str(value).rstrip().rstrip("。；;，,、 ")
