"""Peer-support jobs. Thin: take ids, call a service. Each is safe to run twice.

Each task imports its service inside the function, so services import their tasks at the top.
"""

from __future__ import annotations

from celery import shared_task


@shared_task
def generate_occurrences() -> int:
    """Keep every active series generated ahead (daily)."""
    from peersupport import services

    return services.occurrences_generate_all()


@shared_task
def send_session_reminders() -> int:
    """Reminders for sessions starting in the next 24 hours (every 15 minutes)."""
    from peersupport import services

    return services.reminders_send()


@shared_task
def award_certificates(user_ids: list[int] | None = None) -> int:
    """Award certificates that are due: for some people after attendance, or everyone hourly."""
    from peersupport import services

    return len(services.certificates_award(user_ids=user_ids))


@shared_task
def prompt_reviews() -> int:
    """Tell staff about paused mentors and 'not yet' assessments due for review (daily)."""
    from peersupport import services

    return services.reviews_prompt()


@shared_task
def generate_shifts() -> int:
    """Keep every active helpline pattern generated ahead (daily)."""
    from peersupport import services

    return services.shifts_generate_all()


@shared_task
def warn_helpline_gaps() -> int:
    """Tell coordinators of helpline shifts short of mentors in the next 72 hours (daily)."""
    from peersupport import services

    return services.shift_gaps_warn()


@shared_task
def send_shift_reminders() -> int:
    """Reminders for helpline shifts starting in the next 24 hours (every 15 minutes)."""
    from peersupport import services

    return services.shift_reminders_send()


@shared_task
def prompt_match_reviews() -> int:
    """Tell staff about mentoring matches due for review (daily)."""
    from peersupport import services

    return services.match_reviews_prompt()


@shared_task
def clear_old_call_details() -> int:
    """Clear notes and named callers from helpline calls over two years old (nightly)."""
    from peersupport import services

    return services.calls_apply_retention()
