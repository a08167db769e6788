"""Reminders 24 hours before a session.

Sent once even with two workers: each sign-up is claimed with a conditional update of
``reminded_for`` (the start time the reminder is for), and the notification's dedupe key
names the sign-up and that start time. If a session moves, the new time earns a new reminder.
The loop is ``peersupport.recurrence.claim_and_remind``, shared with helpline shifts.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from core.notification_kinds import NotificationKind
from peersupport.common import tell_signup
from peersupport.models import OccurrenceStatus, SignUp, SignUpStatus
from peersupport.recurrence import claim_and_remind


def reminders_send(*, now: datetime | None = None) -> int:
    return claim_and_remind(
        SignUp.objects.select_related("occurrence__series", "user").filter(
            status=SignUpStatus.CONFIRMED, occurrence__status=OccurrenceStatus.SCHEDULED
        ),
        now=now or timezone.now(),
        claimable={"status": SignUpStatus.CONFIRMED},
        tell=lambda signup: tell_signup(
            signup,
            kind=NotificationKind.PEERSUPPORT_REMINDER,
            dedupe_key=f"peer-reminder-{signup.pk}-{signup.starts_at:%Y%m%dT%H%M%z}",
        ),
    )
