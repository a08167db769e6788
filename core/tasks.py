"""Celery tasks: thin wrappers that take ids and call a service (imported inside the task,
so services can import their tasks at the top)."""

from celery import shared_task


@shared_task
def deliver_notification(notification_id: int) -> bool:
    from core import services

    return services.notification_deliver(notification_id=notification_id)


@shared_task
def sweep_notifications() -> int:
    """Queue again the messages still waiting (a lost job, a dead worker, a failed try)."""
    from core import services

    return services.notifications_sweep()


@shared_task
def ping() -> str:
    """A no-op the test suite sends through a real broker and worker."""
    return "pong"


@shared_task
def run_job(job_id: int) -> str:
    """Run one background job (core/jobs.py). Claims the row first: a second run does nothing."""
    from core import jobs

    return jobs.run(job_id)


@shared_task
def sweep_jobs() -> dict:
    """Queue again jobs the broker lost, and remove result files older than a week."""
    from core import jobs

    return jobs.sweep()


@shared_task
def delete_old_drafts() -> int:
    """Forms started but never sent, untouched for 30 days (nightly)."""
    from core.drafts import drafts_apply_retention

    return drafts_apply_retention()
