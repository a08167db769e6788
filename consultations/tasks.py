"""Thin Celery tasks: ids in, a service call, a small result out. Never a person's identity."""

from celery import shared_task

from consultations import services


@shared_task
def run_schedule() -> dict[str, object]:
    """Open and close consultations on time and let late joiners into anonymous ones."""
    result = services.consultations_run_schedule()
    return {"opened": result.opened, "closed": result.closed, "invited": result.invited}


@shared_task
def notify_consultation_opened(consultation_id: int) -> int:
    return services.consultation_notify_opened(consultation_id=consultation_id)


@shared_task
def apply_retention() -> dict[str, int]:
    """Delete or anonymise answers past their destroy-after date."""
    result = services.submissions_retention_run()
    return {"deleted": result.deleted, "anonymised": result.anonymised}


@shared_task
def sync_coding_queues() -> int:
    """Put answers that arrived since the last run into their questions' coding queues."""
    from consultations.coding.services import coding_items_sync_all

    return coding_items_sync_all()


@shared_task
def fold_coding_counters() -> None:
    """Fold the coding report's counter rows into one row per key, so reading a report never
    has to (safe to run twice or at the same moment)."""
    from consultations.coding.services import coding_counts_fold

    coding_counts_fold()
