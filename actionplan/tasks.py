"""Action-plan jobs. Thin: call a service. Each is safe to run twice (see the services)."""

from __future__ import annotations

from celery import shared_task

from actionplan import services


@shared_task
def send_reminders() -> int:
    """'Due within 7 days' and 'overdue' reminders to owners and champions (daily)."""
    return services.reminders_send()


@shared_task
def send_weekly_digest() -> int:
    """Each owner's and champion's open actions, once a week (Monday morning)."""
    return services.digest_send()
