"""An action's history in words, from django-simple-history's records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from actionplan.models import Action, Milestone, Objective, Status, Theme
from users.models import User

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
