"""Reads for council pages: councils, constituencies, portfolios, membership and representatives,
and the constituency reads other apps use (consultations' audiences). Each returns what its page
needs in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from council.models import Constituency, Council, Membership, Portfolio, Representative
from council.permissions import can_manage_councils


def councils_for_list(*, user: Any) -> QuerySet[Council]:
    qs = Council.objects.annotate(
        constituency_count=Count("constituencies", distinct=True),
    ).order_by("name")
    if not can_manage_councils(user):
        qs = qs.filter(is_active=True)
    return qs


def constituencies_with_counts(*, council: Council) -> QuerySet[Constituency]:
    # Counted per constituency from council_membership_current_idx: a joined COUNT read
    # all 300,000 memberships of a national service for every council page.
    current = (
        Membership.objects.filter(constituency=OuterRef("pk"), left_on=None)
        .order_by()
        .values("constituency")
        # user_id is in the index too, so the count never reads the table itself.
        .annotate(n=Count("user_id"))
        .values("n")
    )
    return Constituency.objects.filter(council=council).annotate(
        member_count=Coalesce(Subquery(current), 0)
    )


def portfolios_for(*, council: Council) -> QuerySet[Portfolio]:
    return Portfolio.objects.filter(council=council)


def memberships_for_constituency(*, constituency: Constituency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(constituency=constituency, left_on=None)
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )


def representatives_for_council(*, council: Council) -> QuerySet[Representative]:
    return (
        Representative.objects.filter(council=council, stood_down_on=None)
        .select_related("user", "constituency", "election", "recorded_selection")
        .prefetch_related(
            Prefetch("portfolios", queryset=Portfolio.objects.order_by("order", "name"))
        )
        .order_by("constituency__name", "user__display_name", "pk")
    )


# --- For other apps (consultations' audiences) ----------------------------------------------


def constituency_choices() -> list[tuple[int, str]]:
    """Every constituency of an active council, as (id, "Council: Constituency")."""
    rows = (
        Constituency.objects.filter(council__is_active=True)
        .select_related("council")
        .order_by("council__name", "name")
    )
    return [(c.pk, f"{c.council.name}: {c.name}") for c in rows]


def constituency_ids_for_user(*, user: Any) -> set[int]:
    """The constituencies ``user`` is a current member of."""
    return set(
        Membership.objects.filter(user=user, left_on=None).values_list("constituency_id", flat=True)
    )


def member_ids_in_constituencies(*, constituency_ids: list[int]) -> QuerySet[Any]:
    """Ids of the current members of any of these constituencies (a subquery, not a list)."""
    return (
        Membership.objects.filter(constituency_id__in=constituency_ids, left_on=None)
        .values_list("user_id", flat=True)
        .distinct()
    )
