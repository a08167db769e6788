"""Council meetings as iCalendar (RFC 5545) events.

``meeting_ics`` serves one meeting as a file to add to a calendar. ``meeting_events_for``
lists a person's meetings as plain events, ready for a shared personal calendar feed: the
peer-support feed (``peersupport/services/calendar.py``) is the only feed today and council
cannot import a sibling app, so moving that feed into ``core/`` with a list of event
providers would let it include these (see the council report to the lead).

Written by hand like the peer-support feed: the format needs only escaping (3.3.11), line
folding at 75 octets (3.1) and CRLF line ends. Each event has a stable UID and the
meeting's SEQUENCE, which goes up with every change of time, place or status.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from council.models import Meeting, MeetingAttendee

PAST_DAYS = 90


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str
    description: str
    sequence: int
    stamp: datetime.datetime
    cancelled: bool = False


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "portal"
    return host.lstrip(".") if host != "*" else "portal"


def meeting_event(meeting: Meeting, *, with_link: bool) -> CalendarEvent:
    """One meeting as an event. The online link is only for people expected there."""
    location = meeting.place
    description = f"{meeting.council.name}."
    if with_link and meeting.online_link:
        location = f"{location} ({meeting.online_link})" if location else meeting.online_link
        description += f"\nJoin online: {meeting.online_link}"
    if meeting.is_cancelled and meeting.cancelled_reason:
        description += f"\nCancelled: {meeting.cancelled_reason}"
    return CalendarEvent(
        uid=f"council-meeting-{meeting.pk}@{_host()}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.title,
        location=location,
        description=description,
        sequence=meeting.sequence,
        stamp=meeting.updated_at,
        cancelled=meeting.is_cancelled,
    )


def meeting_events_for(*, user: Any, now: datetime.datetime | None = None) -> list[CalendarEvent]:
    """The meetings ``user`` is expected at, from 90 days ago on (one query)."""
    now = now or timezone.now()
    places = (
        MeetingAttendee.objects.filter(
            user=user, meeting__starts_at__gte=now - datetime.timedelta(days=PAST_DAYS)
        )
        .select_related("meeting", "meeting__council")
        .order_by("meeting__starts_at", "meeting_id")
    )
    return [meeting_event(p.meeting, with_link=True) for p in places]


def render_calendar(events: list[CalendarEvent], *, name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_escape(settings.SERVICE_NAME)}//Council meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(event.stamp)}",
            f"DTSTART:{_stamp(event.starts_at)}",
            f"DTEND:{_stamp(event.ends_at)}",
            f"SEQUENCE:{event.sequence}",
            f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
            f"SUMMARY:{_escape(event.summary)}",
            f"LOCATION:{_escape(event.location)}",
            f"DESCRIPTION:{_escape(event.description)}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def meeting_ics(meeting: Meeting, *, with_link: bool) -> str:
    return render_calendar([meeting_event(meeting, with_link=with_link)], name=meeting.title)
