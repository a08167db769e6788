"""Reads for the dashboard pages: the snapshot to show, the councils to choose from.

The heavy counting lives in ``dashboards.figures`` (called by ``services.snapshot_refresh``);
a page reads one ``Snapshot`` row.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from council.models import Council
from dashboards.models import CaseloadFigure, Snapshot
from dashboards.periods import Period

# A snapshot older than this is counted again when someone opens the page. The periodic
# job refreshes the preset periods more often than this, so they are always ready.
MAX_AGE = timedelta(minutes=getattr(settings, "DASHBOARD_MAX_AGE_MINUTES", 60))


# Older than this, a snapshot is not shown at all but counted again while the page waits
# (so the figures stay bounded in age even where no worker runs the queued recount).
TOO_OLD = MAX_AGE * 3


def latest_snapshot(*, scope: str, period: Period) -> Snapshot | None:
    return Snapshot.objects.filter(scope=scope, date_from=period.start, date_to=period.end).first()


def snapshot_age(snapshot: Snapshot, now: datetime.datetime | None = None) -> str:
    """``fresh``, ``stale`` (show it, count again in the background) or ``too_old``."""
    age = (now or timezone.now()) - snapshot.computed_at
    if age < MAX_AGE:
        return "fresh"
    return "stale" if age < TOO_OLD else "too_old"


def councils_for_dashboard() -> QuerySet[Council]:
    return Council.objects.order_by("name").only("id", "name", "slug")


def council_for_dashboard(*, slug: str) -> Council:
    return get_object_or_404(Council.objects.only("id", "name", "slug"), slug=slug)


def caseload_summary() -> list[dict[str, Any]]:
    """Each council with how many caseload figures it has and their date, for the list page."""
    from django.db.models import Count, Max

    counts: dict[int, Mapping[str, Any]] = {
        row["council_id"]: row
        for row in CaseloadFigure.objects.values("council_id")
        .annotate(n=Count("pk"), as_of=Max("as_of"))
        .order_by()
    }
    return [
        {
            "council": council,
            "figures": counts.get(council.pk, {}).get("n", 0),
            "as_of": counts.get(council.pk, {}).get("as_of"),
        }
        for council in councils_for_dashboard()
    ]


def monthly_figures(
    *, scope: str, today: datetime.date | None = None
) -> list[tuple[datetime.date, dict[str, Any]]]:
    """The headline figures of the last 12 months kept for ``scope``, oldest first (one query).

    Months the job has not counted are left out; the trend chart shows what there is.
    """
    from dashboards.models import MonthlyFigures
    from dashboards.services import TREND_MONTHS

    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 - (TREND_MONTHS - 1)
    first = datetime.date(index // 12, index % 12 + 1, 1)
    return list(
        MonthlyFigures.objects.filter(scope=scope, month__gte=first)
        .order_by("month")
        .values_list("month", "data")
    )
