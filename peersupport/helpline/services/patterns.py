"""Helpline shift patterns: starting and changing them, and generating their shifts ahead.

Shifts are generated like sessions, by the same engine (``peersupport.recurrence``: rule +
anchor + local wall-clock time + zone, one row per date ahead, idempotent, never deleting a
shift anyone signed up to).
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.services import audit_record
from peersupport.common import refuse
from peersupport.models import (
    Shift,
    ShiftPattern,
    ShiftSignUp,
    ShiftStatus,
)
from peersupport.recurrence import occurrences_sync, pattern_check
from users.models import User
from users.roles import Role

# --- Patterns and generation ------------------------------------------------------------


def _shift_from(pattern: ShiftPattern, day: date) -> Shift:
    starts_at, ends_at = pattern.window(day)
    return Shift(
        pattern=pattern,
        title=pattern.title,
        local_date=day,
        starts_at=starts_at,
        ends_at=ends_at,
        mentors_needed=pattern.mentors_needed,
    )


def shifts_generate(
    *, pattern_id: int, today: date | None = None, from_date: date | None = None
) -> dict[str, int]:
    """Create the pattern's shifts up to ``weeks_ahead``; remove stale ones nobody took."""
    pattern = ShiftPattern.objects.get(pk=pattern_id)
    return occurrences_sync(
        pattern,
        rows=Shift.objects.filter(pattern=pattern),
        build=_shift_from,
        taken=lambda shift: ShiftSignUp.objects.filter(shift=shift),
        today=today,
        from_date=from_date,
    )


def shifts_generate_all(*, today: date | None = None) -> int:
    created = 0
    for pk in ShiftPattern.objects.filter(is_active=True).values_list("pk", flat=True):
        created += shifts_generate(pattern_id=pk, today=today)["created"]
    return created


def _check_pattern(pattern: ShiftPattern) -> None:
    pattern_check(pattern)
    if pattern.coordinator is not None and not pattern.coordinator.has_role(Role.STAFF):
        raise refuse(_("The coordinator must be a member of staff."), "coordinator")


@transaction.atomic
def pattern_create(
    *,
    actor: User,
    title: str,
    rrule: str,
    anchor_date: date,
    start_time: time,
    duration_minutes: int = 240,
    mentors_needed: int = 2,
    drop_cutoff_hours: int = 48,
    coordinator: User | None = None,
    description: str = "",
    ends_on: date | None = None,
    skip_bank_holidays: bool = False,
    weeks_ahead: int = 8,
    today: date | None = None,
) -> ShiftPattern:
    """Start a repeating helpline shift and generate its dates ahead."""
    pattern = ShiftPattern(
        title=title.strip(),
        description=description.strip(),
        rrule=rrule,
        anchor_date=anchor_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        mentors_needed=mentors_needed,
        drop_cutoff_hours=drop_cutoff_hours,
        coordinator=coordinator,
        ends_on=ends_on,
        skip_bank_holidays=skip_bank_holidays,
        weeks_ahead=weeks_ahead,
        created_by=actor,
    )
    _check_pattern(pattern)
    pattern.full_clean()
    pattern.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_SHIFT_PATTERN_CREATE,
        obj=pattern,
        detail={"rrule": pattern.rrule, "needed": mentors_needed},
    )
    shifts_generate(pattern_id=pattern.pk, today=today)
    return pattern


PATTERN_EDITABLE = (
    "title",
    "description",
    "mentors_needed",
    "drop_cutoff_hours",
    "coordinator",
    "ends_on",
    "weeks_ahead",
    "is_active",
)


@transaction.atomic
def pattern_update(
    *, pattern: ShiftPattern, actor: User, today: date | None = None, **changes: Any
) -> ShiftPattern:
    """Change a pattern. Shifts still to come follow its name and the number needed.

    The time and the rule are not changed here: people are on the rota for those times.
    Start a new pattern (and end this one) to move the shifts.
    """
    unknown = set(changes) - set(PATTERN_EDITABLE)
    if unknown:
        raise TypeError(f"Unknown pattern fields: {sorted(unknown)}")
    pattern = ShiftPattern.objects.select_for_update().get(pk=pattern.pk)
    for name, value in changes.items():
        setattr(pattern, name, value.strip() if isinstance(value, str) else value)
    _check_pattern(pattern)
    pattern.full_clean()
    pattern.save()
    Shift.objects.filter(
        pattern=pattern, starts_at__gt=timezone.now(), status=ShiftStatus.SCHEDULED
    ).update(title=pattern.title, mentors_needed=pattern.mentors_needed)
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_SHIFT_PATTERN_UPDATE,
        obj=pattern,
        detail={"changed": sorted(changes)},
    )
    shifts_generate(pattern_id=pattern.pk, today=today)
    return pattern
