"""Writing what the dashboards keep: snapshots of the figures, and caseload figures."""

from __future__ import annotations

import logging
import time
from datetime import date, datetime, timedelta
from datetime import time as dt_time

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from core.audit_actions import AuditAction
from core.services import audit_record
from council.models import Council
from dashboards import figures
from dashboards.headline import headline
from dashboards.models import CaseloadFigure, Dimension, MonthlyFigures, Snapshot
from dashboards.periods import Period, presets
from users.models import User

logger = logging.getLogger(__name__)

# Snapshots of periods nobody asked for again are removed after this long.
KEEP_FOR = timedelta(days=2)


def _tune_for_counting() -> None:
    """Settings for this transaction only, for a handful of large ``GROUP BY`` queries.

    PostgreSQL's JIT compiler judges these queries expensive enough to compile, and spends
    longer compiling (seconds, measured on the national data set) than it saves; and the
    per-person grouping of 250,000 members spills to disk at the default 4 MB of sort
    memory.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")


def snapshot_refresh(
    *, period: Period, today: date | None = None, now: datetime | None = None
) -> dict[str, Snapshot]:
    """Count every figure for every scope over ``period`` and store them, replacing any older
    snapshot of the same period. Returns the snapshots by scope.

    The counting runs outside the write transaction (it only reads, and may take seconds
    at national scale); the writes then happen together, so a page never sees half a
    refresh. Two refreshes of one period at once are harmless: the later write wins.
    """
    now = now or timezone.now()
    started = time.perf_counter()
    before = previous_period(period)
    with transaction.atomic():
        _tune_for_counting()
        data = figures.compute(period, today=today, now=now)
        # The same figures for the period just before, as they stood at its end, for the
        # "change from the previous period" beside each headline figure.
        earlier = figures.compute(before, today=before.end, now=_end_of(before))
    for scope, content in data.items():
        content["previous"] = headline(earlier[scope]) if scope in earlier else None
        content["previous_period"] = {
            "start": before.start.isoformat(),
            "end": before.end.isoformat(),
        }
    seconds = time.perf_counter() - started
    rows = [
        Snapshot(
            scope=scope,
            date_from=period.start,
            date_to=period.end,
            computed_at=now,
            seconds=seconds,
            data=content,
        )
        for scope, content in data.items()
    ]
    with transaction.atomic():
        # One INSERT ... ON CONFLICT DO UPDATE: a refresh running at the same time for the
        # same period cannot make this one fail; the later write wins.
        Snapshot.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["scope", "date_from", "date_to"],
            update_fields=["computed_at", "seconds", "data"],
        )
        # Councils that no longer exist keep no figures.
        Snapshot.objects.filter(date_from=period.start, date_to=period.end).exclude(
            scope__in=list(data)
        ).delete()
    logger.info("Dashboard figures for %s..%s counted in %.1fs", period.start, period.end, seconds)
    return {row.scope: row for row in rows}


def previous_period(period: Period) -> Period:
    """The period of the same length that ends the day before ``period`` starts."""
    end = period.start - timedelta(days=1)
    return Period(end - timedelta(days=period.days - 1), end)


def _end_of(period: Period) -> datetime:
    """The last moment of a period's last day (local time)."""
    return timezone.make_aware(datetime.combine(period.end, dt_time.max))


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _month_end(first: date) -> date:
    return _month_start(first, -1) - timedelta(days=1)


TREND_MONTHS = 12


def monthly_figures_refresh(*, today: date | None = None) -> int:
    """Keep the headline figures of each of the last 12 months, for the trend charts.

    Counts a month when it has no figures yet, when it is the current month (month to
    date), or when it was last counted before it ended; a finished month counted after its
    end is kept as it is. Returns how many months were counted. Safe to run twice at once:
    each count replaces its rows (upsert).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    months = [_month_start(today, back) for back in range(TREND_MONTHS - 1, -1, -1)]
    kept = {
        row["month"]: row["computed_at"]
        for row in MonthlyFigures.objects.filter(scope=Snapshot.ALL, month__in=months).values(
            "month", "computed_at"
        )
    }
    counted = 0
    for first in months:
        last = min(_month_end(first), today)
        done = kept.get(first)
        if done is not None and timezone.localdate(done) > _month_end(first):
            continue
        moment = now if last == today else _end_of(Period(first, last))
        with transaction.atomic():
            _tune_for_counting()
            data = figures.compute(Period(first, last), today=last, now=moment)
        MonthlyFigures.objects.bulk_create(
            [
                MonthlyFigures(scope=scope, month=first, computed_at=now, data=headline(content))
                for scope, content in data.items()
            ],
            update_conflicts=True,
            unique_fields=["scope", "month"],
            update_fields=["computed_at", "data"],
        )
        counted += 1
    MonthlyFigures.objects.filter(month__lt=months[0]).delete()
    return counted


# While a recount of a period is queued or running, no second one is queued.
LOCK_SECONDS = 15 * 60


def _lock_key(period: Period) -> str:
    return f"dashboards-refresh-{period.start.isoformat()}-{period.end.isoformat()}"


def snapshot_refresh_later(*, period: Period) -> bool:
    """Queue a recount of ``period`` for the worker, once the current transaction commits.

    At national scale a count takes seconds, too long to keep a page waiting. Returns False
    when one is already queued or running (a lock in the shared cache).
    """
    from dashboards import tasks

    if not cache.add(_lock_key(period), 1, timeout=LOCK_SECONDS):
        return False
    start, end = period.start.isoformat(), period.end.isoformat()
    transaction.on_commit(lambda: tasks.refresh_period.delay(start, end))
    return True


def snapshot_refresh_queued(*, start: date, end: date) -> None:
    """The worker's side of ``snapshot_refresh_later``: count, then let the next one queue."""
    period = Period(start, end)
    try:
        snapshot_refresh(period=period)
    finally:
        cache.delete(_lock_key(period))


def snapshots_refresh_usual(*, today: date | None = None) -> int:
    """Refresh the preset periods (what most people look at) and remove old snapshots.

    Called by the periodic job. Safe to run twice at once: each refresh replaces rows.
    """
    today = today or timezone.localdate()
    usual = presets(today)
    for item in usual:
        snapshot_refresh(period=item.period, today=today)
    monthly_figures_refresh(today=today)
    Snapshot.objects.filter(computed_at__lt=timezone.now() - KEEP_FOR).delete()
    return len(usual)


@transaction.atomic
def caseload_set(
    *,
    council: Council,
    figures_by_category: dict[tuple[str, str], int | None],
    as_of: date,
    actor: User | None,
    request: HttpRequest | None = None,
) -> int:
    """Replace a council's caseload figures. A ``None`` count removes that figure.

    ``actor`` is who entered them (None only when the demo data is loaded with no
    administrator).

    Returns how many figures the council now has.
    """
    from council.models import Constituency

    places = set(
        Constituency.objects.filter(council=council, kind=Constituency.Kind.PLACE).values_list(
            "pk", flat=True
        )
    )
    kept = 0
    for (dimension, category), count in figures_by_category.items():
        if dimension not in Dimension.values:
            raise ValueError(f"Unknown dimension {dimension!r}")
        existing = CaseloadFigure.objects.filter(
            council=council, dimension=dimension, category=category
        ).first()
        if count is None:
            if existing:
                existing.delete()
            continue
        constituency_id = None
        if dimension == Dimension.AREA:
            constituency_id = int(category)
            if constituency_id not in places:
                raise ValueError(f"Constituency {category} is not a place of {council}")
        figure = existing or CaseloadFigure(council=council, dimension=dimension, category=category)
        figure.constituency_id = constituency_id
        figure.count = count
        figure.as_of = as_of
        figure.entered_by = actor
        figure.full_clean()
        figure.save()
        kept += 1
    # Every snapshot compares with the caseload: count again when next asked. Caseload
    # figures change a few times a year, so the one slower page that follows is fine.
    Snapshot.objects.all().delete()
    audit_record(
        actor=actor,
        action=AuditAction.DASHBOARDS_CASELOAD_SET,
        obj=council,
        detail={
            "as_of": as_of.isoformat(),
            "figures": {f"{dim}:{cat}": count for (dim, cat), count in figures_by_category.items()},
        },
        request=request,
    )
    return kept
