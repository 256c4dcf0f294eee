from django import template

register = template.Library()


@register.filter
def elided_pages(paginator, number):
    """Page numbers around `number` with the first and last page, gaps as paginator.ELLIPSIS."""
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
