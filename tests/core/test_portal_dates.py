"""One way to show dates and times: every format path of the portal_dates filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.template import Context, Template

from core.templatetags import portal_dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(17, 17), "5:17pm"),
        (time(17, 0), "5pm"),
        (time(12, 0), "midday"),
        (time(0, 0), "midnight"),
        (time(9, 5), "9:05am"),
        (time(12, 30), "12:30pm"),
        (time(0, 30), "12:30am"),
        (None, ""),
    ],
)
def test_clock(value, expected):
    assert portal_dates.clock(value) == expected


def test_dates_and_datetimes_in_london_time():
    winter = datetime(2026, 12, 9, 17, 17, tzinfo=UTC)
    summer = datetime(2026, 7, 9, 16, 17, tzinfo=UTC)  # 5:17pm in London (BST)
    assert portal_dates.govuk_date(date(2026, 12, 9)) == "9 December 2026"
    assert portal_dates.govuk_day(date(2026, 12, 9)) == "Wednesday 9 December 2026"
    assert portal_dates.govuk_month(date(2026, 12, 9)) == "December 2026"
    assert portal_dates.govuk_datetime(winter) == "9 December 2026 at 5:17pm"
    assert portal_dates.govuk_datetime(summer) == "9 July 2026 at 5:17pm"
    assert portal_dates.govuk_day_time(winter) == "Wednesday 9 December 2026 at 5:17pm"
    for name in ("govuk_date", "govuk_day", "govuk_month", "govuk_datetime", "govuk_day_time"):
        assert getattr(portal_dates, name)(None) == ""


def test_the_filters_load_in_templates():
    html = Template("{% load portal_dates %}{{ d|govuk_date }} {{ t|clock }}").render(
        Context({"d": date(2026, 12, 9), "t": time(12)})
    )
    assert html == "9 December 2026 midday"
