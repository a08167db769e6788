"""Every periodic job, declared in one place.

django-celery-beat's DatabaseScheduler copies these entries into its tables at start-up,
so an administrator can see (and pause) them in the admin. Every task here is safe to run
twice: it claims its work with a conditional update before acting.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    "expire-invite-slips": {
        "task": "users.tasks.expire_invite_slips",
        "schedule": crontab(minute=15),
    },
}
