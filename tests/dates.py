"""Posting dates and times the way the GOV.UK date input sends them (issue 16).

``posted("journey_date", date(2026, 3, 9))`` gives ``{"journey_date_0": "9", "journey_date_1":
"3", "journey_date_2": "2026"}``; a datetime adds the time box (``_3``, "5:17pm"); a time alone
is written as people type it ("5:17pm"). ``None`` or "" posts empty boxes. A string
("2026-03-09", "2026-03-09T17:17") is read first, so old test data can be passed as it was.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from core.templatetags.portal_dates import clock


def _read(value: Any) -> Any:
    if isinstance(value, str) and value:
        text = value.replace(" ", "T")
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    return value


def posted(name: str, value: Any, *, with_time: bool | None = None) -> dict[str, str]:
    """The form data for one date (three boxes) or date and time (four boxes) field."""
    value = _read(value)
    if with_time is None:
        with_time = isinstance(value, datetime)
    if not value:
        data = {f"{name}_{i}": "" for i in range(3)}
        if with_time:
            data[f"{name}_3"] = ""
        return data
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    data = {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }
    if with_time:
        data[f"{name}_3"] = clock(value) if isinstance(value, datetime) else "9am"
    return data


def posted_time(value: time | datetime | str | None) -> str:
    """A time as typed into the time box."""
    if isinstance(value, str):
        return value
    return clock(value) if value else ""


def dated(data: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """``data`` with each named date field posted as boxes (replacing any flat value)."""
    out = dict(data)
    for name, value in fields.items():
        out.pop(name, None)
        out.update(posted(name, value))
    return out


def fill(page: Any, legend: str, value: Any) -> None:
    """In a browser test: type a date (and a datetime's time) into the question ``legend``."""
    value = _read(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(value.day))
    group.get_by_label("Month", exact=True).fill(str(value.month))
    group.get_by_label("Year", exact=True).fill(str(value.year))
    if isinstance(value, datetime):
        group.get_by_label("Time", exact=True).fill(clock(value))
