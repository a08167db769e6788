"""Dates and times written one way everywhere, the GOV.UK way (GOV.UK style guide, "Dates"
and "Times"): "9 December 2026", "Wednesday 9 December 2026", "5:17pm", "5pm", "midday",
"midnight", "9 December 2026 at 5:17pm". Templates load ``portal_dates``; Python code (e-mails,
SMS, CSV) imports the same functions.

Filters: ``govuk_date``, ``govuk_day`` (with the weekday), ``govuk_month`` ("December 2026"),
``clock``, ``govuk_datetime``, ``govuk_day_time``. Aware datetimes are shown in the portal's
time zone (Europe/London); ``None`` shows as an empty string.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()

Dated = date | datetime | None


def _local(value: Dated) -> Dated:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def govuk_date(value: Dated) -> str:
    """``9 December 2026``."""
    value = _local(value)
    return date_format(value, "j F Y") if value else ""


@register.filter
def govuk_day(value: Dated) -> str:
    """``Wednesday 9 December 2026``."""
    value = _local(value)
    return date_format(value, "l j F Y") if value else ""


@register.filter
def govuk_month(value: Dated) -> str:
    """``December 2026``."""
    value = _local(value)
    return date_format(value, "F Y") if value else ""


@register.filter
def clock(value: datetime | time | None) -> str:
    """``5:17pm``, ``5pm``, ``midday``, ``midnight``."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def govuk_datetime(value: datetime | None) -> str:
    """``9 December 2026 at 5:17pm``."""
    if value is None or value == "":
        return ""
    return f"{govuk_date(value)} at {clock(value)}"


@register.filter
def govuk_day_time(value: datetime | None) -> str:
    """``Wednesday 9 December 2026 at 5:17pm``."""
    if value is None or value == "":
        return ""
    return f"{govuk_day(value)} at {clock(value)}"
