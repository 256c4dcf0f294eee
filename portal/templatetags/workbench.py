from django import template

from portal.workbench import workbench

register = template.Library()


@register.simple_tag
def workbench_for(user) -> dict:
    """The staff home page's content for `user` (portal.workbench)."""
    return workbench(user)
