"""Representativeness: members, voters, respondents and mentors against the caseload."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dashboards import charts, suppression
from dashboards.figures.people import POPULATIONS
from dashboards.tables.base import (
    Section,
    Table,
    choice_label,
    csv_pct,
    day,
    key_figures,
    num,
    pct,
)
from users.demographics import EthnicGroup, Gender

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
        return choice_label(Gender, key) if key else _("Not stated")
    if dim == "ethnic_group":
        return choice_label(EthnicGroup, key) if key else _("Not stated")
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
    return [cell["n"], csv_pct(cell["share"])]


def section(data: dict[str, Any]) -> Section:
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
        _("Caseload figures as of %(day)s.") % {"day": day(rep["caseload_as_of"])}
        if rep["caseload_as_of"]
        else _("No caseload figures have been entered yet.")
    )
    if is_all and rep.get("councils_with_figures") is not None and data.get("councils"):
        caseload_note += " " + _("%(n)s of %(total)s councils have entered caseload figures.") % {
            "n": rep["councils_with_figures"],
            "total": len(data["councils"]),
        }
    people = key_figures(
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
            csv_row += ["", ""] if load is None else [load["n"], csv_pct(load["share"])]
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
