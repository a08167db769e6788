"""Helpline cover: asking free mentors, the daily gap warning, reminders and unavailability.

Reminders use the claim-and-remind loop shared with sessions (``peersupport.recurrence``).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from peersupport.common import refuse
from peersupport.helpline.services.rota import (
    GAP_WINDOW,
    _coordinators_for,
    _locked_shift,
    _on_rota,
    _shift_link,
    _tell,
    shift_label,
)
from peersupport.models import (
    Shift,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftStatus,
    Unavailability,
)
from peersupport.recurrence import claim_and_remind
from users.models import User

# --- Cover and gaps ---------------------------------------------------------------------


@transaction.atomic
def shift_invite_free(*, shift: Shift, actor: User) -> tuple[int, int]:
    """Ask every eligible, free mentor to cover a short shift. Returns (asked now, asked before).

    Each mentor is asked about a shift once (the dedupe key), so a second click asks only
    mentors who have become free since.
    """
    from peersupport.helpline.selectors import free_mentors

    shift = _locked_shift(shift.pk)
    if shift.is_cancelled or shift.starts_at <= timezone.now():
        raise refuse(_("This shift has already started or is cancelled."))
    short = shift.mentors_needed - _on_rota(shift)
    if short <= 0:
        raise refuse(_("This shift already has the mentors it needs."))
    asked = again = 0
    for person in free_mentors(shift):
        sent = notify(
            user=person,
            kind=NotificationKind.PEERSUPPORT_SHIFT_COVER,
            context={"shift": shift, "when": shift_label(shift), "short": short},
            dedupe_key=f"peer-shift-cover-{shift.pk}-{person.pk}",
            link=_shift_link(shift),
        )
        if sent is None:
            again += 1
        else:
            asked += 1
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_SHIFT_INVITE,
        obj=shift,
        detail={"asked": asked, "asked_before": again},
    )
    return asked, again


def shift_gaps_warn(*, now: datetime | None = None) -> int:
    """Warn coordinators of shifts short of mentors in the next 72 hours. Returns shifts warned.

    Safe to run twice: each shift is claimed for the day with a conditional update of
    ``gap_warned_on``; each coordinator gets one message per run listing their shifts, with a
    dedupe key naming the day and the shifts.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    short = (
        Shift.objects.select_related("pattern__coordinator")
        .filter(status=ShiftStatus.SCHEDULED, starts_at__gt=now, starts_at__lte=now + GAP_WINDOW)
        .annotate(on_rota=Count("signups", filter=Q(signups__status=ShiftSignUpStatus.ON_ROTA)))
        .filter(on_rota__lt=F("mentors_needed"))
        .order_by("starts_at", "id")
    )
    by_person: dict[int, tuple[User, list[Shift]]] = {}
    cache: dict[str, list[User]] = {}
    warned = 0
    with transaction.atomic():
        for shift in short:
            claimed = (
                Shift.objects.filter(pk=shift.pk)
                .exclude(gap_warned_on=today)
                .update(gap_warned_on=today)
            )
            if not claimed:
                continue
            warned += 1
            shift.short = shift.mentors_needed - shift.on_rota
            shift.when = shift_label(shift)
            for person in _coordinators_for(shift, cache):
                by_person.setdefault(person.pk, (person, []))[1].append(shift)
        for person, shifts in by_person.values():
            ids = "-".join(str(s.pk) for s in shifts)
            notify(
                user=person,
                kind=NotificationKind.PEERSUPPORT_SHIFT_GAPS,
                context={"shifts": shifts},
                dedupe_key=f"peer-gaps-{person.pk}-{today:%Y%m%d}-{ids}"[:200],
                link=reverse("peersupport:shift-coverage"),
            )
    return warned


def shift_reminders_send(*, now: datetime | None = None) -> int:
    """Remind mentors 24 hours before their shift. Claimed like session reminders."""
    return claim_and_remind(
        ShiftSignUp.objects.select_related("shift__pattern", "user").filter(
            status=ShiftSignUpStatus.ON_ROTA, shift__status=ShiftStatus.SCHEDULED
        ),
        now=now or timezone.now(),
        claimable={"status": ShiftSignUpStatus.ON_ROTA},
        tell=lambda signup: _tell(
            signup.user,
            signup.shift,
            kind=NotificationKind.PEERSUPPORT_SHIFT_REMINDER,
            dedupe_key=f"peer-shift-reminder-{signup.pk}-{signup.starts_at:%Y%m%dT%H%M%z}",
        ),
    )


# --- Unavailability ---------------------------------------------------------------------


@transaction.atomic
def unavailability_add(
    *,
    user: User,
    weekday: int | None,
    valid_from: date,
    start_time: time | None = None,
    end_time: time | None = None,
    valid_until: date | None = None,
    note: str = "",
) -> Unavailability:
    """Record a time someone cannot do shifts. Both times, or neither for the whole day."""
    if (start_time is None) != (end_time is None):
        raise refuse(
            _("Give both a start and an end time, or neither for the whole day."), "end_time"
        )
    if start_time is not None and end_time is not None and end_time <= start_time:
        raise refuse(
            _(
                "The end time must be after the start time. For a time that goes past "
                "midnight, add two entries."
            ),
            "end_time",
        )
    if valid_until is not None and valid_until < valid_from:
        raise refuse(_("The last date must be on or after the first date."), "valid_until")
    if weekday is not None and not 0 <= weekday <= 6:
        raise refuse(_("Choose a day of the week."), "weekday")
    item = Unavailability(
        user=user,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        valid_from=valid_from,
        valid_until=valid_until,
        note=note.strip(),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def unavailability_remove(*, item: Unavailability, actor: User) -> None:
    if item.user_id != actor.pk:
        raise refuse(_("You can only remove your own times."))
    Unavailability.objects.filter(pk=item.pk).delete()
