"""Recurring session series and their occurrences.

A series keeps its RFC 5545 rule, anchor date, wall-clock time and zone. ``occurrences_generate``
turns that into one row per date for the weeks ahead with the shared recurrence engine
(``peersupport.recurrence``, also used by helpline shifts). It is idempotent (a unique
constraint on series + local date; ``bulk_create(ignore_conflicts=True)``), so two
overlapping runs are harmless, and it never deletes an occurrence that anyone has signed up to.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record
from peersupport.common import clashing_signup, refuse, tell_signup
from peersupport.models import (
    ACTIVE_SIGNUP_STATUSES,
    Occurrence,
    OccurrenceStatus,
    Qualification,
    SessionSeries,
    SessionType,
    SignUp,
    SignUpStatus,
)
from peersupport.recurrence import occurrences_sync, pattern_check
from users.models import User


def _series_values(series: SessionSeries, day: date) -> dict[str, Any]:
    """What a date of the series takes from it: its name, times, place, facilitator, places."""
    starts_at, ends_at = series.window(day)
    return {
        "title": series.title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": series.place,
        "facilitator_id": series.facilitator_id,
        "mentor_places": series.mentor_places,
        "participant_places": series.participant_places,
    }


def _occurrence_from(series: SessionSeries, day: date) -> Occurrence:
    return Occurrence(
        series=series,
        session_type=series.session_type,
        local_date=day,
        **_series_values(series, day),
    )


def occurrences_generate(
    *, series_id: int, today: date | None = None, from_date: date | None = None
) -> dict[str, int]:
    """Create the series' occurrences up to ``weeks_ahead`` from today; remove stale ones.

    Stale: a future occurrence whose date the rule no longer gives (the rule, the end date
    or the bank-holiday setting changed). It is removed only if nobody ever signed up to it
    and staff have not edited it by hand; otherwise it stays for staff to cancel.
    """
    series = SessionSeries.objects.get(pk=series_id)
    return occurrences_sync(
        series,
        rows=Occurrence.objects.filter(series=series),
        build=_occurrence_from,
        taken=lambda occurrence: SignUp.objects.filter(occurrence=occurrence),
        today=today,
        from_date=from_date,
        removable=Q(is_detached=False),
    )


def occurrences_generate_all(*, today: date | None = None) -> int:
    created = 0
    for series_id in SessionSeries.objects.filter(is_active=True).values_list("pk", flat=True):
        created += occurrences_generate(series_id=series_id, today=today)["created"]
    return created


SERIES_FIELDS = (
    "title",
    "session_type",
    "description",
    "rrule",
    "anchor_date",
    "start_time",
    "duration_minutes",
    "ends_on",
    "skip_bank_holidays",
    "weeks_ahead",
    "place",
    "facilitator",
    "mentor_places",
    "participant_places",
    "qualification",
    "is_minuted",
)


def _check_series(series: SessionSeries) -> None:
    pattern_check(series)
    if series.mentor_places + series.participant_places == 0:
        raise refuse(
            _("Give at least one place, for mentors or for people taking part."), "mentor_places"
        )
    if series.session_type == SessionType.TRAINING and series.qualification is None:
        raise refuse(_("Choose the qualification this training gives."), "qualification")
    if series.session_type != SessionType.TRAINING:
        series.qualification = None


@transaction.atomic
def series_create(
    *,
    actor: User,
    title: str,
    session_type: str,
    rrule: str,
    anchor_date: date,
    start_time: time,
    place: str,
    duration_minutes: int = 120,
    mentor_places: int = 0,
    participant_places: int = 0,
    facilitator: User | None = None,
    description: str = "",
    ends_on: date | None = None,
    skip_bank_holidays: bool = True,
    weeks_ahead: int = 26,
    qualification: Qualification | None = None,
    is_minuted: bool | None = None,
    today: date | None = None,
) -> SessionSeries:
    """Start a repeating session and generate its occurrences ahead."""
    series = SessionSeries(
        title=title.strip(),
        session_type=session_type,
        description=description.strip(),
        rrule=rrule,
        anchor_date=anchor_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        ends_on=ends_on,
        skip_bank_holidays=skip_bank_holidays,
        weeks_ahead=weeks_ahead,
        place=place.strip(),
        facilitator=facilitator,
        mentor_places=mentor_places,
        participant_places=participant_places,
        qualification=qualification,
        is_minuted=(
            session_type == SessionType.CONSULTATION_GROUP if is_minuted is None else is_minuted
        ),
        created_by=actor,
    )
    _check_series(series)
    series.full_clean()
    series.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_SERIES_CREATE,
        obj=series,
        detail={"rrule": series.rrule},
    )
    occurrences_generate(series_id=series.pk, today=today)
    return series


@transaction.atomic
def series_update(
    *, series: SessionSeries, actor: User, today: date | None = None, **changes: Any
) -> SessionSeries:
    """Change a series. Future occurrences not edited by hand follow it.

    People signed up to an occurrence whose time or place changes are told at once. A change
    that would make someone's sessions overlap is refused as a whole.
    """
    today = today or timezone.localdate()
    unknown = set(changes) - set(SERIES_FIELDS) - {"is_active"}
    if unknown:
        raise TypeError(f"Unknown series fields: {sorted(unknown)}")
    series = SessionSeries.objects.select_for_update().get(pk=series.pk)
    for name, value in changes.items():
        setattr(series, name, value.strip() if isinstance(value, str) else value)
    _check_series(series)
    series.full_clean()
    series.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_SERIES_UPDATE,
        obj=series,
        detail={"changed": sorted(changes)},
    )
    followers = Occurrence.objects.select_related("series").filter(
        series=series,
        local_date__gte=today,
        is_detached=False,
        status=OccurrenceStatus.SCHEDULED,
    )
    for occurrence in followers:
        _apply_occurrence_change(
            occurrence, actor=actor, **_series_values(series, occurrence.local_date)
        )
    occurrences_generate(series_id=series.pk, today=today)
    return series


def _apply_occurrence_change(occurrence: Occurrence, *, actor: User | None, **values: Any) -> bool:
    """Set fields on one occurrence, move its sign-ups with it and tell people. True if changed."""
    from peersupport.services.signups import promote_waiting

    moved = any(
        getattr(occurrence, name) != values[name]
        for name in ("starts_at", "ends_at", "place")
        if name in values
    )
    changed = moved or any(getattr(occurrence, name) != value for name, value in values.items())
    if not changed:
        return False
    for name, value in values.items():
        setattr(occurrence, name, value)
    if moved:
        occurrence.sequence += 1
    if occurrence.ends_at <= occurrence.starts_at:
        raise refuse(_("The session must end after it starts."), "ends_at")
    occurrence.full_clean()
    active = list(
        SignUp.objects.select_related("user").filter(
            occurrence=occurrence, status__in=ACTIVE_SIGNUP_STATUSES
        )
    )
    if moved:
        for signup in active:
            clash = clashing_signup(
                user_id=signup.user_id,
                starts_at=occurrence.starts_at,
                ends_at=occurrence.ends_at,
                exclude_occurrence_id=occurrence.pk,
            )
            if clash is not None:
                raise refuse(
                    _("%(name)s is booked on '%(other)s' at that time, so the session cannot move.")
                    % {"name": signup.user, "other": clash.occurrence}
                )
    try:
        with transaction.atomic():
            occurrence.save()
            SignUp.objects.filter(occurrence=occurrence).update(
                starts_at=occurrence.starts_at, ends_at=occurrence.ends_at
            )
    except IntegrityError:
        raise refuse(
            _("Someone booked on this session has another session at that time.")
        ) from None
    if moved:
        for signup in active:
            signup.occurrence = occurrence
            tell_signup(
                signup,
                kind=NotificationKind.PEERSUPPORT_CHANGED,
                dedupe_key=f"peer-change-{occurrence.pk}-{occurrence.sequence}-{signup.user_id}",
            )
    promote_waiting(occurrence=occurrence)
    return True


@transaction.atomic
def occurrence_update(
    *,
    occurrence: Occurrence,
    actor: User,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    facilitator: User | None,
    mentor_places: int,
    participant_places: int,
) -> Occurrence:
    """Change one session only. It stops following its series from then on."""
    occurrence = (
        Occurrence.objects.select_for_update().select_related("series").get(pk=occurrence.pk)
    )
    if occurrence.is_cancelled:
        raise refuse(_("This session is cancelled, so it cannot be changed."))
    if mentor_places + participant_places == 0:
        raise refuse(_("Give at least one place."), "mentor_places")
    occurrence.is_detached = True
    occurrence.local_date = timezone.localtime(starts_at, occurrence.series.zone).date()
    if (
        Occurrence.objects.filter(series=occurrence.series_id, local_date=occurrence.local_date)
        .exclude(pk=occurrence.pk)
        .exists()
    ):
        raise refuse(_("This series already has a session on that day."), "starts_at")
    _apply_occurrence_change(
        occurrence,
        actor=actor,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        facilitator_id=facilitator.pk if facilitator else None,
        mentor_places=mentor_places,
        participant_places=participant_places,
    )
    Occurrence.objects.filter(pk=occurrence.pk).update(is_detached=True)
    audit_record(actor=actor, action=AuditAction.PEERSUPPORT_OCCURRENCE_UPDATE, obj=occurrence)
    return occurrence


@transaction.atomic
def occurrence_cancel(*, occurrence: Occurrence, actor: User, reason: str) -> Occurrence:
    """Cancel one session and tell everyone with a place or on the waiting list, at once."""
    reason = reason.strip()
    if not reason:
        raise refuse(
            _("Say why the session is cancelled. People signed up will be told."), "reason"
        )
    claimed = Occurrence.objects.filter(pk=occurrence.pk, status=OccurrenceStatus.SCHEDULED).update(
        status=OccurrenceStatus.CANCELLED,
        cancelled_reason=reason,
        cancelled_at=timezone.now(),
        sequence=F("sequence") + 1,
        is_detached=True,
    )
    if not claimed:
        raise refuse(_("This session is already cancelled."))
    occurrence = Occurrence.objects.select_related("series").get(pk=occurrence.pk)
    people = list(
        SignUp.objects.select_related("user").filter(
            occurrence=occurrence, status__in=ACTIVE_SIGNUP_STATUSES
        )
    )
    for signup in people:
        SignUp.objects.filter(pk=signup.pk).update(
            status=SignUpStatus.SESSION_CANCELLED, sequence=signup.sequence + 1
        )
        signup.occurrence = occurrence
        tell_signup(
            signup,
            kind=NotificationKind.PEERSUPPORT_CANCELLED,
            dedupe_key=f"peer-cancel-{occurrence.pk}-{signup.user_id}",
            reason=reason,
        )
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_OCCURRENCE_CANCEL,
        obj=occurrence,
        detail={"reason": reason, "told": len(people)},
    )
    return occurrence


@transaction.atomic
def occurrence_minutes_save(
    *, occurrence: Occurrence, actor: User, minutes: str, publish: bool
) -> Occurrence:
    """Keep the minutes of a minuted session (the Consultation Group) and publish them."""
    occurrence = (
        Occurrence.objects.select_for_update().select_related("series").get(pk=occurrence.pk)
    )
    if not occurrence.series.is_minuted:
        raise refuse(_("This session is not minuted."))
    if occurrence.starts_at > timezone.now():
        raise refuse(_("Minutes can be written once the session has started."), "minutes")
    minutes = minutes.strip()
    if publish and not minutes:
        raise refuse(_("Write the minutes before publishing them."), "minutes")
    occurrence.minutes = minutes
    if publish and occurrence.minutes_published_at is None:
        occurrence.minutes_published_at = timezone.now()
    if not publish:
        occurrence.minutes_published_at = None
    occurrence.save(update_fields=["minutes", "minutes_published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_MINUTES_SAVE,
        obj=occurrence,
        detail={"published": occurrence.minutes_published_at is not None},
    )
    return occurrence
