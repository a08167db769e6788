from django import template

from peersupport.timefmt import clock as _clock

register = template.Library()


@register.filter
def clock(value):
    """``{{ occurrence.starts_at|clock }}`` -> "6pm" (local time)."""
    return _clock(value)
