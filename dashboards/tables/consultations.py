"""Consultations: responses, coding progress, agreement, top themes."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from consultations.models import Consultation
from dashboards import charts
from dashboards.tables.base import (
    PAGE_ROWS,
    Section,
    Table,
    choice_label,
    csv_pct,
    key_figures,
    num,
    pct,
)


def section(data: dict[str, Any]) -> Section:
    co = data["consultations"]
    summary = co["summary"]
    section = Section(
        id="consultations",
        heading=_("Consultations"),
        intro=_(
            "Consultations open at any time in the period, the answers sent in the period, "
            "and how far the coding of free-text answers has got. Agreement is the share of "
            "answers coded by two people on which both chose the same codes; the coding "
            "report of each consultation has Cohen's kappa and Krippendorff's alpha."
        ),
    )
    section.tables.append(
        key_figures(
            "consultations-summary",
            _("Consultations in the period"),
            [
                (_("Consultations"), num(summary["consultations"]), summary["consultations"]),
                (_("Responses in the period"), num(summary["responses"]), summary["responses"]),
                (
                    _("Free-text answers to code"),
                    num(summary["answers_to_code"]),
                    summary["answers_to_code"],
                ),
                (_("Coded"), pct(summary["coded_share"]), csv_pct(summary["coded_share"])),
                (
                    _("Answers coded by two people"),
                    num(summary["double_coded"]),
                    summary["double_coded"],
                ),
                (
                    _("Agreement between coders"),
                    pct(summary["agreement"]),
                    csv_pct(summary["agreement"]),
                ),
            ],
        )
    )
    rows = co["rows"]
    table = Table(
        key="consultations",
        caption=_("Each consultation"),
        columns=[
            _("Consultation"),
            _("Status"),
            _("Responses"),
            _("Coded"),
            _("Waiting for a second coder"),
            _("Disagreements"),
            _("Agreement"),
        ],
        rows=[
            [
                r["title"],
                choice_label(Consultation.Status, r["status"]),
                num(r["responses"]),
                f"{pct(r['coded_share'])} ({num(r['coded'])} / {num(r['answers_to_code'])})"
                if r["answers_to_code"]
                else _("nothing to code"),
                num(r["awaiting_second"]),
                num(r["disagreements"]),
                pct(r["agreement"]) if r["double_coded"] else _("none coded twice"),
            ]
            for r in rows[:PAGE_ROWS]
        ],
        row_count=len(rows),
        numeric=[False, False, True, True, True, True, True],
        csv_columns=[
            "consultation",
            "status",
            "opened",
            "closed",
            "responses_in_period",
            "answers_to_code",
            "coded",
            "coded_percent",
            "awaiting_second_coder",
            "disagreements",
            "double_coded",
            "agreed",
            "agreement_percent",
        ],
        csv_rows=[
            [
                r["title"],
                r["status"],
                r["opened_at"] or "",
                r["closed_at"] or "",
                r["responses"],
                r["answers_to_code"],
                r["coded"],
                csv_pct(r["coded_share"]),
                r["awaiting_second"],
                r["disagreements"],
                r["double_coded"],
                r["agreed"],
                csv_pct(r["agreement"]),
            ]
            for r in rows
        ],
        links={
            i: reverse("consultations:manage-detail", kwargs={"pk": r["id"]})
            for i, r in enumerate(rows[:PAGE_ROWS])
        },
    )
    table.chart = charts.bars(
        _("Share of free-text answers coded"),
        [(r["title"], r["coded_share"], pct(r["coded_share"])) for r in rows[:PAGE_ROWS]],
        maximum=100,
    )
    section.tables.append(table)
    themes = data["themes"]
    quarters = themes["quarters"]
    theme_rows = themes["rows"]
    table = Table(
        key="themes",
        caption=_("Top themes by quarter"),
        columns=[_("Theme"), *quarters, _("Total")],
        rows=[
            [_theme_label(t), *[num(n) for n in t["counts"]], num(t["total"])] for t in theme_rows
        ],
        numeric=[False] + [True] * (len(quarters) + 1),
        csv_columns=["theme", "consultation", *quarters, "total"],
        csv_rows=[
            [t["theme"], t.get("consultation") or "", *t["counts"], t["total"]] for t in theme_rows
        ],
        note=_(
            "Answers given each theme (final codes) among answers sent in each quarter. Each "
            "consultation's codes are its own; codes add up across consultations only when "
            "staff have linked them to the same shared theme on the codebook page."
        ),
    )
    table.chart = charts.lines(
        _("Top themes by quarter"), quarters, [(_theme_label(t), t["counts"]) for t in theme_rows]
    )
    section.tables.append(table)
    return section


def _theme_label(row: dict[str, Any]) -> str:
    if row.get("shared") or not row.get("consultation"):
        return row["theme"]
    return _("%(theme)s (%(consultation)s)") % {
        "theme": row["theme"],
        "consultation": row["consultation"],
    }
