"""Plans and objectives, and the people and objectives the forms offer."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from actionplan.models import OPEN_STATUSES, Action, Objective, Plan, Status
from actionplan.rag import Rag
from actionplan.selectors._common import _today, with_rag
from users.models import User
from users.roles import Role

# --- Choices for forms ------------------------------------------------------------------


def owner_choices() -> QuerySet[User]:
    """Staff and senior managers: the people who can own an action."""
    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.STAFF, Role.SENIOR_MANAGER])
        .distinct()
        .order_by("display_name", "username")
    )


def champion_choices() -> QuerySet[User]:
    """Representatives and peer mentors: the people who can be a user champion."""
    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.REPRESENTATIVE, Role.MENTOR])
        .distinct()
        .order_by("display_name", "username")
    )


def objective_choices() -> QuerySet[Objective]:
    return Objective.objects.select_related("plan").order_by(
        "-plan__starts_on", "plan_id", "number"
    )


# --- Plans ------------------------------------------------------------------------------


def plans_with_counts(today: date | None = None) -> QuerySet[Plan]:
    today = _today(today)
    open_q = Q(objectives__actions__status__in=OPEN_STATUSES)
    return Plan.objects.annotate(
        action_count=Count("objectives__actions"),
        done_count=Count("objectives__actions", filter=Q(objectives__actions__status=Status.DONE)),
        overdue_count=Count(
            "objectives__actions", filter=open_q & Q(objectives__actions__due_on__lt=today)
        ),
        blocked_count=Count(
            "objectives__actions", filter=Q(objectives__actions__status=Status.BLOCKED)
        ),
    ).order_by("-starts_on", "title")


# A national plan has thousands of actions: the plan page shows the soonest due of each
# objective and links to the full, paginated list of actions.
PLAN_PAGE_ACTIONS = 20


def plan_objectives(
    *, plan: Plan, today: date | None = None, per_objective: int | None = None
) -> list[Objective]:
    """The plan's objectives, each with ``action_count`` and (in ``first_actions``) its
    first ``per_objective`` actions, soonest due (owner, champion, RAG), in 2 queries
    whatever the plan's size. (A sliced prefetch needs ``to_attr``.)"""
    actions = with_rag(
        Action.objects.select_related("owner", "champion").order_by("due_on", "pk"), today
    )[: per_objective or PLAN_PAGE_ACTIONS]
    return list(
        plan.objectives.order_by("number")
        .annotate(action_count=Count("actions"))
        .prefetch_related(Prefetch("actions", queryset=actions, to_attr="first_actions"))
    )


def rag_counts(qs: QuerySet[Action], today: date | None = None) -> dict[str, int]:
    """How many actions are red, amber, green and not rated, counted by the database."""
    rows = with_rag(qs.order_by(), today).values("rag_value").annotate(n=Count("pk"))
    counts = {value: 0 for value in Rag.values}
    for row in rows:
        counts[row["rag_value"]] = row["n"]
    return counts
