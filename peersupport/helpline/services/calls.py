"""The helpline call log (issue 16): a mentor logs each call they took on a shift.

A call is logged by a mentor who was on the rota for the shift (or by peer-support staff),
from the moment the shift starts; a call cannot start more than an hour before the shift or
after it ends, nor in the future. The caller stays anonymous: a member is linked only when
they agreed to be named. A safeguarding worry raises a concern through the same service as a
contact log (the safeguarding leads are told at once); the call keeps a link to it.

The audit log names the call and its shift, never what the call was about. Notes, the
follow-up note and the link to a named caller are cleared after ``KEEP_DETAIL_DAYS``
(:func:`calls_apply_retention`, nightly); the counts stay.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.services import audit_record
from peersupport.common import refuse
from peersupport.helpline.models import (
    CallTopic,
    HelplineCall,
    LocalService,
    Shift,
    ShiftSignUpStatus,
)
from peersupport.matching.services.safeguarding import concern_raise
from users.models import User
from users.roles import Role

# A mentor may pick up a call a little before the shift formally starts.
EARLY_SLACK = timedelta(hours=1)
# Two years: long enough for the coordinator's follow-ups and a yearly review.
KEEP_DETAIL_DAYS = 730


def _is_peer_staff(user: User) -> bool:
    return user.has_role(Role.STAFF, Role.ADMINISTRATOR)


def can_log_calls(*, user: User, shift: Shift) -> bool:
    """Staff, or a mentor who was on the rota for the shift once it has started."""
    if _is_peer_staff(user):
        return True
    if shift.starts_at - EARLY_SLACK > timezone.now():
        return False
    return shift.signups.filter(user=user, status=ShiftSignUpStatus.ON_ROTA).exists()


@transaction.atomic
def call_log(
    *,
    shift: Shift,
    actor: User,
    started_at: datetime,
    minutes: int,
    topic: str,
    signposted: bool = False,
    service: LocalService | None = None,
    signposted_other: str = "",
    follow_up: bool = False,
    follow_up_note: str = "",
    notes: str = "",
    caller: User | None = None,
    safeguarding: bool = False,
    severity: str = "",
    concern_description: str = "",
    request: HttpRequest | None = None,
) -> HelplineCall:
    """Record one call, and raise a safeguarding concern about it if asked."""
    if not can_log_calls(user=actor, shift=shift):
        raise refuse(_("You can only log calls for a helpline shift you were on."))
    if started_at > timezone.now() + timedelta(minutes=5):
        raise refuse(_("The time the call started must be now or in the past."), "started_at")
    if not (shift.starts_at - EARLY_SLACK <= started_at <= shift.ends_at):
        raise refuse(_("The time the call started must be during the shift."), "started_at")
    if topic not in CallTopic.values:
        raise refuse(_("Select what the call was mainly about."), "topic")
    signposted_other = signposted_other.strip()
    if not signposted:
        service, signposted_other = None, ""
    elif service is None and not signposted_other:
        raise refuse(_("Select a service or write where you sent them."), "service")
    if service is not None and not service.is_active:
        raise refuse(_("Select a service from the list."), "service")
    if caller is not None and not caller.has_role(Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE):
        raise refuse(_("Only a member can be named as the caller."), "caller")
    call = HelplineCall(
        shift=shift,
        logged_by=actor,
        started_at=started_at,
        minutes=minutes,
        topic=topic,
        signposted=signposted,
        service=service,
        signposted_other=signposted_other,
        follow_up=follow_up,
        follow_up_note=follow_up_note.strip() if follow_up else "",
        notes=notes.strip(),
        caller=caller,
    )
    call.full_clean()
    call.save()
    if safeguarding:
        description = concern_description.strip()
        if not description:
            raise refuse(_("Describe what worries you."), "concern_description")
        call.concern = concern_raise(
            actor=actor,
            severity=severity,
            description=_("From a helpline call on %(shift)s: %(text)s")
            % {"shift": shift, "text": description},
            request=request,
        )
        call.save(update_fields=["concern", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_HELPLINE_CALL_LOG,
        obj=call,
        detail={"shift": shift.pk, "follow_up": follow_up, "concern": call.concern_id},
        request=request,
    )
    return call


@transaction.atomic
def call_follow_up_close(
    *, call: HelplineCall, actor: User, request: HttpRequest | None = None
) -> bool:
    """Mark a call's follow-up done. Only staff; a second press changes nothing."""
    if not _is_peer_staff(actor):
        raise refuse(_("Only peer-support staff can close a follow-up."))
    done = HelplineCall.objects.filter(pk=call.pk, follow_up=True, follow_up_done_at=None).update(
        follow_up_done_at=timezone.now(), follow_up_done_by=actor
    )
    if done:
        audit_record(
            actor=actor,
            action=AuditAction.PEERSUPPORT_HELPLINE_CALL_CLOSE_FOLLOW_UP,
            obj=call,
            request=request,
        )
    return bool(done)


@transaction.atomic
def local_service_save(
    *,
    actor: User,
    name: str,
    is_active: bool = True,
    service: LocalService | None = None,
    request: HttpRequest | None = None,
) -> LocalService:
    """Add a local service to the list mentors choose from, or rename or hide one."""
    if not _is_peer_staff(actor):
        raise refuse(_("Only peer-support staff can change the list of services."))
    name = " ".join(name.split())
    if not name:
        raise refuse(_("Enter the name of the service."), "name")
    clash = LocalService.objects.filter(name__iexact=name)
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise refuse(_("That service is already on the list."), "name")
    service = service or LocalService()
    service.name = name
    service.is_active = is_active
    service.full_clean()
    service.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_LOCAL_SERVICE_SAVE,
        obj=service,
        detail={"active": is_active},
        request=request,
    )
    return service


def calls_apply_retention(*, now: datetime | None = None) -> int:
    """Clear what could point at a person from calls older than two years; keep the counts.

    A conditional update: a second run finds nothing left to clear.
    """
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DETAIL_DAYS)
    old = HelplineCall.objects.filter(started_at__lt=cutoff)
    return old.exclude(notes="", follow_up_note="", caller=None, signposted_other="").update(
        notes="", follow_up_note="", caller=None, signposted_other=""
    )
