"""From a snapshot's counts to the page: sections of key figures, tables and their charts.

Every table here is both printed on the page (beside its chart) and offered as a CSV file,
from the same rows, so the picture, the table and the download always agree. Labels are
worked out here, at reading time, so they follow the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from actionplan.models import Status as ActionStatus
from actionplan.rag import Rag
from consultations.models import Consultation
from council.models import Election
from dashboards import charts, suppression
from dashboards.figures.people import POPULATIONS
from peersupport.models import SessionType
from users.demographics import EthnicGroup, Gender

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
        """Rows for the template: heading, link, and the other cells with their alignment."""
        return [
            {
                "heading": row[0],
                "link": self.links.get(i, ""),
                "cells": [
                    {"text": value, "numeric": self.numeric[k + 1] if self.numeric else False}
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


def num(value: int | None) -> str:
    return _("not known") if value is None else f"{value:,}"


def pct(value: float | None) -> str:
    return _("not known") if value is None else f"{value:.0f}%"


def _csv_pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _day(value: str | None) -> str:
    if not value:
        return _("not set")
    moment = datetime.fromisoformat(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return dateformat.format(moment, "j F Y")


def _label(choices, key: str) -> str:
    try:
        return str(choices(key).label)
    except ValueError:
        return key


def _figures(key: str, caption: str, pairs: list[tuple[str, str, Any]]) -> Table:
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


# --- Membership ---------------------------------------------------------------------------


def _membership(data: dict[str, Any]) -> Section:
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
        _figures(
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
                    _csv_pct(r["turnout"]),
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


# --- Representativeness -------------------------------------------------------------------

POPULATION_LABELS = {
    "members": lambda: _("Members"),
    "voters": lambda: _("Voters"),
    "respondents": lambda: _("Respondents"),
    "mentors": lambda: _("Peer mentors"),
}
DIMENSION_LABELS = {
    "gender": lambda: _("Gender"),
    "ethnic_group": lambda: _("Ethnic group"),
    "area": lambda: _("Area"),
}


def _category_label(dim: str, row: dict[str, Any], is_all: bool) -> str:
    key = row["key"]
    if dim == "gender":
        return _label(Gender, key) if key else _("Not stated")
    if dim == "ethnic_group":
        return _label(EthnicGroup, key) if key else _("Not stated")
    if key:
        return row["label"]
    return _("Not linked to one council") if is_all else _("No place recorded")


def _cell_text(cell: dict[str, Any]) -> str:
    if cell["state"] == suppression.SMALL_COUNT:
        return _("fewer than 5")
    if cell["state"] == suppression.WITHHELD:
        return _("not shown")
    return f"{num(cell['n'])} ({pct(cell['share'])})"


def _cell_csv(cell: dict[str, Any]) -> list[Any]:
    if cell["state"] == suppression.SMALL_COUNT:
        return ["fewer than 5", ""]
    if cell["state"] == suppression.WITHHELD:
        return ["not shown", ""]
    return [cell["n"], _csv_pct(cell["share"])]


def _representation(data: dict[str, Any]) -> Section:
    rep = data["representation"]
    is_all = data["council"] is None
    totals = rep["totals"]
    section = Section(
        id="representation",
        heading=_("Is involvement representative?"),
        intro=_(
            "The share of each group among members, voters, respondents and peer mentors, "
            "set against the caseload figures an administrator entered. Counts from 1 to 4 "
            "show as \u201cfewer than 5\u201d, and so does every count in a group of fewer than 5 "
            "people. A few other counts show as \u201cnot shown\u201d so that a hidden count "
            "cannot be worked out by taking the others from a total. Voters are counted from "
            "the record of who voted, never from ballots. Respondents are counted from the "
            "optional \u201cabout you\u201d answers, so one person who answered twice counts twice."
        ),
    )
    caseload_note = (
        _("Caseload figures as of %(day)s.") % {"day": _day(rep["caseload_as_of"])}
        if rep["caseload_as_of"]
        else _("No caseload figures have been entered yet.")
    )
    if is_all and rep.get("councils_with_figures") is not None and data.get("councils"):
        caseload_note += " " + _("%(n)s of %(total)s councils have entered caseload figures.") % {
            "n": rep["councils_with_figures"],
            "total": len(data["councils"]),
        }
    people = _figures(
        "people",
        _("People counted"),
        [(POPULATION_LABELS[p](), num(totals[p]), totals[p]) for p in POPULATIONS]
        + [(_("Caseload"), num(rep["caseload_total"]), rep["caseload_total"])],
    )
    people.note = caseload_note
    section.tables.append(people)
    series = [POPULATION_LABELS[p]() for p in POPULATIONS] + [_("Caseload")]
    for dim in rep["dimensions"]:
        if is_all and dim["key"] == "area":
            heading = _("Council")
        else:
            heading = DIMENSION_LABELS[dim["key"]]()
        labels = [_category_label(dim["key"], row, is_all) for row in dim["rows"]]
        rows, csv_rows, values = [], [], []
        for label, row in zip(labels, dim["rows"], strict=True):
            cells = [row["cells"][p] for p in POPULATIONS]
            load = row["caseload"]
            rows.append(
                [label]
                + [_cell_text(c) for c in cells]
                + [_("not entered") if load is None else f"{num(load['n'])} ({pct(load['share'])})"]
            )
            csv_row: list[Any] = [label]
            for c in cells:
                csv_row += _cell_csv(c)
            csv_row += ["", ""] if load is None else [load["n"], _csv_pct(load["share"])]
            csv_rows.append(csv_row)
            values.append([c["share"] for c in cells] + [None if load is None else load["share"]])
        csv_columns = [heading.lower()]
        for p in POPULATIONS:
            csv_columns += [p, f"{p}_percent"]
        csv_columns += ["caseload", "caseload_percent"]
        caption = _("By %(dimension)s") % {"dimension": heading.lower()}
        table = Table(
            key=f"representation-{dim['key']}",
            caption=caption,
            columns=[heading, *series],
            rows=rows,
            numeric=[False] + [True] * len(series),
            csv_columns=csv_columns,
            csv_rows=csv_rows,
        )
        table.chart = charts.grouped(
            _("Share of each group, by %(dimension)s") % {"dimension": heading.lower()},
            labels,
            series,
            values,
        )
        section.tables.append(table)
    return section


# --- Elections ----------------------------------------------------------------------------


def _elections(data: dict[str, Any]) -> Section:
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
        _figures(
            "elections-summary",
            _("Elections in the period"),
            [
                (_("Elections"), num(summary["elections"]), summary["elections"]),
                (_("People on the voter rolls"), num(summary["roll"]), summary["roll"]),
                (_("People who voted"), num(summary["voted"]), summary["voted"]),
                (_("Turnout"), pct(summary["turnout"]), _csv_pct(summary["turnout"])),
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
                [r["council"], r["elections"], r["roll"], r["voted"], _csv_pct(r["turnout"])]
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
                _day(e["voting_opened_at"]),
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
            "voting_closes",
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
                e["voting_opened_at"] or "",
                e["voting_close_at"] or "",
                "" if e["roll"] is None else e["roll"],
                e["voted"],
                _csv_pct(e["turnout"]),
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
                    _label(Election.Status, e["status"]),
                    _day(e["voting_open_at"]),
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


# --- Consultations ------------------------------------------------------------------------


def _consultations(data: dict[str, Any]) -> Section:
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
        _figures(
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
                (_("Coded"), pct(summary["coded_share"]), _csv_pct(summary["coded_share"])),
                (
                    _("Answers coded by two people"),
                    num(summary["double_coded"]),
                    summary["double_coded"],
                ),
                (
                    _("Agreement between coders"),
                    pct(summary["agreement"]),
                    _csv_pct(summary["agreement"]),
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
                _label(Consultation.Status, r["status"]),
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
                _csv_pct(r["coded_share"]),
                r["awaiting_second"],
                r["disagreements"],
                r["double_coded"],
                r["agreed"],
                _csv_pct(r["agreement"]),
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


# --- Action plan --------------------------------------------------------------------------


def _actions(data: dict[str, Any]) -> Section:
    ac = data["actions"]
    is_all = data["council"] is None
    section = Section(
        id="actions",
        heading=_("Action plan"),
        intro=_("Every action in the action plans.")
        if is_all
        else _(
            "Actions that answer something raised at this council: an agenda item or a "
            "decision of one of its meetings."
        ),
    )
    section.tables.append(
        _figures(
            "actions-summary",
            _("Actions"),
            [
                (_("Actions"), num(ac["total"]), ac["total"]),
                (_("Overdue"), num(ac["overdue"]), ac["overdue"]),
                (_("Done in the period"), num(ac["done_in_period"]), ac["done_in_period"]),
                (
                    _("On the \u201cYou said, we did\u201d board"),
                    f"{num(ac['public'])} ({pct(ac['public_share'])})",
                    ac["public"],
                ),
                (
                    _("With a user champion as co-owner"),
                    f"{num(ac['champion'])} ({pct(ac['champion_share'])})",
                    ac["champion"],
                ),
            ],
        )
    )
    status_rows = [(_label(ActionStatus, r["key"]), r["n"]) for r in ac["by_status"]]
    table = Table(
        key="actions-status",
        caption=_("Actions by status"),
        columns=[_("Status"), _("Actions")],
        rows=[[label, num(n)] for label, n in status_rows],
        numeric=[False, True],
        csv_columns=["status", "actions"],
        csv_rows=[[r["key"], r["n"]] for r in ac["by_status"]],
    )
    table.chart = charts.bars(
        _("Actions by status"), [(label, n, num(n)) for label, n in status_rows]
    )
    section.tables.append(table)
    rag_rows = [(r["key"], _label(Rag, r["key"]), r["n"]) for r in ac["by_rag"]]
    table = Table(
        key="actions-rag",
        caption=_("Actions by RAG rating"),
        columns=[_("RAG"), _("Actions")],
        rows=[[label, num(n)] for _key, label, n in rag_rows],
        numeric=[False, True],
        csv_columns=["rag", "actions"],
        csv_rows=[[key, n] for key, _label_, n in rag_rows],
        note=_(
            "Red: blocked or past its due date. Amber: due within 14 days and less than 75% "
            "done. Green: done, or on track. Dropped actions are not rated."
        ),
    )
    table.chart = charts.bars(
        _("Actions by RAG rating"),
        [(label, n, num(n)) for _key, label, n in rag_rows],
        colours=[charts.RAG_COLOURS.get(key, charts.PALETTE[0]) for key, _l, _n in rag_rows],
    )
    section.tables.append(table)
    return section


# --- Peer support -------------------------------------------------------------------------


def _peer(data: dict[str, Any]) -> Section:
    pe = data["peer"]
    section = Section(
        id="peer",
        heading=_("Peer support"),
        intro=_(
            "Sessions and the helpline are run for the whole service, so those figures are "
            "the same on every council's page. Mentors, attendance, certificates and "
            "expenses count the members of this council."
        )
        if data["council"]
        else _("Peer support across the whole service."),
    )
    pairs = [
        (_("Active peer mentors"), num(pe["active_mentors"]), pe["active_mentors"]),
        (
            _("Sessions delivered in the period"),
            num(pe["sessions_delivered"]),
            pe["sessions_delivered"],
        ),
        (
            _("Attendance (of places where attendance was recorded)"),
            pct(pe["attendance_rate"]),
            _csv_pct(pe["attendance_rate"]),
        ),
        (_("Certificates awarded in the period"), num(pe["certificates"]), pe["certificates"]),
    ]
    helpline = pe.get("helpline")
    if helpline is not None:
        pairs.append(
            (
                _("Helpline shifts fully covered in the next 4 weeks"),
                f"{num(helpline['covered'])} / {num(helpline['shifts'])}",
                helpline["covered"],
            )
        )
    expenses = pe.get("expenses")
    if expenses is not None:
        pairs.append(
            (
                _("Travel expenses paid in the period"),
                _("£%(amount)s (%(claims)s claims)")
                % {
                    "amount": f"{Decimal(expenses['paid_amount']):,.2f}",
                    "claims": num(expenses["paid_claims"]),
                },
                expenses["paid_amount"],
            )
        )
    section.tables.append(_figures("peer-summary", _("Peer support"), pairs))
    sessions = [(_label(SessionType, s["key"]), s["n"]) for s in pe["sessions"]]
    table = Table(
        key="sessions",
        caption=_("Sessions delivered, by type"),
        columns=[_("Type of session"), _("Sessions")],
        rows=[[label, num(n)] for label, n in sessions],
        numeric=[False, True],
        csv_columns=["session_type", "sessions"],
        csv_rows=[[s["key"], s["n"]] for s in pe["sessions"]],
    )
    table.chart = charts.bars(
        _("Sessions delivered, by type"), [(label, n, num(n)) for label, n in sessions]
    )
    section.tables.append(table)
    if helpline is not None:
        weeks = helpline["weeks"]
        table = Table(
            key="helpline",
            caption=_("Helpline cover, next 4 weeks"),
            columns=[_("Week starting"), _("Shifts"), _("Fully covered"), _("Places filled")],
            rows=[
                [
                    _day(w["start"]),
                    num(w["shifts"]),
                    num(w["covered"]),
                    f"{num(w['filled'])} / {num(w['needed'])}",
                ]
                for w in weeks
            ],
            numeric=[False, True, True, True],
            csv_columns=[
                "week_starting",
                "shifts",
                "fully_covered",
                "places_filled",
                "places_needed",
            ],
            csv_rows=[
                [w["start"], w["shifts"], w["covered"], w["filled"], w["needed"]] for w in weeks
            ],
        )
        table.chart = charts.bars(
            _("Share of helpline places filled, by week"),
            [
                (
                    _day(w["start"]),
                    (100.0 * w["filled"] / w["needed"]) if w["needed"] else None,
                    pct((100.0 * w["filled"] / w["needed"]) if w["needed"] else None),
                )
                for w in weeks
            ],
            maximum=100,
        )
        section.tables.append(table)
    missing = []
    if helpline is None:
        missing.append(_("helpline cover"))
    if expenses is None:
        missing.append(_("travel expenses"))
    if missing:
        section.unavailable = _(
            "Not available yet: %(what)s. The peer-support app does not record them yet."
        ) % {"what": _(" and ").join(missing)}
    return section


def sections(data: dict[str, Any]) -> list[Section]:
    return [
        _membership(data),
        _representation(data),
        _elections(data),
        _consultations(data),
        _actions(data),
        _peer(data),
    ]


def table_keys(data: dict[str, Any]) -> dict[str, Table]:
    return {table.key: table for section in sections(data) for table in section.tables}


def as_of(computed_at: datetime) -> str:
    moment = timezone.localtime(computed_at)
    return _("%(time)s on %(day)s") % {
        "time": dateformat.format(moment, "H:i"),
        "day": dateformat.format(moment, "j F Y"),
    }


def period_text(start: date, end: date) -> str:
    return _("%(start)s to %(end)s") % {
        "start": dateformat.format(start, "j F Y"),
        "end": dateformat.format(end, "j F Y"),
    }
