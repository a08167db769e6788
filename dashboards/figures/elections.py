"""Election turnout per election and constituency, and the elections coming up.

An election counts in the period in which its voting actually opened (``voting_opened_at``,
recorded on every path: by the schedule or by the returning officer's hand).

Turnout is the number of people who voted (``Participation``: *that* someone voted) over
the voter roll frozen when voting opened. Ballots are never read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from council.models import Election, Participation
from dashboards.figures.context import ALL, Context
from dashboards.figures.people import VOTED_STATUSES

UPCOMING_STATUSES = (Election.Status.NOMINATIONS_OPEN, Election.Status.NOMINATIONS_CLOSED)
# The all-councils page lists at most this many elections coming up (the CSV has them all
# for one council; a national page of hundreds would help nobody).
UPCOMING_LIMIT = 50


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _turnout(voted: int, roll: int | None) -> float | None:
    return round(100.0 * voted / roll, 1) if roll else None


def _described(row: Mapping[str, Any], council_names: dict[int, str]) -> dict[str, Any]:
    """What the page says of any election, held or coming."""
    return {
        "id": row["pk"],
        "title": row["title"],
        "council": council_names.get(row["council_id"], ""),
        "constituency": row["constituency_name"],
        "status": row["status"],
    }


def elections(ctx: Context) -> dict[str, dict[str, Any]]:
    # One index-only count per election (the unique index on election and voter), rather
    # than a join of every participation.
    voted = (
        Participation.objects.filter(election=OuterRef("pk"))
        .order_by()
        .values("election")
        .annotate(n=Count("pk"))
        .values("n")
    )
    held = (
        Election.objects.filter(ctx.in_period("voting_opened_at"), status__in=VOTED_STATUSES)
        .annotate(voted=Coalesce(Subquery(voted), 0))
        .order_by("voting_opened_at", "pk")
        .values(
            "pk",
            "title",
            "council_id",
            "status",
            "voting_opened_at",
            "voting_closed_at",
            "roll_size",
            "voted",
            constituency_name=F("constituency__name"),
        )
    )
    upcoming = (
        Election.objects.filter(
            Q(status__in=UPCOMING_STATUSES)
            | Q(status=Election.Status.DRAFT, voting_open_at__gte=ctx.now)
        )
        .order_by(F("voting_open_at").asc(nulls_last=True), "pk")
        .values(
            "pk",
            "title",
            "council_id",
            "status",
            "nominations_close_at",
            "voting_open_at",
            "voting_close_at",
            constituency_name=F("constituency__name"),
        )
    )
    council_names = {c.id: c.name for c in ctx.councils}
    result: dict[str, dict[str, Any]] = {
        scope: {"held": [], "upcoming": [], "by_council": []} for scope in ctx.scopes
    }
    for row in held:
        item = {
            **_described(row, council_names),
            "voting_opened_at": _iso(row["voting_opened_at"]),
            "voting_closed_at": _iso(row["voting_closed_at"]),
            "roll": row["roll_size"],
            "voted": row["voted"],
            "turnout": _turnout(row["voted"], row["roll_size"]),
        }
        result[ALL]["held"].append(item)
        scope = str(row["council_id"])
        if scope in result:
            result[scope]["held"].append(item)
    for coming in upcoming:
        item = {
            **_described(coming, council_names),
            "nominations_close_at": _iso(coming["nominations_close_at"]),
            "voting_open_at": _iso(coming["voting_open_at"]),
            "voting_close_at": _iso(coming["voting_close_at"]),
        }
        if len(result[ALL]["upcoming"]) < UPCOMING_LIMIT:
            result[ALL]["upcoming"].append(item)
        scope = str(coming["council_id"])
        if scope in result and len(result[scope]["upcoming"]) < UPCOMING_LIMIT:
            result[scope]["upcoming"].append(item)
    for info in ctx.councils:
        held_here = result[info.scope]["held"]
        roll = sum(e["roll"] or 0 for e in held_here)
        votes = sum(e["voted"] for e in held_here)
        result[ALL]["by_council"].append(
            {
                "council": info.name,
                "elections": len(held_here),
                "roll": roll,
                "voted": votes,
                "turnout": _turnout(votes, roll),
            }
        )
    for scope in ctx.scopes:
        rows = result[scope]["held"]
        roll = sum(e["roll"] or 0 for e in rows)
        votes = sum(e["voted"] for e in rows)
        result[scope]["summary"] = {
            "elections": len(rows),
            "roll": roll,
            "voted": votes,
            "turnout": _turnout(votes, roll),
        }
    return result
