"""What the "Needs your attention" list needs beyond the other sections' counts.

Counted with the other figures (by the refresh job, a fixed handful of ``GROUP BY``
queries), so the page reads them from the snapshot and adds no query per item:

* safeguarding concerns still open more than ``CONCERN_DAYS`` after they were raised (a
  count only: no detail of any concern ever reaches a dashboard);
* consultations closing within ``CLOSING_DAYS`` days, with how many people were invited
  and how many answered;
* constituencies with no current representative (a vacant seat).

The rules that pick the items and their thresholds live in ``dashboards.attention``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q

from consultations.models import Consultation, ConsultationConstituency, Submission
from council.models import Constituency
from dashboards.figures.context import ALL, Context, current_memberships
from peersupport.models import ConcernStatus, SafeguardingConcern

CONCERN_DAYS = 7
CLOSING_DAYS = 3


def _closing(ctx: Context, linked: dict[int, set[int]]) -> dict[str, list[dict[str, Any]]]:
    soon = list(
        Consultation.objects.filter(
            status=Consultation.Status.OPEN,
            closes_at__gte=ctx.now,
            closes_at__lt=ctx.now + timedelta(days=CLOSING_DAYS),
        )
        .order_by("closes_at", "pk")
        .values("pk", "title", "audience", "closes_at")
    )
    ids = [c["pk"] for c in soon]
    answered = dict(
        Submission.objects.filter(consultation_id__in=ids)
        .values_list("consultation_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # People invited: current members of the constituencies it was sent to, or every current
    # member for one sent to all members: two queries for all the consultations closing.
    sent_to: dict[int, set[int]] = defaultdict(set)
    for consultation_id, constituency_id in ConsultationConstituency.objects.filter(
        consultation_id__in=ids
    ).values_list("consultation_id", "constituency_id"):
        sent_to[constituency_id].add(consultation_id)
    people_of: dict[int, set[int]] = defaultdict(set)
    for constituency_id, user_id in (
        current_memberships(ctx)
        .filter(constituency_id__in=list(sent_to))
        .values_list("constituency_id", "user_id")
    ):
        for consultation_id in sent_to[constituency_id]:
            people_of[consultation_id].add(user_id)
    everyone = None
    result: dict[str, list[dict[str, Any]]] = {scope: [] for scope in ctx.scopes}
    for row in soon:
        councils = linked.get(row["pk"], set())
        if row["audience"] != Consultation.Audience.ALL_MEMBERS:
            people = len(people_of.get(row["pk"], ()))
        else:
            if everyone is None:
                everyone = current_memberships(ctx).values("user_id").distinct().count()
            people = everyone
        item = {
            "id": row["pk"],
            "title": row["title"],
            "closes_at": row["closes_at"].isoformat() if row["closes_at"] else None,
            "invited": people,
            "answered": answered.get(row["pk"], 0),
        }
        result[ALL].append(item)
        for council in councils:
            if str(council) in result:
                result[str(council)].append(item)
    return result


def _vacant(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    current = (
        Q(representatives__stood_down_on__isnull=True)
        & (Q(representatives__term_end__isnull=True) | Q(representatives__term_end__gte=ctx.today))
        & Q(representatives__term_start__lte=ctx.today)
    )
    result: dict[str, list[dict[str, Any]]] = {scope: [] for scope in ctx.scopes}
    for row in (
        Constituency.objects.annotate(sitting=Count("representatives", filter=current))
        .filter(sitting=0)
        .order_by("council_id", "name")
        .values("council_id", "name")
    ):
        item = {"council": row["council_id"], "constituency": row["name"]}
        result[ALL].append(item)
        if str(row["council_id"]) in result:
            result[str(row["council_id"])].append(item)
    return result


def attention(ctx: Context, linked: dict[int, set[int]]) -> dict[str, dict[str, Any]]:
    raised_before = ctx.now - timedelta(days=CONCERN_DAYS)
    old_concerns = (
        SafeguardingConcern.objects.filter(created_at__lt=raised_before)
        .exclude(status=ConcernStatus.CLOSED)
        .count()
    )
    closing = _closing(ctx, linked)
    vacant = _vacant(ctx)
    return {
        scope: {
            # Safeguarding is run for the whole service: the same count on every page.
            "old_concerns": old_concerns,
            "closing": closing[scope],
            "vacant": vacant[scope],
        }
        for scope in ctx.scopes
    }
