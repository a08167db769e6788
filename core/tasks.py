from celery import shared_task

from core import services


@shared_task
def deliver_notification(notification_id: int) -> bool:
    return services.notification_deliver(notification_id=notification_id)


@shared_task
def ping() -> str:
    """A no-op the test suite sends through a real broker and worker."""
    return "pong"
