"""One recurrence engine for peer support: a pattern turns into dated rows, and each row's
people are reminded once.

Session series (``SessionSeries`` → ``Occurrence``) and helpline shift patterns
(``ShiftPattern`` → ``Shift``) are the same thing: an RFC 5545 rule, an anchor date, a local
wall-clock time and a zone, kept the way people think of them, not as a UTC instant, so a 6pm
group stays at 6pm across the clock changes. This module holds what the two share:

* ``RecurringPattern``, the abstract model both pattern models inherit (its fields are the
  ones the two declared identically, so no table changes);
* the slot generation: ``rule_parse`` and ``pattern_check`` check a rule, ``pattern_dates``
  lists the dates it gives, ``occurrences_sync`` creates the rows ahead and removes stale
  ones nobody took;
* ``claim_and_remind``, the reminder loop: each sign-up is claimed with a conditional
  update of ``reminded_for`` (the start time the reminder is for) before the person is told,
  so two workers never both send it, and a moved row earns a new reminder.

Nothing here imports ``peersupport.models``: that module imports this one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import rrule, rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import TimeStampedModel

LONDON = "Europe/London"
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
# A guard against a rule such as FREQ=DAILY with a long horizon filling the table.
MAX_OCCURRENCES_PER_RUN = 400
# People are reminded in the 24 hours before a session or a shift.
REMIND_BEFORE = timedelta(hours=24)


def occurrence_window(day: date, start: time, minutes: int, zone: str) -> tuple[datetime, datetime]:
    """The aware start and end of a session on ``day`` at local ``start`` in ``zone``."""
    begins = datetime.combine(day, start, tzinfo=ZoneInfo(zone))
    # Add the duration in UTC: wall-clock arithmetic would be an hour out on change days.
    ends = (begins.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(ZoneInfo(zone))
    return begins, ends


class RecurringPattern(TimeStampedModel):
    """What a repeating session and a repeating shift have in common.

    Each pattern model adds its own ``rrule`` (help text), ``duration_minutes``,
    ``skip_bank_holidays`` and ``weeks_ahead`` (defaults and limits differ), and what it
    copies into each dated row.
    """

    anchor_date = models.DateField(gettext_lazy("first date"))
    start_time = models.TimeField(gettext_lazy("starts at (local time)"))
    timezone = models.CharField(max_length=40, default=LONDON, editable=False)
    ends_on = models.DateField(gettext_lazy("last date"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    generated_until = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # Declared by each pattern model (here for the type checker).
    rrule: str
    duration_minutes: int
    skip_bank_holidays: bool
    weeks_ahead: int

    class Meta:
        abstract = True

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def window(self, day: date) -> tuple[datetime, datetime]:
        """The aware start and end on ``day`` at the pattern's wall-clock time and zone."""
        return occurrence_window(day, self.start_time, self.duration_minutes, self.timezone)


# --- Rules and dates --------------------------------------------------------------------


def _refuse(message: str, field: str = "rrule") -> ValidationError:
    return ValidationError({field: [message]})


def rule_parse(rule: str, anchor: date) -> rrule:
    """Check an RFC 5545 RRULE value and return the dateutil rule starting on ``anchor``.

    Only the RRULE value is accepted (no DTSTART or other lines: the anchor date is its own
    field), and only daily or slower, because a series has at most one session a day.
    """
    text = (rule or "").strip().upper()
    if text.startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text or "\n" in text or "DTSTART" in text or ":" in text:
        raise _refuse(_("Enter a repeat rule such as FREQ=WEEKLY;INTERVAL=2;BYDAY=TU."))
    parts = dict(part.partition("=")[::2] for part in text.split(";") if part)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise _refuse(_("The rule must repeat daily, weekly, monthly or yearly (FREQ=...)."))
    if any(key in parts for key in ("BYHOUR", "BYMINUTE", "BYSECOND")):
        raise _refuse(_("Set the time in the start time box, not in the rule."))
    try:
        parsed = rrulestr(text, dtstart=datetime.combine(anchor, time.min))
    except (ValueError, TypeError, KeyError, IndexError):
        raise _refuse(
            _("That repeat rule is not valid. Try for example FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.")
        ) from None
    return parsed


def normalise_rule(rule: str) -> str:
    text = (rule or "").strip().upper()
    return text[len("RRULE:") :] if text.startswith("RRULE:") else text


def pattern_check(pattern: RecurringPattern) -> None:
    """Normalise the pattern's rule and refuse a bad rule or a last date before the first."""
    pattern.rrule = normalise_rule(pattern.rrule)
    rule_parse(pattern.rrule, pattern.anchor_date)
    if pattern.ends_on is not None and pattern.ends_on < pattern.anchor_date:
        raise _refuse(_("The last date must be on or after the first date."), "ends_on")


@functools.lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    subdivision = getattr(settings, "PEER_SUPPORT_BANK_HOLIDAY_REGION", "ENG")
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def pattern_dates(pattern: RecurringPattern, *, start: date, end: date) -> list[date]:
    """The dates the pattern falls on between ``start`` and ``end`` inclusive."""
    if pattern.ends_on is not None:
        end = min(end, pattern.ends_on)
    start = max(start, pattern.anchor_date)
    if end < start:
        return []
    rule = rule_parse(pattern.rrule, pattern.anchor_date)
    days: list[date] = []
    for moment in rule.xafter(datetime.combine(start, time.min), inc=True):
        day = moment.date()
        if day > end or len(days) >= MAX_OCCURRENCES_PER_RUN:
            break
        if pattern.skip_bank_holidays and is_bank_holiday(day):
            continue
        days.append(day)
    return days


# --- Pattern → rows ---------------------------------------------------------------------


def occurrences_sync(
    pattern: Any,
    *,
    rows: QuerySet[Any],
    build: Callable[[Any, date], models.Model],
    taken: Callable[[OuterRef], QuerySet[Any]],
    today: date | None = None,
    from_date: date | None = None,
    removable: Q | None = None,
) -> dict[str, int]:
    """Create the pattern's rows up to ``weeks_ahead`` from today; remove stale ones.

    ``rows`` are the pattern's dated rows (each with a ``local_date``); ``build`` makes an
    unsaved row for a date; ``taken(OuterRef("pk"))`` are the sign-ups to one row. Creation
    is idempotent (a unique constraint on pattern + local date; ``bulk_create`` with
    ``ignore_conflicts``), so two overlapping runs are harmless.

    Stale: a future row whose date the rule no longer gives (the rule, the end date or the
    bank-holiday setting changed). While the pattern is active it is removed only if nobody
    ever signed up to it (and it matches ``removable``, e.g. not edited by hand); otherwise it
    stays for staff to cancel.
    """
    today = today or timezone.localdate()
    start = from_date or today
    horizon = today + timedelta(weeks=pattern.weeks_ahead)
    wanted = set(pattern_dates(pattern, start=start, end=horizon)) if pattern.is_active else set()
    existing = set(rows.filter(local_date__gte=start).values_list("local_date", flat=True))
    new = [build(pattern, day) for day in sorted(wanted - existing)]
    rows.model.objects.bulk_create(new, ignore_conflicts=True)
    removed = 0
    if pattern.is_active:
        stale = rows.filter(removable or Q(), local_date__gte=max(start, today)).exclude(
            local_date__in=wanted
        )
        removed, _detail = stale.filter(~Exists(taken(OuterRef("pk")))).delete()
    type(pattern).objects.filter(pk=pattern.pk).update(generated_until=horizon)
    return {"created": len(new), "removed": removed}


# --- Reminders --------------------------------------------------------------------------


def claim_and_remind(
    signups: QuerySet[Any],
    *,
    now: datetime,
    claimable: dict[str, Any],
    tell: Callable[[Any], None],
) -> int:
    """Remind each sign-up in ``signups`` starting within ``REMIND_BEFORE`` of ``now``, once.

    The claim is a conditional update of ``reminded_for`` on rows still ``claimable`` (e.g.
    still confirmed) at the same start time; only the worker whose update changed the row
    calls ``tell``. ``tell`` should use a dedupe key naming the sign-up and its start time,
    so even a claim lost to a crash after the message cannot send it twice.
    """
    due = signups.filter(starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE).order_by(
        "starts_at", "id"
    )
    model = signups.model
    sent = 0
    for signup in due.iterator(chunk_size=500):
        if signup.reminded_for == signup.starts_at:
            continue
        with transaction.atomic():
            claimed = (
                model.objects.filter(pk=signup.pk, starts_at=signup.starts_at, **claimable)
                .exclude(reminded_for=signup.starts_at)
                .update(reminded_for=signup.starts_at)
            )
            if not claimed:
                continue
            tell(signup)
            sent += 1
    return sent
