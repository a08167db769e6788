"""Actions: create, change, move status (one or many).

Every change goes through here (or ``updates``, which uses the same status rules) so that
each one is validated the same way, kept in the history (django-simple-history, with the
person who made it), written to the audit log, and, when the status moves, told to the
people who raised what the action answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from actionplan import sources as source_registry
from actionplan.models import (
    REASON_STATUSES,
    Action,
    ActionSourceRaiser,
    Objective,
    Status,
)
from actionplan.services.sources import SourceInput, _add_raisers, source_add
from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from users.models import User
from users.roles import Role

MAX_BULK = 200


# --- Checks -------------------------------------------------------------------------------


def _check_people(*, owner: User, champion: User | None) -> None:
    errors: dict[str, str] = {}
    if not owner.is_active or not owner.has_role(Role.STAFF, Role.SENIOR_MANAGER):
        errors["owner"] = _("The owner must be a member of staff or a senior manager.")
    if champion is not None and (
        not champion.is_active or not champion.has_role(Role.REPRESENTATIVE, Role.MENTOR)
    ):
        errors["champion"] = _("The user champion must be a representative or a peer mentor.")
    if errors:
        raise ValidationError(errors)


def _apply_status(action: Action, *, status: str, reason: str, progress: int | None) -> None:
    """Set status, reason and progress together, keeping the rules between them.

    Blocked and dropped need a reason (an unchanged blocked action keeps its reason); done
    means 100 %; any other status has no reason.
    """
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if progress is not None:
        action.progress = progress
    if status in REASON_STATUSES:
        reason = (reason or "").strip()
        if not reason and action.status == status:
            reason = action.status_reason
        if not reason:
            message = (
                _("Say why the action is blocked.")
                if status == Status.BLOCKED
                else _("Say why the action was dropped.")
            )
            raise ValidationError({"status_reason": message})
        action.status_reason = reason
    else:
        action.status_reason = ""
    if status == Status.DONE:
        action.progress = 100
    action.status = status


def _save(obj: Model, *, actor: User | None, reason: str = "") -> None:
    """Check and save an action or milestone, with who changed it (and why) in its history."""
    obj.full_clean()
    # Read by django-simple-history (also outside a request); the stubs do not know them.
    obj._history_user = actor  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason[:100]  # type: ignore[attr-defined]  # simple-history
    obj.save()


# --- Notifications ------------------------------------------------------------------------


def _tell_champion(action: Action) -> None:
    if action.champion is None:
        return
    notify(
        user=action.champion,
        kind=NotificationKind.ACTIONPLAN_CHAMPION_ADDED,
        context={"action": action},
        dedupe_key=f"actionplan-champion-{action.pk}-{action.champion_id}",
        link=reverse("actionplan:action-detail", args=[action.pk]),
    )


def _refresh_raisers(action: Action) -> None:
    """Add anyone who has raised a source since it was attached (asked of its resolver)."""
    for source in action.sources.exclude(ref_model=""):
        if not source_registry.is_registered(source.ref_model):
            continue
        ids = set(source_registry.current_raisers(ref=source.ref))
        if ids:
            _add_raisers(source, ids)


def _status_changed(action: Action, *, old_status: str, actor: User | None) -> int:
    """Tell each person who raised a source, separately: no one sees who else was told."""
    _refresh_raisers(action)
    change_id = (
        action.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
    )
    first_summary: dict[int, str] = {}
    for user_id, summary in (
        ActionSourceRaiser.objects.filter(source__action=action)
        .order_by("source_id")
        .values_list("user_id", "source__summary")
    ):
        first_summary.setdefault(user_id, summary)
    recipients = User.objects.filter(pk__in=first_summary, is_active=True)
    if actor is not None:
        recipients = recipients.exclude(pk=actor.pk)
    link = reverse("actionplan:board-detail", args=[action.pk]) if action.is_public else ""
    sent = 0
    for user in recipients.order_by("pk"):
        made = notify(
            user=user,
            kind=NotificationKind.ACTIONPLAN_STATUS_CHANGED,
            context={
                "public": action.is_public,
                "title": action.title if action.is_public else "",
                "reason": action.status_reason if action.is_public else "",
                "summary": first_summary[user.pk],
                "old_status": Status(old_status).label,
                "status": Status(action.status).label,
            },
            dedupe_key=f"actionplan-status-{action.pk}-{change_id}-{user.pk}",
            link=link,
        )
        sent += made is not None
    return sent


# --- Actions ------------------------------------------------------------------------------


@transaction.atomic
def action_create(
    *,
    objective: Objective,
    title: str,
    description: str,
    owner: User,
    due_on: date,
    theme: str,
    actor: User,
    champion: User | None = None,
    status: str = Status.NOT_STARTED,
    status_reason: str = "",
    progress: int = 0,
    is_public: bool = False,
    sources: Sequence[SourceInput] = (),
) -> Action:
    action = Action(
        objective=objective,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        champion=champion,
        due_on=due_on,
        theme=theme,
        is_public=is_public,
        created_by=actor,
    )
    _apply_status(action, status=status, reason=status_reason, progress=progress)
    _check_people(owner=owner, champion=champion)
    _save(action, actor=actor)
    for source in sources:
        source_add(action=action, source=source, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_ACTION_CREATE,
        obj=action,
        detail={"status": action.status, "public": action.is_public, "sources": len(sources)},
    )
    _tell_champion(action)
    return action


_FOREIGN_KEYS = {"objective", "owner", "champion"}


def _current(action: Action, name: str) -> object:
    return getattr(action, f"{name}_id" if name in _FOREIGN_KEYS else name)


def _new(value: object, name: str) -> object:
    return getattr(value, "pk", None) if name in _FOREIGN_KEYS else value


_EDITABLE = (
    "objective",
    "title",
    "description",
    "owner",
    "champion",
    "due_on",
    "theme",
    "is_public",
)


@transaction.atomic
def action_update(
    *,
    action: Action,
    actor: User,
    objective: Objective,
    title: str,
    description: str,
    owner: User,
    due_on: date,
    theme: str,
    is_public: bool,
    status: str,
    status_reason: str = "",
    progress: int | None = None,
    champion: User | None = None,
) -> Action:
    """Change an action's details (managers). A status change here tells raisers too."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    old_status, old_champion = locked.status, locked.champion_id
    values = {
        "objective": objective,
        "title": title.strip(),
        "description": description.strip(),
        "owner": owner,
        "champion": champion,
        "due_on": due_on,
        "theme": theme,
        "is_public": is_public,
    }
    changed = [name for name in _EDITABLE if _current(locked, name) != _new(values[name], name)]
    for name, value in values.items():
        setattr(locked, name, value)
    _apply_status(locked, status=status, reason=status_reason, progress=progress)
    _check_people(owner=owner, champion=champion)
    _save(locked, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_ACTION_UPDATE,
        obj=locked,
        detail={"fields": changed, "status": [old_status, locked.status]},
    )
    if locked.status != old_status:
        _status_changed(locked, old_status=old_status, actor=actor)
    if locked.champion_id and locked.champion_id != old_champion:
        _tell_champion(locked)
    return locked


@transaction.atomic
def action_set_status(
    *, action: Action, status: str, actor: User, reason: str = "", progress: int | None = None
) -> Action:
    locked = Action.objects.select_for_update().get(pk=action.pk)
    old_status = locked.status
    _apply_status(locked, status=status, reason=reason, progress=progress)
    _save(locked, actor=actor, reason=_("Status changed"))
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_ACTION_SET_STATUS,
        obj=locked,
        detail={"from": old_status, "to": locked.status},
    )
    if locked.status != old_status:
        _status_changed(locked, old_status=old_status, actor=actor)
    return locked


@transaction.atomic
def actions_bulk_set_status(
    *, action_ids: Sequence[int], status: str, actor: User, reason: str = ""
) -> int:
    """Move many actions to one status: all of them, or (on any refusal) none."""
    ids = list(dict.fromkeys(action_ids))
    if not ids:
        raise ValidationError(_("Choose at least one action."))
    if len(ids) > MAX_BULK:
        raise ValidationError(_("Choose %(n)d actions or fewer at a time.") % {"n": MAX_BULK})
    actions = list(Action.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(actions) != len(ids):
        raise ValidationError(_("Some of the chosen actions no longer exist. Refresh the page."))
    changed = 0
    for action in actions:
        try:
            before = action.status
            action_set_status(action=action, status=status, reason=reason, actor=actor)
        except ValidationError as exc:
            raise ValidationError(
                _("%(title)s: %(problem)s")
                % {"title": action.title, "problem": " ".join(exc.messages)}
            ) from None
        changed += before != status
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_ACTION_BULK_SET_STATUS,
        detail={"ids": ids, "status": status},
    )
    return changed
