"""Peer support: active mentors, sessions delivered, attendance, certificates, helpline cover
for the next four weeks, and travel expenses paid.

Sessions and the helpline are run for the whole service, so those figures are the same on
every page. Attendance, certificates and expenses are about people, so a council's page
counts those of its members.

The helpline rota and expenses arrived in the peer-support app after the dashboards; they
are read through ``getattr`` so that a database without them shows "not available yet"
rather than failing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from council.models import Membership
from dashboards.figures.context import ALL, Context
from peersupport import models as peer_models
from peersupport.models import (
    Attendance,
    Certificate,
    Occurrence,
    OccurrenceStatus,
    SessionType,
    SignUp,
)

_MEMBER = "user__council_memberships__"


def _by_council(ctx: Context, qs, **aggregates) -> dict[str, dict[str, int]]:
    """``aggregates`` per council of the people's current memberships, and for everyone."""
    result = {scope: {k: 0 for k in aggregates} for scope in ctx.scopes}
    per_council = (
        qs.filter(ctx.member_at_end(_MEMBER))
        .values(c=F(f"{_MEMBER}constituency__council_id"))
        .annotate(**aggregates)
        .order_by()
    )
    for row in per_council:
        if str(row["c"]) in result:
            result[str(row["c"])] = {k: row[k] for k in aggregates}
    result[ALL] = qs.aggregate(**aggregates)
    return result


HELPLINE_WEEKS = 4


def helpline(ctx: Context) -> dict[str, Any] | None:
    """Cover of the helpline shifts in the next four weeks (from today), week by week.

    A shift is covered when as many mentors are on its rota as it needs; "places filled"
    counts at most the number needed on each shift.
    """
    shift = getattr(peer_models, "Shift", None)
    signup = getattr(peer_models, "ShiftSignUp", None)
    if shift is None or signup is None:
        return None
    start = timezone.make_aware(datetime.combine(ctx.today, time.min))
    end = start + timedelta(weeks=HELPLINE_WEEKS)
    on_rota = (
        signup.objects.filter(shift=OuterRef("pk"), status=peer_models.ShiftSignUpStatus.ON_ROTA)
        .order_by()
        .values("shift")
        .annotate(n=Count("pk"))
        .values("n")
    )
    weeks: list[dict[str, Any]] = [
        {
            "start": (ctx.today + timedelta(weeks=w)).isoformat(),
            "shifts": 0,
            "covered": 0,
            "needed": 0,
            "filled": 0,
        }
        for w in range(HELPLINE_WEEKS)
    ]
    for starts_at, needed, filled in (
        shift.objects.filter(
            starts_at__gte=start, starts_at__lt=end, status=peer_models.ShiftStatus.SCHEDULED
        )
        .order_by()
        .annotate(on_rota=Coalesce(Subquery(on_rota), Value(0)))
        .values_list("starts_at", "mentors_needed", "on_rota")
    ):
        week = weeks[min((timezone.localdate(starts_at) - ctx.today).days // 7, HELPLINE_WEEKS - 1)]
        week["shifts"] += 1
        week["needed"] += needed
        week["filled"] += min(filled, needed)
        week["covered"] += 1 if filled >= needed else 0
    return {
        "weeks": weeks,
        "shifts": sum(w["shifts"] for w in weeks),
        "covered": sum(w["covered"] for w in weeks),
        "needed": sum(w["needed"] for w in weeks),
        "filled": sum(w["filled"] for w in weeks),
    }


def expenses(ctx: Context) -> dict[str, dict[str, Any]] | None:
    """Travel expenses paid in the period, per council of the claimant's membership."""
    claim = getattr(peer_models, "ExpenseClaim", None)
    if claim is None:
        return None
    paid = claim.objects.filter(
        ctx.in_period("paid_at"), status=peer_models.ClaimStatus.PAID
    ).order_by()
    result = {scope: {"paid_claims": 0, "paid_amount": "0.00"} for scope in ctx.scopes}
    # Each claim counts for one council (the claimant's first current membership): joining
    # every membership would count a claim twice for someone in a place and a group.
    council = (
        Membership.objects.filter(ctx.member_at_end(), user=OuterRef("claimant"))
        .order_by("pk")
        .values("constituency__council_id")[:1]
    )
    for row in (
        paid.annotate(c=Subquery(council)).values("c").annotate(n=Count("pk"), amount=Sum("amount"))
    ):
        if str(row["c"]) in result:
            result[str(row["c"])] = {
                "paid_claims": row["n"],
                "paid_amount": f"{row['amount'] or 0:.2f}",
            }
    everyone = paid.aggregate(n=Count("pk"), amount=Sum("amount"))
    result[ALL] = {"paid_claims": everyone["n"], "paid_amount": f"{everyone['amount'] or 0:.2f}"}
    return result


def peer_support(ctx: Context, mentor_totals: dict[str, int]) -> dict[str, dict[str, Any]]:
    delivered = dict(
        Occurrence.objects.filter(
            ctx.in_period("starts_at"), starts_at__lt=ctx.now, status=OccurrenceStatus.SCHEDULED
        )
        .values_list("session_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sessions = [{"key": t, "n": delivered.get(t, 0)} for t in SessionType.values]
    attendance = _by_council(
        ctx,
        SignUp.objects.filter(ctx.in_period("starts_at")).exclude(attendance="").order_by(),
        recorded=Count("pk", distinct=True),
        attended=Count("pk", distinct=True, filter=Q(attendance=Attendance.ATTENDED)),
    )
    certificates = _by_council(
        ctx,
        Certificate.objects.filter(
            ctx.day_in_period("awarded_on"), revoked_at__isnull=True
        ).order_by(),
        n=Count("pk", distinct=True),
    )
    cover = helpline(ctx)
    paid = expenses(ctx)
    result = {}
    for scope in ctx.scopes:
        recorded = attendance[scope]["recorded"] or 0
        attended = attendance[scope]["attended"] or 0
        result[scope] = {
            "active_mentors": mentor_totals.get(scope, 0),
            "sessions": sessions,
            "sessions_delivered": sum(s["n"] for s in sessions),
            "attendance_recorded": recorded,
            "attended": attended,
            "attendance_rate": round(100.0 * attended / recorded, 1) if recorded else None,
            "certificates": certificates[scope]["n"] or 0,
            "helpline": cover,
            "expenses": paid[scope] if paid is not None else None,
        }
    return result
