from django import template

register = template.Library()


@register.filter
def figure(figures: dict, column):
    """A row's value for a column: counts as numbers, the on-time rate as a percentage."""
    value = (figures or {}).get(column.key)
    if column.is_rate:
        return "—" if value is None else f"{value * 100:.1f}%"
    return value or 0


@register.filter
def change(changes: dict, column):
    """The month-on-month change, signed ('+3', '-1', '0'; percentage points for the rate)."""
    value = (changes or {}).get(column.key)
    if value is None:
        return "—"
    if column.is_rate:
        return f"{value:+.1f}"
    return f"{value:+d}" if value else "0"


@register.filter
def rate(value):
    return "—" if value is None else f"{value * 100:.1f}%"
