"""Times written the GOV.UK way: "6pm", "6:30pm", "Tuesday 3 March 2026"."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone


def clock(value: datetime | time | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"
