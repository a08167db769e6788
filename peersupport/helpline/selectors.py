"""Reads for the helpline rota. Each page's query count is fixed, whatever the number of rows.

Who is free to cover a shift is worked out in one pass: the eligible mentors, their
unavailability, and their shifts and sessions in the window are each loaded with one query,
then every shift is checked in Python against those lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from peersupport.helpline.models import ShiftWithRota
    from peersupport.models import HelplineCall, LocalService

ON_ROTA = Q(signups__status=ShiftSignUpStatus.ON_ROTA)


def _with_counts(qs: QuerySet[Shift]) -> QuerySet[ShiftWithRota]:
    return qs.annotate(on_rota=Count("signups", filter=ON_ROTA))


def shifts_upcoming(*, start: date | None = None, weeks: int = 4) -> QuerySet[ShiftWithRota]:
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


def shift_with_signups(*, pk: int) -> ShiftWithRota:
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
    if item.start_time is None or item.end_time is None:  # both or neither (a constraint)
        return True
    return item.start_time < (ends or time.max) and item.end_time > begins


def is_unavailable(items: list[Unavailability], shift: Shift) -> bool:
    return any(_blocks(item, *piece) for piece in _segments(shift) for item in items)


def free_mentors_by_shift(shifts: Sequence[Shift]) -> dict[int, list[User]]:
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


# --- The call log (issue 16) ------------------------------------------------------------

SMALL = 5


def shown_counts(values: list[int]) -> list[str]:
    """Counts for a page a senior manager sees: 1 to 4 become "fewer than 5".

    The total of ``values`` is shown on the page too, so one hidden cell could be worked out
    by subtraction: then the smallest other non-zero cell is hidden as well ("not shown").
    """
    from django.utils.translation import gettext as _

    hidden = {i for i, v in enumerate(values) if 0 < v < SMALL}
    if len(hidden) == 1:
        others = [i for i, v in enumerate(values) if i not in hidden and v > 0]
        if others:
            hidden.add(min(others, key=lambda i: (values[i], i)))
    out = []
    for i, value in enumerate(values):
        if i not in hidden:
            out.append(str(value))
        elif 0 < value < SMALL:
            out.append(_("fewer than 5"))
        else:
            out.append(_("not shown"))
    return out


def calls_for_shift(*, shift: Shift, user: User, all_calls: bool) -> list[HelplineCall]:
    """A shift's calls: every call for staff, a mentor's own otherwise (one query)."""
    from peersupport.models import HelplineCall

    qs = HelplineCall.objects.filter(shift=shift).select_related("service")
    if not all_calls:
        qs = qs.filter(logged_by=user)
    return list(qs)


def open_follow_ups() -> QuerySet[HelplineCall]:
    from peersupport.models import HelplineCall

    return (
        HelplineCall.objects.filter(follow_up=True, follow_up_done_at=None)
        .select_related("shift", "service", "caller", "logged_by")
        .order_by("started_at", "pk")
    )


@dataclass
class CallReport:
    start: date
    end: date
    total: int
    weeks: list[dict[str, Any]] = field(default_factory=list)
    topics: list[dict[str, Any]] = field(default_factory=list)
    shifts: list[dict[str, Any]] = field(default_factory=list)
    follow_ups_open: int = 0
    suppressed: bool = False
    total_shown: str = ""


def call_report(*, weeks: int = 8, today: date | None = None, suppress: bool) -> CallReport:
    """Calls in the last ``weeks`` weeks as counts: by week, by topic and by shift.

    Three grouped queries whatever the number of calls. ``suppress``: the page may be seen by
    a senior manager, so small counts are hidden (:func:`shown_counts`).
    """
    from django.db.models.functions import TruncWeek

    from peersupport.models import CallTopic, HelplineCall

    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=weeks - 1)
    end = monday + timedelta(days=7)
    window = HelplineCall.objects.filter(
        started_at__gte=_local_midnight(start), started_at__lt=_local_midnight(end)
    )
    by_week_rows = (
        window.annotate(week=TruncWeek("started_at", tzinfo=timezone.get_current_timezone()))
        .values("week")
        .annotate(calls=Count("pk"), follow_ups=Count("pk", filter=Q(follow_up=True)))
    )
    by_week: dict[date, Mapping[str, Any]] = {}
    for row in by_week_rows:
        week = row["week"]
        week = week.date() if isinstance(week, datetime) else week
        by_week[week] = row
    week_starts = [start + timedelta(weeks=n) for n in range(weeks)]
    calls = [by_week.get(w, {}).get("calls", 0) for w in week_starts]
    follow_ups = [by_week.get(w, {}).get("follow_ups", 0) for w in week_starts]
    topic_counts = dict(window.values_list("topic").annotate(n=Count("pk")).order_by())
    topic_values = [topic_counts.get(value, 0) for value in CallTopic.values]
    shift_rows = list(
        window.values("shift", "shift__title", "shift__starts_at")
        .annotate(calls=Count("pk"), follow_ups=Count("pk", filter=Q(follow_up=True)))
        .order_by("-shift__starts_at", "shift")
    )
    shift_calls = [row["calls"] for row in shift_rows]
    shift_follow = [row["follow_ups"] for row in shift_rows]
    if suppress:
        calls_s, follow_s = shown_counts(calls), shown_counts(follow_ups)
        topics_s = shown_counts(topic_values)
        shift_calls_s, shift_follow_s = shown_counts(shift_calls), shown_counts(shift_follow)
    else:
        calls_s, follow_s = [str(v) for v in calls], [str(v) for v in follow_ups]
        topics_s = [str(v) for v in topic_values]
        shift_calls_s = [str(v) for v in shift_calls]
        shift_follow_s = [str(v) for v in shift_follow]
    total = sum(calls)
    return CallReport(
        start=start,
        end=end - timedelta(days=1),
        total=total,
        weeks=[
            {"start": w, "calls": c, "follow_ups": f}
            for w, c, f in zip(week_starts, calls_s, follow_s, strict=True)
        ][::-1],
        topics=[
            {"label": label, "calls": c}
            for label, c in zip(CallTopic.labels, topics_s, strict=True)
        ],
        shifts=[
            {
                "pk": row["shift"],
                "title": row["shift__title"],
                "starts_at": row["shift__starts_at"],
                "calls": c,
                "follow_ups": f,
            }
            for row, c, f in zip(shift_rows, shift_calls_s, shift_follow_s, strict=True)
        ],
        follow_ups_open=HelplineCall.objects.filter(follow_up=True, follow_up_done_at=None).count(),
        suppressed=suppress,
        total_shown=shown_counts([total])[0] if suppress else str(total),
    )


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def local_services() -> QuerySet[LocalService]:
    from peersupport.models import LocalService

    return LocalService.objects.order_by("-is_active", "name")
