"""The "You said, we did" board: what it may show, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from actionplan.models import (
    REASON_STATUSES,
    Action,
    ActionSource,
    ActionUpdate,
    Milestone,
    SourceKind,
    Status,
    Theme,
)
from actionplan.rag import Rag
from actionplan.selectors._common import with_rag
from users.models import User
from users.roles import Role

if TYPE_CHECKING:
    from actionplan.selectors._common import BoardAction


@dataclass(frozen=True)
class BoardSource:
    kind: str
    kind_label: str
    summary: str
    count: int | None
    link: str


@dataclass(frozen=True)
class BoardItem:
    """Everything the board may show about an action, and nothing else.

    The board is built from these rather than from model instances, so a template cannot
    reach a person's username, the owner's name or who raised a source by accident.
    """

    pk: int
    title: str
    description: str
    theme: str
    theme_label: str
    status: str
    status_label: str
    status_reason: str
    progress: int
    due_on: date
    rag: str
    rag_label: str
    led_by: str
    has_champion: bool
    champion_name: str
    sources: tuple[BoardSource, ...]
    latest_note: str
    latest_on: date | None
    plan_title: str


def _latest_update(field: str) -> Subquery:
    return Subquery(
        ActionUpdate.objects.filter(action=OuterRef("pk"))
        .order_by("-happened_on", "-pk")
        .values(field)[:1]
    )


def _board_queryset(today: date | None = None) -> QuerySet[BoardAction]:
    senior = User.groups.through.objects.filter(
        user_id=OuterRef("owner_id"), group__name=Role.SENIOR_MANAGER
    )
    return (
        with_rag(Action.objects.filter(is_public=True), today)
        .select_related("objective__plan")
        .annotate(
            owner_is_senior=Exists(senior),
            champion_public_name=Subquery(
                User.objects.filter(pk=OuterRef("champion_id")).values(
                    "actionplan_champion_profile__public_name"
                )[:1]
            ),
            latest_note=_latest_update("note"),
            latest_on=_latest_update("happened_on"),
        )
        .prefetch_related(
            Prefetch(
                "sources",
                queryset=ActionSource.objects.only(
                    "id", "action_id", "kind", "summary", "count", "link"
                ).order_by("pk"),
            )
        )
    )


def board_actions(
    *, theme: str = "", status: str = "", today: date | None = None
) -> QuerySet[BoardAction]:
    qs = _board_queryset(today)
    if theme:
        qs = qs.filter(theme=theme)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "pk")


def board_action(*, pk: int) -> BoardAction:
    return _board_queryset().get(pk=pk)


def board_item(action: BoardAction) -> BoardItem:
    """The public face of one action from ``board_actions`` / ``board_action``."""
    rag = Rag(action.rag_value)
    return BoardItem(
        pk=action.pk,
        title=action.title,
        description=action.description,
        theme=action.theme,
        theme_label=str(Theme(action.theme).label),
        status=action.status,
        status_label=str(Status(action.status).label),
        status_reason=action.status_reason if action.status in REASON_STATUSES else "",
        progress=action.progress,
        due_on=action.due_on,
        rag=rag.value,
        rag_label=str(rag.label),
        led_by=_("A senior manager") if action.owner_is_senior else _("Probation staff"),
        has_champion=action.champion_id is not None,
        champion_name=(action.champion_public_name or "") if action.champion_id else "",
        sources=tuple(
            BoardSource(
                kind=s.kind,
                kind_label=str(SourceKind(s.kind).label),
                summary=s.summary,
                count=s.count,
                link=s.link,
            )
            for s in action.sources.all()
        ),
        latest_note=action.latest_note or "",
        latest_on=action.latest_on,
        plan_title=action.objective.plan.title,
    )


def board_summary(today: date | None = None) -> dict[str, int]:
    """How many public actions there are in each status (one query)."""
    rows = Action.objects.filter(is_public=True).order_by().values("status").annotate(n=Count("pk"))
    counts = {value: 0 for value in Status.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[v] for v in Status.values)
    return counts


def board_updates(*, action: Action) -> list[dict[str, Any]]:
    """An action's updates for the public page: what and when, and only "staff" or
    "the user champion" for who."""
    rows = ActionUpdate.objects.filter(action=action).order_by("-happened_on", "-pk")
    return [
        {
            "happened_on": u.happened_on,
            "note": u.note,
            "status_label": Status(u.status_after).label if u.changed_status else "",
            "by": _("The user champion") if u.author_was_champion else _("Probation staff"),
        }
        for u in rows.only(
            "happened_on", "note", "status_before", "status_after", "author_was_champion"
        )
    ]


def board_milestones(*, action: Action) -> list[Milestone]:
    return list(Milestone.objects.filter(action=action).order_by("due_on", "pk"))
