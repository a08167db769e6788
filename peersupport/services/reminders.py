"""Reminders 24 hours before a session.

Sent once even with two workers: each sign-up is claimed with a conditional update of
``reminded_for`` (the start time the reminder is for), and the notification's dedupe key
names the sign-up and that start time. If a session moves, the new time earns a new reminder.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from peersupport.models import OccurrenceStatus, SignUp, SignUpStatus
from peersupport.services._common import KIND_REMINDER, tell_signup

REMIND_BEFORE = timedelta(hours=24)


def reminders_send(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = (
        SignUp.objects.select_related("occurrence__series", "user")
        .filter(
            status=SignUpStatus.CONFIRMED,
            occurrence__status=OccurrenceStatus.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + REMIND_BEFORE,
        )
        .order_by("starts_at", "id")
    )
    sent = 0
    for signup in due.iterator(chunk_size=500):
        if signup.reminded_for == signup.starts_at:
            continue
        with transaction.atomic():
            claimed = (
                SignUp.objects.filter(
                    pk=signup.pk, status=SignUpStatus.CONFIRMED, starts_at=signup.starts_at
                )
                .exclude(reminded_for=signup.starts_at)
                .update(reminded_for=signup.starts_at)
            )
            if not claimed:
                continue
            tell_signup(
                signup,
                kind=KIND_REMINDER,
                dedupe_key=f"peer-reminder-{signup.pk}-{signup.starts_at:%Y%m%dT%H%M%z}",
            )
            sent += 1
    return sent
