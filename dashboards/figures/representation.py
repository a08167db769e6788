"""Representativeness: members, voters, respondents and mentors set against the caseload.

Builds, for every scope, one table per dimension (gender, ethnic group, area) whose rows
are the categories and whose columns are the four groups of people and the caseload. Small
counts are hidden here, before anything is stored: a hidden count never reaches a snapshot,
a page or a CSV file (see ``dashboards.suppression``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from dashboards import suppression
from dashboards.figures.context import ALL, Context
from dashboards.figures.people import POPULATIONS
from dashboards.models import CaseloadFigure, Dimension
from users.demographics import EthnicGroup, Gender

CATEGORIES = {
    "gender": [*Gender.values, ""],
    "ethnic_group": [*EthnicGroup.values, ""],
}


def caseload(ctx: Context) -> dict[str, Any]:
    """The administrator's figures, per council, and added up for all councils."""
    per: dict[str, dict[str, Any]] = {
        scope: {"dims": defaultdict(dict), "total": None, "as_of": None} for scope in ctx.scopes
    }
    councils_with = set()
    for figure in CaseloadFigure.objects.values(
        "council_id", "dimension", "category", "count", "as_of"
    ):
        scope = str(figure["council_id"])
        if scope not in per:
            continue
        councils_with.add(scope)
        entry = per[scope]
        as_of = figure["as_of"].isoformat()
        entry["as_of"] = max(entry["as_of"] or as_of, as_of)
        if figure["dimension"] == Dimension.TOTAL:
            entry["total"] = figure["count"]
        else:
            entry["dims"][figure["dimension"]][figure["category"]] = figure["count"]
    everyone = per[ALL]
    for scope in councils_with:
        entry = per[scope]
        for dim in ("gender", "ethnic_group"):
            for category, count in entry["dims"].get(dim, {}).items():
                everyone["dims"][dim][category] = everyone["dims"][dim].get(category, 0) + count
        total = entry["total"]
        if total is not None:
            everyone["dims"]["area"][scope] = total
            everyone["total"] = (everyone["total"] or 0) + total
        if entry["as_of"]:
            everyone["as_of"] = max(everyone["as_of"] or entry["as_of"], entry["as_of"])
    everyone["councils_with_figures"] = len(councils_with)
    return per


def _categories(ctx: Context, dim: str, scope: str) -> list[str]:
    if dim in CATEGORIES:
        return CATEGORIES[dim]
    if scope == ALL:
        return [c.scope for c in ctx.councils] + [""]
    return [str(pk) for pk, _name in ctx.places.get(int(scope), [])] + [""]


def _area_label(ctx: Context, scope: str, category: str) -> str:
    if not category:
        return ""
    if scope == ALL:
        return next((c.name for c in ctx.councils if c.scope == category), category)
    return next((name for pk, name in ctx.places.get(int(scope), []) if str(pk) == category), "")


def _share(count: int, total: int | None) -> float | None:
    if not total:
        return None
    return round(100.0 * count / total, 1)


def _hidden_states(ctx: Context, raw: dict[str, Any]) -> dict[tuple, str]:
    """Suppress every population's gender, ethnic group and (per council) area counts at once."""
    values: dict[tuple, int] = {}
    equations: list[list[tuple]] = []
    small_groups: list[list[tuple]] = []
    for pop in POPULATIONS:
        counts = raw[pop]
        for dim in ("gender", "ethnic_group", "area"):
            for scope in ctx.scopes:
                if dim == "area" and scope == ALL:
                    continue  # council totals, shown on every council's page anyway
                group = []
                for category in _categories(ctx, dim, scope):
                    key = (pop, dim, scope, category)
                    values[key] = counts[dim][scope].get(category, 0)
                    group.append(key)
                equations.append(group)
                total = counts["total"][scope]
                if 0 < total < suppression.SMALL:
                    small_groups.append(group)
            if dim != "area":
                for category in CATEGORIES[dim]:
                    equations.append([(pop, dim, scope, category) for scope in ctx.scopes])
    return suppression.hide(values, equations=equations, small_groups=small_groups)


def build(ctx: Context, raw: dict[str, Any], figures: dict[str, Any]) -> dict[str, dict]:
    states = _hidden_states(ctx, raw)
    result = {}
    for scope in ctx.scopes:
        load = figures[scope]
        dims = []
        for dim in ("gender", "ethnic_group", "area"):
            load_cells = load["dims"].get(dim, {})
            load_base = load["total"] or sum(load_cells.values()) or None
            rows = []
            for category in _categories(ctx, dim, scope):
                cells = {}
                for pop in POPULATIONS:
                    count = raw[pop][dim][scope].get(category, 0)
                    total = raw[pop]["total"][scope]
                    state = states.get((pop, dim, scope, category), suppression.SHOWN)
                    if state == suppression.SHOWN:
                        cells[pop] = {"n": count, "state": state, "share": _share(count, total)}
                    else:
                        cells[pop] = {"n": None, "state": state, "share": None}
                figure = load_cells.get(category)
                rows.append(
                    {
                        "key": category,
                        "label": _area_label(ctx, scope, category) if dim == "area" else "",
                        "cells": cells,
                        "caseload": None
                        if figure is None
                        else {"n": figure, "share": _share(figure, load_base)},
                    }
                )
            dims.append({"key": dim, "rows": rows})
        result[scope] = {
            "totals": {pop: raw[pop]["total"][scope] for pop in POPULATIONS},
            "caseload_total": load["total"],
            "caseload_as_of": load["as_of"],
            "councils_with_figures": load.get("councils_with_figures"),
            "dimensions": dims,
        }
    return result
