"""Reads for travel expenses. Lists have a fixed query count and totals come from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, Round
from django.utils import timezone

from peersupport.expenses.money import PENNY
from peersupport.expenses.services import CLAIM_WITHIN_DAYS, LIVE_CLAIM
from peersupport.models import (
    Attendance,
    ClaimStatus,
    ExpenseClaim,
    MileageRate,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftStatus,
    SignUp,
)
from users.models import User


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    day: date


def claimable(*, user: User, keep: ExpenseClaim | None = None) -> list[Source]:
    """Sessions attended and shifts done in the last 90 days with no live claim yet.

    ``keep``: a draft being edited keeps its own session or shift in the list.
    """
    today = timezone.localdate()
    earliest = today - timedelta(days=CLAIM_WITHIN_DAYS)
    live = ExpenseClaim.objects.filter(LIVE_CLAIM, claimant=user)
    if keep is not None:
        live = live.exclude(pk=keep.pk)
    sessions = (
        SignUp.objects.select_related("occurrence")
        .filter(
            user=user,
            attendance=Attendance.ATTENDED,
            occurrence__local_date__gte=earliest,
        )
        .exclude(Exists(live.filter(occurrence=OuterRef("occurrence"))))
        .order_by("-starts_at")[:100]
    )
    shifts = (
        ShiftSignUp.objects.select_related("shift")
        .filter(
            user=user,
            status=ShiftSignUpStatus.ON_ROTA,
            shift__status=ShiftStatus.SCHEDULED,
            shift__starts_at__lte=timezone.now(),
            shift__local_date__gte=earliest,
        )
        .exclude(Exists(live.filter(shift=OuterRef("shift"))))
        .order_by("-starts_at")[:100]
    )
    found = [
        Source(f"session-{s.occurrence_id}", s.occurrence.title, s.occurrence.local_date)
        for s in sessions
    ] + [Source(f"shift-{s.shift_id}", s.shift.title, s.shift.local_date) for s in shifts]
    return sorted(found, key=lambda s: s.day, reverse=True)


def _claims() -> QuerySet[ExpenseClaim]:
    return ExpenseClaim.objects.select_related(
        "claimant", "occurrence", "shift", "decided_by", "paid_by"
    )


def my_claims(*, user: User) -> QuerySet[ExpenseClaim]:
    return _claims().filter(claimant=user).order_by("-created_at", "-id")


def claims_with_status(status: str) -> QuerySet[ExpenseClaim]:
    order = "submitted_at" if status == ClaimStatus.SUBMITTED else "-decided_at"
    return _claims().filter(status=status).order_by(order, "id")


def recently_closed(*, days: int = 60) -> QuerySet[ExpenseClaim]:
    since = timezone.now() - timedelta(days=days)
    return (
        _claims()
        .filter(
            Q(status=ClaimStatus.PAID, paid_at__gte=since)
            | Q(status=ClaimStatus.REJECTED, decided_at__gte=since)
        )
        .order_by("-updated_at", "-id")
    )


@dataclass(frozen=True)
class Totals:
    count: int
    amount: Decimal


def totals(qs: QuerySet[ExpenseClaim]) -> Totals:
    """Count and sum in the database, in whole pence.

    Summing pence as integers is exact everywhere; SQLite would otherwise add the amounts
    as floating point and 0.10 + 0.10 + 0.20 would come back as 0.400000000000000.
    """
    pence = Cast(Round(F("amount") * 100), IntegerField())
    row = qs.order_by().aggregate(count=Count("pk"), pence=Sum(pence))
    return Totals(count=row["count"], amount=(Decimal(row["pence"] or 0) / 100).quantize(PENNY))


def to_pay() -> QuerySet[ExpenseClaim]:
    """Approved, not yet paid: what finance is sent."""
    return claims_with_status(ClaimStatus.APPROVED).order_by("decided_at", "id")


def claim_detail(*, pk: int) -> ExpenseClaim:
    return _claims().get(pk=pk)


def mileage_rates() -> QuerySet[MileageRate]:
    return MileageRate.objects.select_related("set_by").order_by("mode", "-effective_from")
