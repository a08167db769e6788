"""The personal calendar feed: a secret, revocable address serving RFC 5545 text.

Written by hand rather than with a library: the format needs only escaping (RFC 5545
3.3.11), line folding at 75 octets (3.1) and CRLF line ends. Each event has a stable UID,
a SEQUENCE that only goes up, and STATUS:CANCELLED when the session is cancelled or the
person has withdrawn. No other person's name is in it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.audit_actions import AuditAction
from core.services import audit_record
from peersupport.models import (
    CalendarFeed,
    OccurrenceStatus,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftStatus,
    SignUp,
    SignUpStatus,
)
from users.models import User

PAST_DAYS = 90


def _hash(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def calendar_feed_issue(*, user: User) -> str:
    """Make (or remake) the secret address. The old address stops working at once.

    Returns the token, which is shown once; only its hash is stored.
    """
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": _hash(token)})
    audit_record(actor=user, action=AuditAction.PEERSUPPORT_CALENDAR_FEED_ISSUE, obj=user)
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    deleted, _detail = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=user, action=AuditAction.PEERSUPPORT_CALENDAR_FEED_REVOKE, obj=user)
    return bool(deleted)


def calendar_feed_find(*, token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    # Recorded at most once an hour: calendar apps poll often.
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed


def escape_text(value: str) -> str:
    """RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newline are escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets continue on the next line after a space.

    Splits on octets without cutting a UTF-8 character in two.
    """
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_render(*, user: User, now: datetime | None = None) -> str:
    """The person's sessions and helpline shifts from 90 days ago on, as an iCalendar document."""
    now = now or timezone.now()
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "portal"
    host = host.lstrip(".") if host != "*" else "portal"
    signups = (
        SignUp.objects.select_related("occurrence")
        .filter(user=user, starts_at__gte=now - timedelta(days=PAST_DAYS))
        .order_by("starts_at", "id")
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape_text(settings.SERVICE_NAME)}//Peer support//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text('Peer support sessions')}",
    ]
    for signup in signups:
        occurrence = signup.occurrence
        cancelled = occurrence.status == OccurrenceStatus.CANCELLED or signup.status in (
            SignUpStatus.WITHDRAWN,
            SignUpStatus.SESSION_CANCELLED,
        )
        if cancelled:
            status = "CANCELLED"
        elif signup.status == SignUpStatus.WAITING:
            status = "TENTATIVE"
        else:
            status = "CONFIRMED"
        summary = occurrence.title
        if signup.status == SignUpStatus.WAITING:
            summary = f"{summary} (waiting list)"
        description = occurrence.get_session_type_display()
        if occurrence.status == OccurrenceStatus.CANCELLED and occurrence.cancelled_reason:
            description += f"\nCancelled: {occurrence.cancelled_reason}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:peer-occurrence-{occurrence.pk}@{host}",
            f"DTSTAMP:{_stamp(max(occurrence.updated_at, signup.updated_at))}",
            f"DTSTART:{_stamp(occurrence.starts_at)}",
            f"DTEND:{_stamp(occurrence.ends_at)}",
            # Both counters only ever go up, so their sum does too.
            f"SEQUENCE:{occurrence.sequence + signup.sequence}",
            f"STATUS:{status}",
            f"SUMMARY:{escape_text(summary)}",
            f"LOCATION:{escape_text(occurrence.place)}",
            f"DESCRIPTION:{escape_text(description)}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines += _shift_events(user=user, now=now, host=host)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _shift_events(*, user: User, now: datetime, host: str) -> list[str]:
    """The person's helpline shifts, in the same feed. Off the rota shows as cancelled."""
    lines: list[str] = []
    signups = (
        ShiftSignUp.objects.select_related("shift")
        .filter(user=user, starts_at__gte=now - timedelta(days=PAST_DAYS))
        .order_by("starts_at", "id")
    )
    for signup in signups:
        shift = signup.shift
        on = signup.status == ShiftSignUpStatus.ON_ROTA and shift.status == ShiftStatus.SCHEDULED
        description = "Out-of-hours helpline shift"
        if shift.status == ShiftStatus.CANCELLED and shift.cancelled_reason:
            description += f"\nCancelled: {shift.cancelled_reason}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:peer-shift-{shift.pk}@{host}",
            f"DTSTAMP:{_stamp(max(shift.updated_at, signup.updated_at))}",
            f"DTSTART:{_stamp(shift.starts_at)}",
            f"DTEND:{_stamp(shift.ends_at)}",
            # Every change of the person's place (and a cancelled shift) raises it.
            f"SEQUENCE:{signup.sequence}",
            f"STATUS:{'CONFIRMED' if on else 'CANCELLED'}",
            f"SUMMARY:{escape_text(shift.title)}",
            f"DESCRIPTION:{escape_text(description)}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    return lines
