"""Actions, for staff and for their owners and champions."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from actionplan.models import Action, ActionSource, ActionUpdate, Milestone, Plan
from actionplan.selectors._common import with_rag
from users.models import User


def actions_filtered(
    *,
    plan: Plan | None = None,
    status: str = "",
    rag: str = "",
    theme: str = "",
    owner: User | None = None,
    public: str = "",
    search: str = "",
    today: date | None = None,
) -> QuerySet[Action]:
    qs = with_rag(
        Action.objects.select_related("objective__plan", "owner", "champion"), today
    ).order_by("due_on", "pk")
    if plan is not None:
        qs = qs.filter(objective__plan=plan)
    if status:
        qs = qs.filter(status=status)
    if rag:
        qs = qs.filter(rag_value=rag)
    if theme:
        qs = qs.filter(theme=theme)
    if owner is not None:
        qs = qs.filter(Q(owner=owner) | Q(champion=owner))
    if public == "yes":
        qs = qs.filter(is_public=True)
    elif public == "no":
        qs = qs.filter(is_public=False)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(description__icontains=search))
    return qs


def my_actions(*, user: User, today: date | None = None) -> QuerySet[Action]:
    """Actions I own or champion, open ones first."""
    return (
        with_rag(Action.objects.select_related("objective__plan", "owner", "champion"), today)
        .filter(Q(owner=user) | Q(champion=user))
        .order_by("due_on", "pk")
    )


def action_detail(*, pk: int) -> Action:
    raiser_counts = Count("raisers")
    return (
        Action.objects.select_related("objective__plan", "owner", "champion", "created_by")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
            Prefetch(
                "updates",
                queryset=ActionUpdate.objects.select_related("author").order_by(
                    "-happened_on", "-pk"
                ),
            ),
            Prefetch(
                "sources",
                queryset=ActionSource.objects.annotate(raiser_count=raiser_counts).order_by("pk"),
            ),
        )
        .get(pk=pk)
    )


def actions_for_source(*, ref_model: str, ref_id: str) -> QuerySet[Action]:
    """Actions answering one record elsewhere, for the app that owns it to link to."""
    return Action.objects.filter(
        sources__ref_model=ref_model.lower(), sources__ref_id=str(ref_id)
    ).distinct()
