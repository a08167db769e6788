"""Dates and times are shown one way on every page and message (issue 16).

Every template writes a date or a time through the ``portal_dates`` filters ("9 December 2026",
"5:17pm", "midday"). Machine formats stay allowed where a machine reads them: ``|date:'c'`` in a
``<time datetime>`` attribute and ``|date:'Y-m-d'`` in an id or a hidden field.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template

TEMPLATES = Path(settings.BASE_DIR) / "templates"
MACHINE = {"'c'", '"c"', "'Y-m-d'", '"Y-m-d"'}
OTHER_FORMATS = re.compile(
    r"\|(?:date|time)(?::(?P<fmt>\"[^\"]*\"|'[^']*'))?|\b(?:naturaltime|naturalday)\b"
)


def _template_files():
    return [p for p in TEMPLATES.rglob("*") if p.is_file() and p.suffix in {".html", ".txt"}]


def test_no_template_formats_a_date_its_own_way():
    found = []
    for path in _template_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in OTHER_FORMATS.finditer(line):
                if match.group("fmt") in MACHINE:
                    continue
                found.append(f"{path.relative_to(TEMPLATES)}:{number}: {match.group(0)}")
    assert not found, "use the portal_dates filters:\n" + "\n".join(found)


LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("expression", "value", "shown"),
    [
        ("value|govuk_date", date(2026, 12, 9), "9 December 2026"),
        ("value|govuk_date", datetime(2026, 12, 9, 23, 30, tzinfo=LONDON), "9 December 2026"),
        ("value|govuk_day", date(2026, 12, 9), "Wednesday 9 December 2026"),
        ("value|govuk_month", date(2026, 12, 9), "December 2026"),
        ("value|clock", time(17, 17), "5:17pm"),
        ("value|clock", time(17, 0), "5pm"),
        ("value|clock", time(9, 5), "9:05am"),
        ("value|clock", time(12, 0), "midday"),
        ("value|clock", time(0, 0), "midnight"),
        ("value|clock", datetime(2026, 6, 1, 16, 17, tzinfo=ZoneInfo("UTC")), "5:17pm"),
        (
            "value|govuk_datetime",
            datetime(2026, 12, 9, 17, 17, tzinfo=LONDON),
            "9 December 2026 at 5:17pm",
        ),
        (
            "value|govuk_datetime",
            datetime(2026, 12, 9, 12, 0, tzinfo=LONDON),
            "9 December 2026 at midday",
        ),
        (
            "value|govuk_day_time",
            datetime(2026, 12, 9, 17, 0, tzinfo=LONDON),
            "Wednesday 9 December 2026 at 5pm",
        ),
        ("value|govuk_date", None, ""),
        ("value|clock", None, ""),
        ("value|govuk_datetime", None, ""),
        ("value|govuk_day_time", "", ""),
    ],
)
def test_every_format_path_renders_the_govuk_way(expression, value, shown):
    rendered = Template("{% load portal_dates %}{{ " + expression + " }}").render(
        Context({"value": value})
    )
    assert rendered == shown
