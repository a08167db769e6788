"""Safeguarding concerns: raised by a mentor (or staff), seen only by peer-support staff.

Raising one tells the safeguarding leads at once (a message in their inbox, and by e-mail or
text if they get those) and it shows in a banner on the peer-support staff pages. The
message says only that a concern was raised, how serious, and where to read it: what it says
stays in the portal. Every change is a kept note; every time someone opens it is audited.
A concern is never deleted.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from peersupport.alerts import coordinators
from peersupport.common import refuse
from peersupport.models import (
    CONCERN_MOVES,
    ConcernStatus,
    ConcernUpdate,
    ContactLog,
    Match,
    SafeguardingConcern,
    Severity,
)
from users.models import User
from users.roles import Role

LEAD = "safeguarding_lead"


def _is_peer_staff(user: User) -> bool:
    return user.has_role(Role.STAFF, Role.ADMINISTRATOR)


@transaction.atomic
def concern_raise(
    *,
    actor: User,
    severity: str,
    description: str,
    action_taken: str = "",
    match: Match | None = None,
    contact: ContactLog | None = None,
    request: HttpRequest | None = None,
) -> SafeguardingConcern:
    """Record a concern and alert the safeguarding leads at once."""
    is_staff = _is_peer_staff(actor)
    if contact is not None:
        match = contact.match
    if match is not None and not is_staff and match.mentor_id != actor.pk:
        raise refuse(_("You can only raise a concern about someone you support."))
    if not is_staff and not actor.has_role(Role.MENTOR):
        raise refuse(_("Only peer mentors and staff can raise a concern here."))
    description = description.strip()
    if not description:
        raise refuse(_("Describe what worries you."), "description")
    if severity not in Severity.values:
        raise refuse(_("Choose how serious it is."), "severity")
    concern = SafeguardingConcern(
        raised_by=actor,
        about_id=match.member_id if match is not None else None,
        match=match,
        contact=contact,
        severity=severity,
        description=description,
        action_taken=action_taken.strip(),
    )
    concern.full_clean()
    concern.save()
    first = ConcernUpdate(
        concern=concern, by=actor, from_status="", to_status=ConcernStatus.OPEN, note=_("Raised.")
    )
    first.full_clean()
    first.save()
    # The audit log names the concern, never what it says.
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_CONCERN_RAISE,
        obj=concern,
        detail={"severity": severity},
        request=request,
    )
    link = reverse("peersupport:concern-detail", kwargs={"pk": concern.pk})
    for person in coordinators(LEAD):
        if person.pk == actor.pk:
            continue
        notify(
            user=person,
            kind=NotificationKind.PEERSUPPORT_CONCERN_RAISED,
            context={"concern": concern, "severity": concern.get_severity_display()},
            dedupe_key=f"peer-concern-{concern.pk}-{person.pk}",
            link=link,
        )
    return concern


def concern_viewed(
    *, concern: SafeguardingConcern, actor: User, request: HttpRequest | None = None
) -> None:
    """Every look at a concern is on the record."""
    audit_record(
        actor=actor, action=AuditAction.PEERSUPPORT_CONCERN_VIEW, obj=concern, request=request
    )


@transaction.atomic
def concern_update(
    *,
    concern: SafeguardingConcern,
    actor: User,
    note: str,
    to_status: str = "",
    assigned_to: User | None = None,
    request: HttpRequest | None = None,
) -> ConcernUpdate:
    """Add a note, and optionally move the concern on or give it to someone."""
    if not _is_peer_staff(actor):
        raise refuse(_("Only peer-support staff can update a concern."))
    note = note.strip()
    if not note:
        raise refuse(_("Write a note saying what was done or decided."), "note")
    concern = SafeguardingConcern.objects.select_for_update().get(pk=concern.pk)
    before = concern.status
    to_status = to_status or before
    if to_status != before and to_status not in CONCERN_MOVES.get(before, frozenset()):
        raise refuse(
            _("A concern that is %(status)s cannot be moved to '%(to)s'.")
            % {
                "status": concern.get_status_display().lower(),
                "to": ConcernStatus(to_status).label.lower(),
            },
            "to_status",
        )
    if assigned_to is not None and not _is_peer_staff(assigned_to):
        raise refuse(_("Give it to a member of peer-support staff."), "assigned_to")
    concern.status = to_status
    if assigned_to is not None:
        concern.assigned_to = assigned_to
    concern.closed_at = timezone.now() if to_status == ConcernStatus.CLOSED else None
    concern.save(update_fields=["status", "assigned_to", "closed_at", "updated_at"])
    update = ConcernUpdate(
        concern=concern, by=actor, from_status=before, to_status=to_status, note=note
    )
    update.full_clean()
    update.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_CONCERN_UPDATE,
        obj=concern,
        detail={"from": before, "to": to_status},
        request=request,
    )
    return update


def concern_viewed_list(*, actor: User, count: int, request: HttpRequest | None = None) -> None:
    """Opening the list (which shows who raised what about whom) is on the record too."""
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_CONCERN_LIST_VIEW,
        detail={"shown": count},
        request=request,
    )
