"""How an action is getting on: updates (with evidence, moving its status and progress on)
and milestones."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.evidence import validate_evidence_file
from actionplan.models import Action, ActionUpdate, Milestone
from actionplan.services.actions import _apply_status, _save, _status_changed
from actionplan.services.sources import clean_link
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User


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


@transaction.atomic
def milestone_create(
    *, action: Action, title: str, due_on: date, actor: User, done_on: date | None = None
) -> Milestone:
    milestone = Milestone(action=action, title=title.strip(), due_on=due_on, done_on=done_on)
    _save(milestone, actor=actor)
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
    _save(milestone, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_MILESTONE_UPDATE,
        obj=milestone,
        detail={"action": milestone.action_id},
    )
    return milestone
