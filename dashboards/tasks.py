"""Periodic job: keep the usual dashboard periods counted, so pages open at once."""

from datetime import date

from celery import shared_task

from dashboards import services


@shared_task(name="dashboards.tasks.refresh_snapshots")
def refresh_snapshots() -> int:
    """Safe to run twice at once: each refresh replaces its rows (upsert), nothing is sent."""
    return services.snapshots_refresh_usual()


@shared_task(name="dashboards.tasks.refresh_period")
def refresh_period(start: str, end: str) -> None:
    """Count one period again (queued by a page showing old figures, or by "count again")."""
    services.snapshot_refresh_queued(start=date.fromisoformat(start), end=date.fromisoformat(end))
