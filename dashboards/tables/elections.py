"""Elections: turnout in the period and the elections coming up."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from council.models import Election
from dashboards import charts
from dashboards.tables.base import (
    PAGE_ROWS,
    Section,
    Table,
    choice_label,
    csv_pct,
    day,
    key_figures,
    num,
    pct,
)


def section(data: dict[str, Any]) -> Section:
    el = data["elections"]
    is_all = data["council"] is None
    summary = el["summary"]
    section = Section(
        id="elections",
        heading=_("Elections"),
        intro=_(
            "Elections whose voting opened in the period. Turnout is the number of people "
            "who voted out of the voter roll frozen when voting opened."
        ),
    )
    section.tables.append(
        key_figures(
            "elections-summary",
            _("Elections in the period"),
            [
                (_("Elections"), num(summary["elections"]), summary["elections"]),
                (_("People on the voter rolls"), num(summary["roll"]), summary["roll"]),
                (_("People who voted"), num(summary["voted"]), summary["voted"]),
                (_("Turnout"), pct(summary["turnout"]), csv_pct(summary["turnout"])),
            ],
        )
    )
    if is_all:
        rows = el["by_council"]
        table = Table(
            key="turnout-councils",
            caption=_("Turnout in each council"),
            columns=[_("Council"), _("Elections"), _("On the rolls"), _("Voted"), _("Turnout")],
            rows=[
                [
                    r["council"],
                    num(r["elections"]),
                    num(r["roll"]),
                    num(r["voted"]),
                    pct(r["turnout"]),
                ]
                for r in rows
            ],
            numeric=[False, True, True, True, True],
            csv_columns=["council", "elections", "roll", "voted", "turnout_percent"],
            csv_rows=[
                [r["council"], r["elections"], r["roll"], r["voted"], csv_pct(r["turnout"])]
                for r in rows
            ],
        )
        table.chart = charts.bars(
            _("Turnout in each council"),
            [(r["council"], r["turnout"], pct(r["turnout"])) for r in rows[:PAGE_ROWS]],
            maximum=100,
        )
        section.tables.append(table)
    held = el["held"]
    table = Table(
        key="turnout",
        caption=_("Turnout in each election"),
        columns=[
            _("Election"),
            _("Constituency"),
            *([_("Council")] if is_all else []),
            _("Voting opened"),
            _("On the roll"),
            _("Voted"),
            _("Turnout"),
        ],
        rows=[
            [
                e["title"],
                e["constituency"],
                *([e["council"]] if is_all else []),
                day(e.get("voting_opened_at")),
                num(e["roll"]),
                num(e["voted"]),
                pct(e["turnout"]),
            ]
            for e in held[:PAGE_ROWS]
        ],
        row_count=len(held),
        numeric=[False, False, *([False] if is_all else []), False, True, True, True],
        csv_columns=[
            "election",
            "constituency",
            "council",
            "status",
            "voting_opened",
            "voting_closed",
            "roll",
            "voted",
            "turnout_percent",
        ],
        csv_rows=[
            [
                e["title"],
                e["constituency"],
                e["council"],
                e["status"],
                e.get("voting_opened_at") or "",
                e.get("voting_closed_at") or "",
                "" if e["roll"] is None else e["roll"],
                e["voted"],
                csv_pct(e["turnout"]),
            ]
            for e in held
        ],
        links={
            i: reverse("council:election-detail", kwargs={"pk": e["id"]})
            for i, e in enumerate(held)
        },
    )
    if not is_all:
        table.chart = charts.bars(
            _("Turnout in each election"),
            [(f"{e['title']}", e["turnout"], pct(e["turnout"])) for e in held[:PAGE_ROWS]],
            maximum=100,
        )
    section.tables.append(table)
    upcoming = el["upcoming"]
    section.tables.append(
        Table(
            key="upcoming",
            caption=_("Next elections"),
            columns=[
                _("Election"),
                _("Constituency"),
                *([_("Council")] if is_all else []),
                _("Stage"),
                _("Voting opens"),
            ],
            rows=[
                [
                    e["title"],
                    e["constituency"],
                    *([e["council"]] if is_all else []),
                    choice_label(Election.Status, e["status"]),
                    day(e["voting_open_at"]),
                ]
                for e in upcoming[:PAGE_ROWS]
            ],
            row_count=len(upcoming),
            csv_columns=[
                "election",
                "constituency",
                "council",
                "status",
                "nominations_close",
                "voting_opens",
                "voting_closes",
            ],
            csv_rows=[
                [
                    e["title"],
                    e["constituency"],
                    e["council"],
                    e["status"],
                    e["nominations_close_at"] or "",
                    e["voting_open_at"] or "",
                    e["voting_close_at"] or "",
                ]
                for e in upcoming
            ],
            links={
                i: reverse("council:election-detail", kwargs={"pk": e["id"]})
                for i, e in enumerate(upcoming[:PAGE_ROWS])
            },
        )
    )
    return section
