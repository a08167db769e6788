"""Reads for the action plan pages. Each fetches what its page shows in a fixed number of
queries, however many plans, actions, updates or sources there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.models import (
    OPEN_STATUSES,
    REASON_STATUSES,
    Action,
    ActionSource,
    ActionUpdate,
    Milestone,
    Objective,
    Plan,
    SourceKind,
    Status,
    Theme,
)
from actionplan.rag import Rag, rag_expression
from users.models import User
from users.roles import Role


def _today(today: date | None) -> date:
    return today or timezone.localdate()


class _Rated(TypedDict):
    rag_value: str


class _OnTheBoard(TypedDict):
    rag_value: str
    owner_is_senior: bool
    champion_public_name: str | None
    latest_note: str | None
    latest_on: date | None


if TYPE_CHECKING:  # WithAnnotations takes two arguments only for the type checker
    from django_stubs_ext import WithAnnotations

    # Actions with what with_rag / the board's query annotate, so the checker knows them.
    RatedAction = WithAnnotations[Action, _Rated]
    BoardAction = WithAnnotations[Action, _OnTheBoard]


def with_rag(qs: QuerySet[Action], today: date | None = None) -> QuerySet[RatedAction]:
    """Annotate ``rag_value`` (red/amber/green/none), computed by the database."""
    return qs.annotate(rag_value=rag_expression(_today(today)))


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


# --- Actions (staff) --------------------------------------------------------------------


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


# --- "You said, we did" -----------------------------------------------------------------


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


# --- History ----------------------------------------------------------------------------

_ACTION_FIELDS = (
    "title",
    "description",
    "objective_id",
    "owner_id",
    "champion_id",
    "due_on",
    "status",
    "status_reason",
    "progress",
    "theme",
    "is_public",
)
_MILESTONE_FIELDS = ("title", "due_on", "done_on")
_USER_FIELDS = {"owner_id", "champion_id"}


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str
    changes: tuple[tuple[str, str, str], ...]
    reason: str


def _label(model: type[Action] | type[Milestone], attname: str) -> str:
    field = model._meta.get_field(attname.removesuffix("_id"))
    label = str(getattr(field, "verbose_name", field.name))
    return label[:1].upper() + label[1:]


def _shown(
    value: Any, attname: str, users: dict[int, User], objectives: dict[int, Objective]
) -> str:
    if value is None or value == "":
        return "—"
    if attname in _USER_FIELDS:
        user = users.get(value)
        return str(user) if user else f"#{value}"
    if attname == "objective_id":
        objective = objectives.get(value)
        return str(objective) if objective else f"#{value}"
    if attname == "status":
        return str(Status(value).label)
    if attname == "theme":
        return str(Theme(value).label)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    return str(value)


def action_history(*, action: Action) -> list[HistoryEntry]:
    """Every recorded change to the action and its milestones, newest first (4 queries)."""
    records = list(
        Action.history.filter(id=action.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    milestone_records = list(
        Milestone.history.filter(action_id=action.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    user_ids = {getattr(r, f) for r in records for f in _USER_FIELDS} - {None}
    objective_ids = {r.objective_id for r in records}
    users = User.objects.in_bulk(user_ids)
    objectives = Objective.objects.in_bulk(objective_ids)

    def who(record: Any) -> str:
        return str(record.history_user) if record.history_user else _("The portal")

    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        if previous is None:
            changes = tuple(
                (_label(Action, f), "", _shown(getattr(record, f), f, users, objectives))
                for f in _ACTION_FIELDS
            )
            what = _("Action created")
        else:
            changes = tuple(
                (
                    _label(Action, f),
                    _shown(getattr(previous, f), f, users, objectives),
                    _shown(getattr(record, f), f, users, objectives),
                )
                for f in _ACTION_FIELDS
                if getattr(previous, f) != getattr(record, f)
            )
            what = _("Action changed")
        if changes or record.history_change_reason:
            entries.append(
                HistoryEntry(
                    record.history_date,
                    who(record),
                    what,
                    changes,
                    record.history_change_reason or "",
                )
            )
        previous = record

    last_of: dict[int, Any] = {}
    for record in milestone_records:
        before = last_of.get(record.id)
        if record.history_type == "-":
            what = _("Milestone removed: %(title)s") % {"title": record.title}
            changes = ()
        elif before is None:
            what = _("Milestone added: %(title)s") % {"title": record.title}
            changes = tuple(
                (_label(Milestone, f), "", _shown(getattr(record, f), f, users, objectives))
                for f in _MILESTONE_FIELDS
            )
        else:
            what = _("Milestone changed: %(title)s") % {"title": record.title}
            changes = tuple(
                (
                    _label(Milestone, f),
                    _shown(getattr(before, f), f, users, objectives),
                    _shown(getattr(record, f), f, users, objectives),
                )
                for f in _MILESTONE_FIELDS
                if getattr(before, f) != getattr(record, f)
            )
        last_of[record.id] = record
        if changes or record.history_type == "-":
            entries.append(HistoryEntry(record.history_date, who(record), what, changes, ""))

    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
