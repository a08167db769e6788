"""Reads for safeguarding concerns. Only views behind the peer-staff getter call these."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from peersupport.models import ConcernStatus, ConcernUpdate, SafeguardingConcern, Severity

OPEN = ~Q(status=ConcernStatus.CLOSED)


@dataclass(frozen=True)
class ConcernSummary:
    open: int
    new: int
    serious: int
    latest_pk: int | None


def concern_summary() -> ConcernSummary:
    """For the staff banner: how many are not closed, how many nobody has picked up yet."""
    row = SafeguardingConcern.objects.aggregate(
        open=Count("pk", filter=OPEN),
        new=Count("pk", filter=Q(status=ConcernStatus.OPEN)),
        serious=Count(
            "pk",
            filter=Q(status=ConcernStatus.OPEN, severity__in=(Severity.HIGH, Severity.URGENT)),
        ),
        latest=Max("pk", filter=Q(status=ConcernStatus.OPEN)),
    )
    return ConcernSummary(
        open=row["open"], new=row["new"], serious=row["serious"], latest_pk=row["latest"]
    )


def concerns(*, include_closed: bool = False) -> QuerySet[SafeguardingConcern]:
    qs = SafeguardingConcern.objects.select_related("raised_by", "about", "assigned_to")
    if not include_closed:
        qs = qs.filter(OPEN)
    return qs.order_by("-created_at", "-id")


def concern_detail(*, pk: int) -> SafeguardingConcern:
    return (
        SafeguardingConcern.objects.select_related(
            "raised_by", "about", "assigned_to", "match__mentor", "contact"
        )
        .prefetch_related(Prefetch("updates", queryset=ConcernUpdate.objects.select_related("by")))
        .get(pk=pk)
    )
