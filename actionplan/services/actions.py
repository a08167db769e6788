"""Actions: create, change, move status (one or many), post updates, milestones, sources.

Every change goes through here so that each one is validated the same way, kept in the
history (django-simple-history, with the person who made it), written to the audit log,
and, when the status moves, told to the people who raised what the action answers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from actionplan import sources as source_registry
from actionplan.evidence import validate_evidence_file
from actionplan.models import (
    REASON_STATUSES,
    Action,
    ActionSource,
    ActionSourceRaiser,
    ActionUpdate,
    ChampionProfile,
    Milestone,
    Objective,
    SourceKind,
    Status,
)
from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from users.models import User
from users.roles import Role

MAX_BULK = 200


@dataclass(frozen=True)
class SourceInput:
    """What an action answers, as typed or passed from another app."""

    kind: str
    summary: str = ""
    count: int | None = None
    link: str = ""
    ref: str = ""


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


def clean_link(link: str, *, site_pages: bool = True) -> str:
    """A web address (http/https) or (if ``site_pages``) a page on this site; nothing else.

    Refused: other schemes (``javascript:``, ``data:``), protocol-relative ``//host`` links,
    backslashes (browsers read ``/\\evil.example`` as ``//evil.example``), spaces and control
    characters. A page on this site is checked with Django's own
    ``url_has_allowed_host_and_scheme`` against ALLOWED_HOSTS, as for redirects.
    """
    link = (link or "").strip()
    if not link:
        return ""
    refused = ValidationError(
        {
            "link": _(
                "Enter a web address starting with https://, or a page on this site starting "
                "with a single /. Links cannot have spaces or backslashes in them."
            )
            if site_pages
            else _(
                "Enter a web address starting with https://, like https://example.org/report. "
                "Links cannot have spaces or backslashes in them."
            )
        }
    )
    if "\\" in link or link.startswith("//"):
        raise refused
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in link):
        raise refused
    if link.startswith("/"):
        hosts = set(settings.ALLOWED_HOSTS)
        if not site_pages or not url_has_allowed_host_and_scheme(link, allowed_hosts=hosts):
            raise refused
        return link
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise refused from None
    return link


def _save(action: Action, *, actor: User | None, reason: str = "") -> None:
    action.full_clean()
    # Read by django-simple-history (also outside a request); the stubs do not know them.
    action._history_user = actor  # type: ignore[attr-defined]
    if reason:
        action._change_reason = reason[:100]  # type: ignore[attr-defined]  # simple-history
    action.save()


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


def _add_raisers(source: ActionSource, user_ids: Iterable[int]) -> None:
    ids = list(
        User.objects.filter(pk__in=set(user_ids), is_active=True).values_list("pk", flat=True)
    )
    ActionSourceRaiser.objects.bulk_create(
        [ActionSourceRaiser(source=source, user_id=pk) for pk in ids], ignore_conflicts=True
    )


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


# --- Updates ------------------------------------------------------------------------------


def _clean_evidence_link(link: str) -> str:
    try:
        return clean_link(link, site_pages=False)  # stored in a URLField: full addresses only
    except ValidationError as exc:
        raise ValidationError({"evidence_link": exc.messages}) from None


@transaction.atomic
def update_post(
    *,
    action: Action,
    actor: User,
    note: str,
    happened_on: date | None = None,
    status: str = "",
    status_reason: str = "",
    progress: int | None = None,
    evidence_link: str = "",
    evidence_file: UploadedFile[bytes] | None = None,
) -> ActionUpdate:
    """Record what happened, and move the action's status and progress on with it."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    today = timezone.localdate()
    happened_on = happened_on or today
    if happened_on > today:
        raise ValidationError({"happened_on": _("The date cannot be in the future.")})
    before_status, before_progress = locked.status, locked.progress
    _apply_status(locked, status=status or locked.status, reason=status_reason, progress=progress)
    update = ActionUpdate(
        action=locked,
        author=actor,
        author_was_champion=locked.champion_id == actor.pk,
        happened_on=happened_on,
        note=note.strip(),
        status_before=before_status,
        status_after=locked.status,
        status_reason=locked.status_reason,
        progress_before=before_progress,
        progress_after=locked.progress,
        evidence_link=_clean_evidence_link(evidence_link),
    )
    if evidence_file is not None:
        try:
            name, content_type = validate_evidence_file(evidence_file)
        except ValidationError as exc:
            raise ValidationError({"evidence_file": exc.messages}) from None
        update.evidence_file = evidence_file
        update.evidence_name = name
        update.evidence_content_type = content_type
        update.evidence_size = evidence_file.size
    update.full_clean()
    if (locked.status, locked.progress) != (before_status, before_progress):
        _save(locked, actor=actor, reason=_("Update: %(note)s") % {"note": update.note[:80]})
    update.save()
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_UPDATE_POST,
        obj=locked,
        detail={
            "update": update.pk,
            "status": [before_status, locked.status],
            "progress": [before_progress, locked.progress],
            "evidence": bool(update.evidence_file or update.evidence_link),
        },
    )
    if locked.status != before_status:
        _status_changed(locked, old_status=before_status, actor=actor)
    return update


# --- Milestones ---------------------------------------------------------------------------


@transaction.atomic
def milestone_create(
    *, action: Action, title: str, due_on: date, actor: User, done_on: date | None = None
) -> Milestone:
    milestone = Milestone(action=action, title=title.strip(), due_on=due_on, done_on=done_on)
    milestone.full_clean()
    milestone._history_user = actor  # type: ignore[attr-defined]  # simple-history
    milestone.save()
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_MILESTONE_CREATE,
        obj=milestone,
        detail={"action": action.pk},
    )
    return milestone


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, title: str, due_on: date, actor: User, done_on: date | None = None
) -> Milestone:
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date it was done cannot be in the future.")})
    milestone.title = title.strip()
    milestone.due_on = due_on
    milestone.done_on = done_on
    milestone.full_clean()
    milestone._history_user = actor  # type: ignore[attr-defined]  # simple-history
    milestone.save()
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_MILESTONE_UPDATE,
        obj=milestone,
        detail={"action": milestone.action_id},
    )
    return milestone


# --- Sources ------------------------------------------------------------------------------


@transaction.atomic
def source_add(*, action: Action, source: SourceInput, actor: User | None) -> ActionSource:
    """Attach what the action answers. A registered resolver fills in the summary, link,
    count and the people to tell; otherwise the typed summary is kept as it is."""
    kind, summary = source.kind, (source.summary or "").strip()
    count, link = source.count, source.link
    ref_model = ref_id = ""
    raisers: tuple[int, ...] = ()
    if source.ref:
        try:
            ref_model, ref_id = source_registry.parse_ref(source.ref)
            found = source_registry.resolve(ref=source.ref, user=actor)
        except source_registry.SourceRefError as exc:
            raise ValidationError({"source_ref": str(exc)}) from None
        except source_registry.SourceNotFound:
            raise ValidationError(
                {
                    "source_ref": _(
                        "We could not find what this action is made from. It may have "
                        "been removed, or you may not be allowed to see it."
                    )
                }
            ) from None
        if found is not None:
            kind, resolved = found
            summary = summary or resolved.summary
            count = count if count is not None else resolved.count
            link = link or resolved.link
            raisers = resolved.raised_by
        if ActionSource.objects.filter(action=action, ref_model=ref_model, ref_id=ref_id).exists():
            raise ValidationError({"source_ref": _("This action already cites that record.")})
    if kind not in SourceKind.values:
        raise ValidationError({"source_kind": _("Choose where this came from.")})
    if not summary:
        raise ValidationError({"source_summary": _("Say in plain words what was said.")})
    try:
        link = clean_link(link)
    except ValidationError as exc:
        raise ValidationError({"source_link": exc.messages}) from None
    item = ActionSource(
        action=action,
        kind=kind,
        ref_model=ref_model,
        ref_id=ref_id,
        summary=summary,
        count=count,
        link=link,
        added_by=actor,
    )
    try:
        item.full_clean()
    except ValidationError as exc:
        rename = {
            "summary": "source_summary",
            "count": "source_count",
            "link": "source_link",
            "kind": "source_kind",
        }
        raise ValidationError({rename.get(k, k): v for k, v in exc.message_dict.items()}) from None
    item.save()
    if raisers:
        _add_raisers(item, raisers)
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_SOURCE_ADD,
        obj=action,
        detail={"kind": kind, "ref": item.ref, "raisers": len(raisers)},
    )
    return item


# --- Champions ----------------------------------------------------------------------------


@transaction.atomic
def champion_name_set(*, user: User, public_name: str) -> ChampionProfile:
    profile, _created = ChampionProfile.objects.get_or_create(user=user)
    profile.public_name = public_name.strip()
    profile.full_clean()
    profile.save()
    audit_record(
        actor=user,
        action=AuditAction.ACTIONPLAN_CHAMPION_SET_NAME,
        obj=profile,
        detail={"named": bool(profile.public_name)},
    )
    return profile


def champion_erase(user: User) -> None:
    """On account deletion: stop naming them on the board and stop telling them anything."""
    ChampionProfile.objects.filter(user=user).delete()
    ActionSourceRaiser.objects.filter(user=user).delete()
