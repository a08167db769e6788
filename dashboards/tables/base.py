"""The pieces every dashboard table is built from: ``Table``, ``Section``, number formats,
and the two shapes written many times: key figures, and a count table with its bar chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from dashboards import charts

# Long lists show this many rows on the page; the CSV file has them all.
PAGE_ROWS = 25


@dataclass
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[list[Any]]  # first cell is the row's heading
    numeric: list[bool] = field(default_factory=list)
    csv_columns: list[str] | None = None
    csv_rows: list[list[Any]] | None = None
    chart: charts.Chart | None = None
    note: str = ""
    links: dict[int, str] = field(default_factory=dict)  # row index -> link for its heading
    # The links lead to other dashboard pages, which should show the same period.
    links_keep_period: bool = False

    # How many rows the table has in all. Long tables build only the rows the page shows;
    # their CSV rows are complete.
    row_count: int | None = None

    @property
    def shown_rows(self) -> list[list[Any]]:
        return self.rows[:PAGE_ROWS]

    @property
    def more_rows(self) -> int:
        total = len(self.rows) if self.row_count is None else self.row_count
        return max(total - PAGE_ROWS, 0)

    @property
    def cells(self) -> list[dict[str, Any]]:
        """Rows for the template: heading, link, and the other cells with their alignment and
        their column's name (shown beside each figure when the table stacks on a phone)."""
        return [
            {
                "heading": row[0],
                "link": self.links.get(i, ""),
                "cells": [
                    {
                        "text": value,
                        "numeric": self.numeric[k + 1] if self.numeric else False,
                        "label": self.columns[k + 1] if k + 1 < len(self.columns) else "",
                    }
                    for k, value in enumerate(row[1:])
                ],
            }
            for i, row in enumerate(self.shown_rows)
        ]

    @property
    def heads(self) -> list[dict[str, Any]]:
        return [
            {"text": c, "numeric": self.numeric[i] if self.numeric else False}
            for i, c in enumerate(self.columns)
        ]

    def csv(self) -> tuple[list[str], list[list[Any]]]:
        return (
            self.csv_columns or self.columns,
            self.csv_rows if self.csv_rows is not None else self.rows,
        )


@dataclass
class Section:
    id: str
    heading: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    unavailable: str = ""


def num(value: float | None) -> str:
    return _("not known") if value is None else f"{value:,}"


def pct(value: float | None) -> str:
    return _("not known") if value is None else f"{value:.0f}%"


def csv_pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def day(value: str | None) -> str:
    if not value:
        return _("not set")
    moment = datetime.fromisoformat(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return dateformat.format(moment, "j F Y")


def choice_label(choices, key: str) -> str:
    try:
        return str(choices(key).label)
    except ValueError:
        return key


def key_figures(key: str, caption: str, pairs: list[tuple[str, str, Any]]) -> Table:
    """A two-column table of key figures: (label, shown text, CSV value)."""
    return Table(
        key=key,
        caption=caption,
        columns=[_("Figure"), _("Number")],
        rows=[[label, text] for label, text, _raw in pairs],
        numeric=[False, True],
        csv_columns=["figure", "value"],
        csv_rows=[[label, raw] for label, _text, raw in pairs],
    )


def count_table(
    *,
    key: str,
    caption: str,
    heading: str,
    count_heading: str,
    csv_heading: str,
    csv_count_heading: str,
    rows: list[tuple[str, str, int]],
    note: str = "",
    colours: list[str] | None = None,
) -> Table:
    """A table of counts by category with its bar chart: ``rows`` are (CSV key, label, count).

    The page shows the labels; the CSV file the stable keys, so a download read by a program
    does not change with the reader's language.
    """
    table = Table(
        key=key,
        caption=caption,
        columns=[heading, count_heading],
        rows=[[label, num(n)] for _key, label, n in rows],
        numeric=[False, True],
        csv_columns=[csv_heading, csv_count_heading],
        csv_rows=[[csv_key, n] for csv_key, _label, n in rows],
        note=note,
    )
    table.chart = charts.bars(
        caption, [(label, n, num(n)) for _key, label, n in rows], colours=colours
    )
    return table
