"""Celery tasks: thin wrappers that take ids and call a service. All safe to run twice.

Each task imports its service inside the function, so services import their tasks at the top.
"""

from __future__ import annotations

from celery import shared_task


@shared_task
def run_election_schedule() -> int:
    """Open and close nominations and voting whose scheduled time has come; send due reminders."""
    from council.services import elections, reminders

    done = elections.election_schedule_run()
    reminders.election_reminders_due()
    return done


@shared_task
def mix_ballot_boxes() -> int:
    """Retired: held ballots stay sealed until close (see ``council/services/ballots.py``).

    Kept as a no-op so a message queued, or a beat entry left, by an older version does
    nothing (migration ``0004_sealed_ballots`` removes the beat entry).
    """
    return 0


@shared_task
def send_election_reminders(election_id: int, kind: str) -> int:
    from council.services import reminders

    return reminders.election_reminders_send(election_id=election_id, kind=kind)


@shared_task
def send_meeting_reminders() -> int:
    """The agenda a few days before a meeting, and a reminder the day before."""
    from council.services import meeting_reminders

    return meeting_reminders.meeting_reminders_due()


@shared_task
def send_election_cancelled(election_id: int) -> int:
    """Tell the members and candidates of a cancelled election (once each)."""
    from council.services import reminders

    return reminders.election_cancelled_notify(election_id=election_id)
