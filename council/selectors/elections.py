"""Reads for election pages: lists, candidates, nominations, turnout, the log, ballots and
receipts. Each returns what its page needs in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from council.models import (
    Ballot,
    Council,
    Election,
    ElectionLogEntry,
    Membership,
    Nomination,
    Participation,
    Receipt,
    RollEntry,
)
from council.permissions import can_run_elections


def elections_for_list(*, user: Any, council: Council | None = None) -> QuerySet[Election]:
    qs = Election.objects.select_related("council", "constituency").order_by("-created_at", "-pk")
    if council is not None:
        qs = qs.filter(council=council)
    if not can_run_elections(user):
        # Never public: drafts, and drafts cancelled before nominations opened.
        qs = qs.exclude(status=Election.Status.DRAFT).exclude(
            status=Election.Status.CANCELLED, cancelled_from=Election.Status.DRAFT
        )
    if user.is_authenticated:
        qs = qs.annotate(
            i_am_on_roll=Exists(RollEntry.objects.filter(election=OuterRef("pk"), voter=user)),
            i_have_voted=Exists(Participation.objects.filter(election=OuterRef("pk"), voter=user)),
            i_am_member=Exists(
                Membership.objects.filter(
                    constituency=OuterRef("constituency"), user=user, left_on=None
                )
            ),
        )
    return qs


def election_candidates(*, election: Election) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(election=election, status=Nomination.Status.ACCEPTED)
        .select_related("nominee")
        .order_by("is_ron", "ballot_name", "pk")
    )


def election_nominations(*, election: Election) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(election=election)
        .select_related("nominee", "nominated_by")
        .order_by("status", "ballot_name", "pk")
    )


def nominations_for_user(*, user: Any) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(nominee=user)
        .select_related("election", "election__constituency", "nominated_by")
        .order_by("-created_at")
    )


def turnout(*, election: Election) -> dict[str, Any]:
    """Counts only: staff and returning officers never see who, let alone how."""
    counts = dict(
        Participation.objects.filter(election=election)
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    voted = sum(counts.values())
    roll = election.roll_size or 0
    return {
        "online": counts.get(Participation.Channel.ONLINE, 0),
        "paper": counts.get(Participation.Channel.PAPER, 0),
        "voted": voted,
        "roll": roll,
        "percent": round(100 * voted / roll, 1) if roll else None,
    }


def voter_status(*, election: Election, user: Any) -> dict[str, bool]:
    return {
        "on_roll": RollEntry.objects.filter(election=election, voter=user).exists(),
        "voted": Participation.objects.filter(election=election, voter=user).exists(),
        "member": Membership.objects.filter(
            constituency=election.constituency_id, user=user, left_on=None
        ).exists(),
    }


def election_log(*, election: Election) -> QuerySet[ElectionLogEntry]:
    return ElectionLogEntry.objects.filter(election=election).order_by("seq")


def ballots_page_rows(*, election: Election, ballots: list[Ballot]) -> list[list[str]]:
    names = dict(
        Nomination.objects.filter(election=election, status="accepted").values_list(
            "pk", "ballot_name"
        )
    )
    return [[names.get(c, "?") for c in b.ranking] for b in ballots]


def ballots_for_list(*, election: Election) -> QuerySet[Ballot]:
    # Random UUID order: no meaning, and stable from page to page.
    return Ballot.objects.filter(election=election).only("id", "ranking").order_by("id")


def receipts_for_list(*, election: Election) -> QuerySet[Receipt]:
    return Receipt.objects.filter(election=election).only("code_hash").order_by("code_hash")
