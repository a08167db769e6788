"""The headline figures: a handful of numbers read off a snapshot, with which way is better.

The same figures are kept for the previous period (in the snapshot, by the refresh) and for
each of the last 12 months (``MonthlyFigures``, by the refresh job), so the page shows the
change and the trend without counting history while it loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any  # a lazy translation
    # True: a rise is good news; False: a rise is bad news (overdue actions).
    up_is_good: bool
    percent: bool
    read: Callable[[dict[str, Any]], float | int | None]
    # The dashboard section that explains it.
    section: str


def _helpline_share(data: dict[str, Any]) -> float | None:
    helpline = data["peer"].get("helpline")
    if not helpline or not helpline["shifts"]:
        return None
    return round(100.0 * helpline["covered"] / helpline["shifts"], 1)


METRICS = [
    Metric(
        "members", _("Members"), True, False, lambda d: d["membership"]["members"], "membership"
    ),
    Metric(
        "active",
        _("Members active in the last 90 days"),
        True,
        False,
        lambda d: d["membership"]["active"],
        "membership",
    ),
    Metric(
        "turnout",
        _("Election turnout"),
        True,
        True,
        lambda d: d["elections"]["summary"]["turnout"],
        "elections",
    ),
    Metric(
        "responses",
        _("Consultation responses"),
        True,
        False,
        lambda d: d["consultations"]["summary"]["responses"],
        "consultations",
    ),
    Metric(
        "overdue",
        _("Actions overdue"),
        False,
        False,
        lambda d: d["actions"]["overdue"],
        "actions",
    ),
    Metric(
        "helpline",
        _("Helpline shifts fully covered, next 4 weeks"),
        True,
        True,
        _helpline_share,
        "peer",
    ),
    Metric(
        "mentors",
        _("Active peer mentors"),
        True,
        False,
        lambda d: d["peer"]["active_mentors"],
        "peer",
    ),
]


def helpline_gaps(data: dict[str, Any]) -> int | None:
    """Helpline shifts in the next 7 days that are not fully covered."""
    helpline = data["peer"].get("helpline")
    if not helpline or not helpline["weeks"]:
        return None
    week = helpline["weeks"][0]
    return week["shifts"] - week["covered"]


def headline(data: dict[str, Any]) -> dict[str, float | int | None]:
    """The headline figures of one scope's snapshot data, by metric key, and the figures the
    attention list compares with the previous period."""
    found: dict[str, float | int | None] = {metric.key: metric.read(data) for metric in METRICS}
    attention = data.get("attention") or {}
    found["helpline_gaps"] = helpline_gaps(data)
    found["old_concerns"] = attention.get("old_concerns")
    found["vacant"] = len(attention["vacant"]) if "vacant" in attention else None
    return found
