from django import template

from peersupport.timefmt import clock as _clock

register = template.Library()


@register.filter
def clock(value):
    """``{{ occurrence.starts_at|clock }}`` -> "6pm" (local time)."""
    return _clock(value)


@register.filter
def pounds(value):
    """``{{ claim.amount|pounds }}`` -> "£1,250.50" (from a Decimal, never a float)."""
    from peersupport.expenses.money import pounds as _pounds

    return _pounds(value)
