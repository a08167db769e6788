"""Membership and activity: key figures, and each council's figures on the all-councils page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dashboards import charts
from dashboards.tables.base import (
    PAGE_ROWS,
    Section,
    Table,
    csv_pct,
    key_figures,
    num,
    pct,
)


def section(data: dict[str, Any]) -> Section:
    m = data["membership"]
    section = Section(
        id="membership",
        heading=_("Membership and activity"),
        intro=_(
            "Members on the last day of the period. Active means they signed in within the "
            "last 90 days. New means they first joined this council in the period."
        ),
    )
    section.tables.append(
        key_figures(
            "membership",
            _("Members"),
            [
                (_("Members"), num(m["members"]), m["members"]),
                (_("Active in the last 90 days"), num(m["active"]), m["active"]),
                (_("New in the period"), num(m["new"]), m["new"]),
            ],
        )
    )
    if data.get("councils") is not None:
        rows = data["councils"]
        table = Table(
            key="councils",
            caption=_("Councils"),
            columns=[
                _("Council"),
                _("Members"),
                _("Active"),
                _("New"),
                _("Turnout"),
                _("Responses"),
                _("Active mentors"),
            ],
            rows=[
                [
                    r["name"],
                    num(r["members"]),
                    num(r["active"]),
                    num(r["new"]),
                    pct(r["turnout"]),
                    num(r["responses"]),
                    num(r["active_mentors"]),
                ]
                for r in rows
            ],
            numeric=[False, True, True, True, True, True, True],
            csv_columns=[
                "council",
                "members",
                "active_90_days",
                "new_in_period",
                "turnout_percent",
                "responses",
                "active_mentors",
            ],
            csv_rows=[
                [
                    r["name"],
                    r["members"],
                    r["active"],
                    r["new"],
                    csv_pct(r["turnout"]),
                    r["responses"],
                    r["active_mentors"],
                ]
                for r in rows
            ],
            links={
                i: reverse("dashboards:council", kwargs={"slug": r["slug"]})
                for i, r in enumerate(rows)
            },
            links_keep_period=True,
        )
        table.chart = charts.bars(
            _("Members in each council"),
            [(r["name"], r["members"], num(r["members"])) for r in rows[:PAGE_ROWS]],
        )
        section.tables.append(table)
    return section
