"""Reads for the helpline rota. Each page's query count is fixed, whatever the number of rows.

Who is free to cover a shift is worked out in one pass: the eligible mentors, their
unavailability, and their shifts and sessions in the window are each loaded with one query,
then every shift is checked in Python against those lists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from peersupport.helpline.services.rota import helpline_eligible_users
from peersupport.models import (
    ACTIVE_SIGNUP_STATUSES,
    Shift,
    ShiftPattern,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftStatus,
    ShiftSwap,
    SignUp,
    SwapStatus,
    Unavailability,
)
from users.models import User

ON_ROTA = Q(signups__status=ShiftSignUpStatus.ON_ROTA)


def _with_counts(qs: QuerySet[Shift]) -> QuerySet[Shift]:
    return qs.annotate(on_rota=Count("signups", filter=ON_ROTA))


def shifts_upcoming(*, start: date | None = None, weeks: int = 4) -> QuerySet[Shift]:
    """Shifts still to come, with how many mentors are on the rota."""
    now = timezone.now()
    begin = now
    if start is not None:
        begin = max(now, timezone.make_aware(datetime.combine(start, time.min)))
    qs = Shift.objects.select_related("pattern").filter(
        starts_at__gte=begin, starts_at__lt=begin + timedelta(weeks=weeks)
    )
    return _with_counts(qs).order_by("starts_at", "id")


def my_shift_signups(*, user: User, shift_ids: list[int]) -> dict[int, ShiftSignUp]:
    return {s.shift_id: s for s in ShiftSignUp.objects.filter(user=user, shift_id__in=shift_ids)}


def my_shifts(*, user: User) -> list[ShiftSignUp]:
    """A mentor's shifts still to come (on the rota, or cancelled), with any open swap."""
    return list(
        ShiftSignUp.objects.select_related("shift__pattern")
        .prefetch_related(
            Prefetch("swaps", queryset=ShiftSwap.objects.filter(status=SwapStatus.OPEN))
        )
        .filter(
            user=user,
            starts_at__gte=timezone.now(),
            status__in=(ShiftSignUpStatus.ON_ROTA, ShiftSignUpStatus.SHIFT_CANCELLED),
        )
        .order_by("starts_at")[:100]
    )


def open_swaps(*, weeks: int = 8) -> list[ShiftSwap]:
    now = timezone.now()
    return list(
        ShiftSwap.objects.select_related("shift__pattern", "offered_by")
        .filter(
            status=SwapStatus.OPEN,
            shift__status=ShiftStatus.SCHEDULED,
            shift__starts_at__gt=now,
            shift__starts_at__lt=now + timedelta(weeks=weeks),
        )
        .order_by("shift__starts_at", "id")[:100]
    )


def shift_with_signups(*, pk: int) -> Shift:
    return _with_counts(
        Shift.objects.select_related("pattern").prefetch_related(
            Prefetch(
                "signups",
                queryset=ShiftSignUp.objects.select_related("user").order_by("status", "id"),
            ),
            Prefetch(
                "swaps",
                queryset=ShiftSwap.objects.select_related("offered_by", "taken_by").order_by(
                    "-created_at"
                ),
            ),
        )
    ).get(pk=pk)


def unavailability_for(*, user: User) -> QuerySet[Unavailability]:
    today = timezone.localdate()
    return Unavailability.objects.filter(user=user).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def patterns() -> QuerySet[ShiftPattern]:
    now = timezone.now()
    return (
        ShiftPattern.objects.select_related("coordinator")
        .annotate(
            upcoming=Count(
                "shifts",
                filter=Q(shifts__starts_at__gte=now, shifts__status=ShiftStatus.SCHEDULED),
            )
        )
        .order_by("-is_active", "title")
    )


# --- Who is free ------------------------------------------------------------------------


def _segments(shift: Shift) -> list[tuple[date, time, time | None]]:
    """The shift as local (day, from, to) pieces; ``to`` None means until midnight."""
    zone = shift.pattern.zone
    start = timezone.localtime(shift.starts_at, zone)
    end = timezone.localtime(shift.ends_at, zone)
    pieces: list[tuple[date, time, time | None]] = []
    day, begins = start.date(), start.time()
    while day < end.date():
        pieces.append((day, begins, None))
        day, begins = day + timedelta(days=1), time.min
    if end.time() > begins:
        pieces.append((day, begins, end.time()))
    return pieces


def _blocks(item: Unavailability, day: date, begins: time, ends: time | None) -> bool:
    if item.valid_from > day or (item.valid_until is not None and item.valid_until < day):
        return False
    if item.weekday is not None and item.weekday != day.weekday():
        return False
    if item.start_time is None:
        return True
    return item.start_time < (ends or time.max) and item.end_time > begins


def is_unavailable(items: list[Unavailability], shift: Shift) -> bool:
    return any(_blocks(item, *piece) for piece in _segments(shift) for item in items)


def free_mentors_by_shift(shifts: list[Shift]) -> dict[int, list[User]]:
    """For each shift: eligible mentors not on it, not busy then, and not unavailable.

    Four queries whatever the number of shifts and mentors.
    """
    if not shifts:
        return {}
    low = min(s.starts_at for s in shifts)
    high = max(s.ends_at for s in shifts)
    eligible = list(helpline_eligible_users().order_by("display_name", "username"))
    if not eligible:
        return {s.pk: [] for s in shifts}
    eligible_ids = helpline_eligible_users().values("pk")
    blocked: dict[int, list[Unavailability]] = defaultdict(list)
    for item in Unavailability.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate(low)),
        user__in=eligible_ids,
        valid_from__lte=timezone.localdate(high),
    ):
        blocked[item.user_id].append(item)
    busy: dict[int, list[tuple[datetime, datetime, int | None]]] = defaultdict(list)
    for user_id, shift_id, starts_at, ends_at in ShiftSignUp.objects.filter(
        user__in=eligible_ids,
        status=ShiftSignUpStatus.ON_ROTA,
        starts_at__lt=high,
        ends_at__gt=low,
    ).values_list("user_id", "shift_id", "starts_at", "ends_at"):
        busy[user_id].append((starts_at, ends_at, shift_id))
    for user_id, starts_at, ends_at in SignUp.objects.filter(
        user__in=eligible_ids,
        status__in=ACTIVE_SIGNUP_STATUSES,
        starts_at__lt=high,
        ends_at__gt=low,
    ).values_list("user_id", "starts_at", "ends_at"):
        busy[user_id].append((starts_at, ends_at, None))

    people = [(person, person.id) for person in eligible]
    result: dict[int, list[User]] = {}
    for shift in shifts:
        pieces = _segments(shift)
        free = []
        for person, person_id in people:
            taken = busy.get(person_id)
            if taken and any(
                shift_id == shift.pk or (starts_at < shift.ends_at and ends_at > shift.starts_at)
                for starts_at, ends_at, shift_id in taken
            ):
                continue
            times = blocked.get(person_id)
            if times and any(_blocks(item, *piece) for piece in pieces for item in times):
                continue
            free.append(person)
        result[shift.pk] = free
    return result


def free_mentors(shift: Shift) -> list[User]:
    return free_mentors_by_shift([shift])[shift.pk]


# --- Coverage ---------------------------------------------------------------------------


@dataclass
class CoverageDay:
    day: date
    shifts: list[Shift] = field(default_factory=list)


@dataclass
class Coverage:
    days: list[CoverageDay]
    total: int
    short_shifts: int
    places_short: int


def coverage(*, start: date | None = None, weeks: int = 4) -> Coverage:
    """Every shift in the next ``weeks``: who is on it, how many short, who is free to cover.

    A fixed number of queries (shifts, their rota, and the four of the free-mentor pass).
    """
    shifts = list(
        shifts_upcoming(start=start, weeks=weeks).prefetch_related(
            Prefetch(
                "signups",
                queryset=ShiftSignUp.objects.select_related("user")
                .filter(status=ShiftSignUpStatus.ON_ROTA)
                .order_by("user__display_name", "user__username"),
                to_attr="rota",
            )
        )
    )
    live = [s for s in shifts if s.status == ShiftStatus.SCHEDULED]
    short = [s for s in live if s.on_rota < s.mentors_needed]
    free = free_mentors_by_shift(short)
    days: dict[date, CoverageDay] = {}
    places_short = 0
    for shift in shifts:
        shift.short = (
            max(shift.mentors_needed - shift.on_rota, 0)
            if shift.status == ShiftStatus.SCHEDULED
            else 0
        )
        shift.free = free.get(shift.pk, [])
        places_short += shift.short
        days.setdefault(shift.local_date, CoverageDay(day=shift.local_date)).shifts.append(shift)
    return Coverage(
        days=list(days.values()),
        total=len(shifts),
        short_shifts=len(short),
        places_short=places_short,
    )
