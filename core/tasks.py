from celery import shared_task

from core import services


@shared_task
def deliver_notification(notification_id: int) -> bool:
    return services.notification_deliver(notification_id=notification_id)


@shared_task
def sweep_notifications() -> int:
    """Queue again the messages still waiting (a lost job, a dead worker, a failed try)."""
    return services.notifications_sweep()


@shared_task
def ping() -> str:
    """A no-op the test suite sends through a real broker and worker."""
    return "pong"


@shared_task
def delete_old_drafts() -> int:
    """Forms started but never sent, untouched for 30 days (nightly)."""
    from core.drafts import drafts_apply_retention

    return drafts_apply_retention()
