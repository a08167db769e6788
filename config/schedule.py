"""Every periodic job, declared in one place.

django-celery-beat's DatabaseScheduler copies these entries into its tables at start-up,
so an administrator can see (and pause) them in the admin. Every task here is safe to run
twice: it claims its work with a conditional update before acting.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # core: the notification outbox. Messages still waiting (the broker lost the job, the
    # worker died holding the lease, or a try failed and its back-off is over) are queued
    # again. Each row is taken with a conditional update, and delivery claims it again
    # before sending, so a second run sends nothing twice.
    "core-sweep-notifications": {
        "task": "core.tasks.sweep_notifications",
        "schedule": crontab(minute="*"),
    },
    # core: background jobs (core/jobs.py). Jobs the broker lost are queued again (the
    # worker claims each before running it, so a second send runs nothing twice); result
    # files (exports, counts) are removed a week after the job finished.
    "core-sweep-jobs": {
        "task": "core.tasks.sweep_jobs",
        "schedule": crontab(minute="*/5"),
    },
    # core (issue 16): forms started but not sent, kept 30 days. A delete: a second run
    # finds nothing.
    "core-delete-old-drafts": {
        "task": "core.tasks.delete_old_drafts",
        "schedule": crontab(hour=3, minute=25),
    },
    "expire-invite-slips": {
        "task": "users.tasks.expire_invite_slips",
        "schedule": crontab(minute=15),
    },
    # council: scheduled opening/closing of nominations and voting, and due reminders.
    "council-election-schedule": {
        "task": "council.tasks.run_election_schedule",
        "schedule": crontab(minute="*"),
    },
    # (No ballot-mixing job: held ballots stay sealed until voting closes; see
    # council/services/ballots.py.)
    # council: meeting agendas (3 days before) and reminders (the day before). Each is
    # claimed once per meeting with a conditional update, so a second run sends nothing.
    "council-meeting-reminders": {
        "task": "council.tasks.send_meeting_reminders",
        "schedule": crontab(minute="*/15"),
    },
    # consultations: open/close on time and let late joiners in (every 5 minutes), and the
    # nightly retention run. Each claims its work, so a second run changes nothing.
    "consultations-run-schedule": {
        "task": "consultations.tasks.run_schedule",
        "schedule": crontab(minute="*/5"),
    },
    "consultations-apply-retention": {
        "task": "consultations.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=10),
    },
    # consultations coding: new answers into the coding queues (a unique row per answer
    # means a second run adds nothing).
    "consultations-sync-coding-queues": {
        "task": "consultations.tasks.sync_coding_queues",
        "schedule": crontab(minute="*/10"),
    },
    # consultations coding: fold the report's counter rows (a report GET only reads). Each
    # fold runs under a try-lock and keeps every count, so a second run changes nothing.
    "consultations-fold-coding-counters": {
        "task": "consultations.tasks.fold_coding_counters",
        "schedule": crontab(minute="5-59/10"),
    },
    # peersupport: every job claims its work, so a second run changes nothing.
    "peersupport-generate-occurrences": {
        "task": "peersupport.tasks.generate_occurrences",
        "schedule": crontab(hour=2, minute=30),
    },
    "peersupport-session-reminders": {
        "task": "peersupport.tasks.send_session_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "peersupport-award-certificates": {
        "task": "peersupport.tasks.award_certificates",
        "schedule": crontab(minute=40),
    },
    "peersupport-prompt-reviews": {
        "task": "peersupport.tasks.prompt_reviews",
        "schedule": crontab(hour=8, minute=0),
    },
    # peersupport (issue 7): helpline shifts generated ahead, the daily gap warning for the
    # next 72 hours, shift reminders and match reviews. Each claims its work first.
    "peersupport-generate-shifts": {
        "task": "peersupport.tasks.generate_shifts",
        "schedule": crontab(hour=2, minute=35),
    },
    "peersupport-helpline-gaps": {
        "task": "peersupport.tasks.warn_helpline_gaps",
        "schedule": crontab(hour=9, minute=0),
    },
    "peersupport-shift-reminders": {
        "task": "peersupport.tasks.send_shift_reminders",
        "schedule": crontab(minute="7-59/15"),
    },
    "peersupport-match-reviews": {
        "task": "peersupport.tasks.prompt_match_reviews",
        "schedule": crontab(hour=8, minute=5),
    },
    # peersupport (issue 16): helpline call notes and named callers cleared after two
    # years (a conditional update: a second run clears nothing).
    "peersupport-helpline-call-retention": {
        "task": "peersupport.tasks.clear_old_call_details",
        "schedule": crontab(hour=3, minute=20),
    },
    # actionplan: "due within 7 days" and "overdue" reminders daily, a digest on Mondays.
    # Each claims its work (reminders) or uses a per-person-per-week dedupe key (digest).
    "actionplan-reminders": {
        "task": "actionplan.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "actionplan-weekly-digest": {
        "task": "actionplan.tasks.send_weekly_digest",
        "schedule": crontab(day_of_week=1, hour=8, minute=15),
    },
    # dashboards: count the preset periods again so the pages open at once. Each refresh
    # replaces its rows (an upsert) and sends nothing, so two runs at once are harmless.
    "dashboards-refresh-snapshots": {
        "task": "dashboards.tasks.refresh_snapshots",
        "schedule": crontab(minute="*/20"),
    },
}
