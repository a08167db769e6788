"""Counting every figure on the dashboards, for every council and for all councils at once.

``compute(period)`` runs a fixed set of ``GROUP BY`` queries (about forty, however many
members, answers, ballots or councils there are) and returns, for each scope (``"all"`` and
each council's id), plain JSON-ready dicts of counts. Small counts are hidden before this
returns, so nothing downstream ever holds them.

Sections: ``membership``, ``representation``, ``elections``, ``consultations``,
``themes``, ``actions``, ``peer``, and ``attention`` (what the "Needs your attention" rules
need beyond those). Each module documents what it counts and why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboards.figures import actions as actions_mod
from dashboards.figures import attention as attention_mod
from dashboards.figures import consultations as consultations_mod
from dashboards.figures import elections as elections_mod
from dashboards.figures import peer as peer_mod
from dashboards.figures import people, representation
from dashboards.figures.context import ALL, build_context
from dashboards.periods import Period

__all__ = ["ALL", "compute"]


def compute(period: Period, *, today: date | None = None, now=None) -> dict[str, dict[str, Any]]:
    ctx = build_context(period, today=today, now=now)
    linked = people.consultation_councils(ctx)
    members, mentors, activity = people.members_and_mentors(ctx)
    raw = {
        "members": members,
        "voters": people.voters(ctx),
        "respondents": people.respondents(ctx, linked),
        "mentors": mentors,
    }
    represented = representation.build(ctx, raw, representation.caseload(ctx))
    held = elections_mod.elections(ctx)
    consulted = consultations_mod.consultations(ctx, linked)
    themes = consultations_mod.themes(ctx, linked)
    planned = actions_mod.actions(ctx)
    peer = peer_mod.peer_support(ctx, raw["mentors"]["total"])
    attention = attention_mod.attention(ctx, linked)
    result: dict[str, dict[str, Any]] = {}
    for scope in ctx.scopes:
        council = next((c for c in ctx.councils if c.scope == scope), None)
        result[scope] = {
            "scope": scope,
            "council": {"id": council.id, "name": council.name, "slug": council.slug}
            if council
            else None,
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "today": ctx.today.isoformat(),
            "membership": activity[scope],
            "representation": represented[scope],
            "elections": held[scope],
            "consultations": consulted[scope],
            "themes": themes[scope],
            "actions": planned[scope],
            "peer": peer[scope],
            "attention": attention[scope],
        }
    result[ALL]["councils"] = [
        {
            "id": c.id,
            "name": c.name,
            "slug": c.slug,
            "members": activity[c.scope]["members"],
            "active": activity[c.scope]["active"],
            "new": activity[c.scope]["new"],
            "turnout": held[c.scope]["summary"]["turnout"],
            "responses": consulted[c.scope]["summary"]["responses"],
            "active_mentors": peer[c.scope]["active_mentors"],
        }
        for c in ctx.councils
    ]
    return result
