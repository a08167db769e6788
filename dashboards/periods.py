"""The periods a dashboard can show: calendar quarters and the presets built from them.

Quarters are calendar quarters (January to March is Q1). A period runs from its first day
to its last day, both included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

# The longest period anyone may ask for: longer ones take long to count and draw a
# "themes by quarter" chart too crowded to read.
MAX_YEARS = 5


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    period: Period


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_quarters(day: date, quarters: int) -> date:
    """The first day of the quarter ``quarters`` after (or before) ``day``'s quarter."""
    start = quarter_start(day)
    index = start.year * 4 + (start.month - 1) // 3 + quarters
    return date(index // 4, 3 * (index % 4) + 1, 1)


def quarter_label(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def quarters_in(period: Period) -> list[date]:
    """The first day of every quarter that the period touches, in order."""
    found = []
    current = quarter_start(period.start)
    while current <= period.end:
        found.append(current)
        current = add_quarters(current, 1)
    return found


DEFAULT_PRESET = "four_quarters"


def presets(today: date) -> list[Preset]:
    this_q = quarter_start(today)
    last_q = add_quarters(today, -1)
    return [
        Preset("this_quarter", str(_("This quarter")), Period(this_q, today)),
        Preset(
            "last_quarter",
            str(_("Last quarter")),
            Period(last_q, this_q - timedelta(days=1)),
        ),
        Preset(
            "four_quarters",
            str(_("This quarter and the 3 before it")),
            Period(add_quarters(today, -3), today),
        ),
        Preset(
            "two_years",
            str(_("This quarter and the 7 before it")),
            Period(add_quarters(today, -7), today),
        ),
    ]


def preset(key: str, today: date) -> Preset | None:
    return next((p for p in presets(today) if p.key == key), None)
