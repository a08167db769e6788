"""The headline figures for the page: each value, its change from the previous period in
words and an arrow, and its trend over the last 12 months (a small chart and its table)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import dateformat
from django.utils.translation import gettext as _

from dashboards import charts
from dashboards.headline import METRICS, Metric
from dashboards.tables.base import num, pct


def _text(metric: Metric, value: float | int | None) -> str:
    return pct(value) if metric.percent else num(value)


def change(metric: Metric, now: float | int | None, before: float | int | None) -> dict[str, str]:
    """The change in words ("up 12 from 340"), an arrow, and whether it is good news."""
    if now is None or before is None:
        return {"words": _("no figure for the previous period"), "arrow": "", "tone": "none"}
    if now == before:
        return {"words": _("no change from the previous period"), "arrow": "→", "tone": "none"}
    rise = now > before
    amount = abs(now - before)
    size = _("%(n).0f points") % {"n": amount} if metric.percent else f"{amount:,}"
    words = (
        _("up %(size)s from %(before)s in the previous period")
        if rise
        else _("down %(size)s from %(before)s in the previous period")
    ) % {"size": size, "before": _text(metric, before)}
    good = rise == metric.up_is_good
    words += " (" + (_("better") if good else _("worse")) + ")"
    return {"words": words, "arrow": "▲" if rise else "▼", "tone": "good" if good else "bad"}


def month_label(month: date) -> str:
    return dateformat.format(month, "M Y")


def cards(data: dict[str, Any], months: list[tuple[date, dict[str, Any]]]) -> list[dict[str, Any]]:
    """One card per headline figure. ``months``: (first day, headline figures), oldest first."""
    before = data.get("previous") or {}
    found = []
    for metric in METRICS:
        now = metric.read(data)
        series = [(month, figures.get(metric.key)) for month, figures in months]
        texts = [_text(metric, value) for _month, value in series]
        chart = charts.spark(
            _("%(figure)s, month by month") % {"figure": metric.label},
            [month_label(month) for month, _value in series],
            [value for _month, value in series],
            texts,
        )
        found.append(
            {
                "key": metric.key,
                "label": metric.label,
                "value": _text(metric, now),
                "change": change(metric, now, before.get(metric.key)),
                "section": metric.section,
                "chart": chart,
                "trend": [
                    (month_label(month), text)
                    for (month, _value), text in zip(series, texts, strict=True)
                ],
            }
        )
    return found
