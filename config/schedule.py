"""Every periodic job, declared in one place.

django-celery-beat's DatabaseScheduler copies these entries into its tables at start-up,
so an administrator can see (and pause) them in the admin. Every task here is safe to run
twice: it claims its work with a conditional update before acting.
"""

from typing import Any

from celery.schedules import crontab


def _job(task: str, schedule: crontab) -> dict[str, Any]:
    return {"task": task, "schedule": schedule}


BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # core: the notification outbox. Messages still waiting (the broker lost the job, the
    # worker died holding the lease, or a try failed and its back-off is over) are queued
    # again. Each row is taken with a conditional update, and delivery claims it again
    # before sending, so a second run sends nothing twice.
    "core-sweep-notifications": _job("core.tasks.sweep_notifications", crontab(minute="*")),
    # core: background jobs (core/jobs.py). Jobs the broker lost are queued again (the
    # worker claims each before running it, so a second send runs nothing twice); result
    # files (exports, counts) are removed a week after the job finished.
    "core-sweep-jobs": _job("core.tasks.sweep_jobs", crontab(minute="*/5")),
    # core (issue 16): forms started but not sent, kept 30 days. A delete: a second run
    # finds nothing.
    "core-delete-old-drafts": _job("core.tasks.delete_old_drafts", crontab(hour=3, minute=25)),
    "expire-invite-slips": _job("users.tasks.expire_invite_slips", crontab(minute=15)),
    # council: scheduled opening/closing of nominations and voting, and due reminders.
    "council-election-schedule": _job("council.tasks.run_election_schedule", crontab(minute="*")),
    # (No ballot-mixing job: held ballots stay sealed until voting closes; see
    # council/services/ballots.py.)
    # council: meeting agendas (3 days before) and reminders (the day before). Each is
    # claimed once per meeting with a conditional update, so a second run sends nothing.
    "council-meeting-reminders": _job(
        "council.tasks.send_meeting_reminders", crontab(minute="*/15")
    ),
    # consultations: open/close on time and let late joiners in (every 5 minutes), and the
    # nightly retention run. Each claims its work, so a second run changes nothing.
    "consultations-run-schedule": _job("consultations.tasks.run_schedule", crontab(minute="*/5")),
    "consultations-apply-retention": _job(
        "consultations.tasks.apply_retention", crontab(hour=3, minute=10)
    ),
    # consultations coding: new answers into the coding queues (a unique row per answer
    # means a second run adds nothing).
    "consultations-sync-coding-queues": _job(
        "consultations.tasks.sync_coding_queues", crontab(minute="*/10")
    ),
    # consultations coding: fold the report's counter rows (a report GET only reads). Each
    # fold runs under a try-lock and keeps every count, so a second run changes nothing.
    "consultations-fold-coding-counters": _job(
        "consultations.tasks.fold_coding_counters", crontab(minute="5-59/10")
    ),
    # peersupport: every job claims its work, so a second run changes nothing.
    "peersupport-generate-occurrences": _job(
        "peersupport.tasks.generate_occurrences", crontab(hour=2, minute=30)
    ),
    "peersupport-session-reminders": _job(
        "peersupport.tasks.send_session_reminders", crontab(minute="*/15")
    ),
    "peersupport-award-certificates": _job(
        "peersupport.tasks.award_certificates", crontab(minute=40)
    ),
    "peersupport-prompt-reviews": _job(
        "peersupport.tasks.prompt_reviews", crontab(hour=8, minute=0)
    ),
    # peersupport (issue 7): helpline shifts generated ahead, the daily gap warning for the
    # next 72 hours, shift reminders and match reviews. Each claims its work first.
    "peersupport-generate-shifts": _job(
        "peersupport.tasks.generate_shifts", crontab(hour=2, minute=35)
    ),
    "peersupport-helpline-gaps": _job(
        "peersupport.tasks.warn_helpline_gaps", crontab(hour=9, minute=0)
    ),
    "peersupport-shift-reminders": _job(
        "peersupport.tasks.send_shift_reminders", crontab(minute="7-59/15")
    ),
    "peersupport-match-reviews": _job(
        "peersupport.tasks.prompt_match_reviews", crontab(hour=8, minute=5)
    ),
    # peersupport (issue 16): helpline call notes and named callers cleared after two
    # years (a conditional update: a second run clears nothing).
    "peersupport-helpline-call-retention": _job(
        "peersupport.tasks.clear_old_call_details", crontab(hour=3, minute=20)
    ),
    # actionplan: "due within 7 days" and "overdue" reminders daily, a digest on Mondays.
    # Each claims its work (reminders) or uses a per-person-per-week dedupe key (digest).
    "actionplan-reminders": _job("actionplan.tasks.send_reminders", crontab(hour=7, minute=30)),
    "actionplan-weekly-digest": _job(
        "actionplan.tasks.send_weekly_digest", crontab(day_of_week=1, hour=8, minute=15)
    ),
    # dashboards: count the preset periods again so the pages open at once. Each refresh
    # replaces its rows (an upsert) and sends nothing, so two runs at once are harmless.
    "dashboards-refresh-snapshots": _job(
        "dashboards.tasks.refresh_snapshots", crontab(minute="*/20")
    ),
}
