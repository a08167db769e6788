"""Reminders to the people expected at a meeting: the agenda and papers a few days before,
and a reminder the day before.

Each kind is claimed once per meeting with a conditional update (``agenda_sent_at`` /
``reminded_at`` go from empty to now), inside the transaction that sends the messages, and
every message has a dedupe key: a job that runs twice, or two workers at once, sends each
reminder once. Moving a meeting empties both claims (see ``meeting_update``), and the
dedupe keys carry the meeting's sequence, so people are reminded again for the new time.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.services import notify
from council.models import AgendaItem, Meeting, MeetingAttendee

AGENDA_NOTICE = datetime.timedelta(days=3)
REMINDER_NOTICE = datetime.timedelta(hours=24)
KINDS = {
    # kind: (claim field, notice, skip people who sent apologies)
    "agenda": ("agenda_sent_at", AGENDA_NOTICE, False),
    "reminder": ("reminded_at", REMINDER_NOTICE, True),
}


@transaction.atomic
def meeting_reminder_send(
    *, meeting_id: int, kind: str, now: datetime.datetime | None = None
) -> int:
    """Send one kind of reminder for one meeting, once. Returns how many were sent."""
    now = now or timezone.now()
    field, notice, skip_apologies = KINDS[kind]
    claimed = Meeting.objects.filter(
        pk=meeting_id,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + notice,
        **{field: None},
    ).update(**{field: now})
    if not claimed:
        return 0
    meeting = Meeting.objects.select_related("council").get(pk=meeting_id)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("constituency")
        .order_by("position", "pk")
    )
    attendees = MeetingAttendee.objects.filter(meeting=meeting, user__is_active=True)
    if skip_apologies:
        attendees = attendees.exclude(attendance=MeetingAttendee.Attendance.APOLOGIES)
    link = reverse("council:meeting-detail", kwargs={"pk": meeting.pk})
    sent = 0
    for attendee in attendees.select_related("user").order_by("pk").iterator(chunk_size=500):
        made = notify(
            user=attendee.user,
            kind=f"council_meeting_{kind}",
            context={"meeting": meeting, "items": items},
            dedupe_key=f"council:meeting:{meeting.pk}:{kind}:{meeting.sequence}:{attendee.user_id}",
            link=link,
        )
        sent += made is not None
    return sent


def meeting_reminders_due(*, now: datetime.datetime | None = None) -> int:
    """The periodic job: send whatever meeting reminders are due and not yet sent."""
    now = now or timezone.now()
    sent = 0
    for kind, (field, notice, _skip) in KINDS.items():
        due = Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + notice,
            **{field: None},
        ).values_list("pk", flat=True)
        for meeting_id in list(due):
            sent += meeting_reminder_send(meeting_id=meeting_id, kind=kind, now=now)
    return sent
