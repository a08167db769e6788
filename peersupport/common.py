"""Helpers shared by the peer-support services."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.services import notify
from peersupport.models import ACTIVE_SIGNUP_STATUSES, Occurrence, SignUp
from peersupport.timefmt import clock


def refuse(message: str, field: str | None = None) -> ValidationError:
    """A plain-English refusal the view shows as it is."""
    return ValidationError({field: [message]}) if field else ValidationError(message)


def local_label(occurrence: Occurrence) -> str:
    """'Tuesday 3 March 2026 at 6pm' in the session's own time zone."""
    start = timezone.localtime(occurrence.starts_at, occurrence.series.zone)
    return f"{start:%A} {start.day} {start:%B %Y} at {clock(start)}"


def tell_signup(signup: SignUp, *, kind: str, dedupe_key: str, **context) -> None:
    """Send one person a message about their place at a session."""
    occurrence = signup.occurrence
    notify(
        user=signup.user,
        kind=kind,
        context={"occurrence": occurrence, "when": local_label(occurrence), **context},
        dedupe_key=dedupe_key,
        link=reverse("peersupport:occurrence-detail", kwargs={"pk": occurrence.pk}),
    )


def clashing_signup(
    *,
    user_id: int,
    starts_at: datetime,
    ends_at: datetime,
    exclude_occurrence_id: int | None = None,
) -> SignUp | None:
    """The person's live session sign-up that overlaps this time, if any."""
    qs = SignUp.objects.select_related("occurrence__series").filter(
        user_id=user_id,
        status__in=ACTIVE_SIGNUP_STATUSES,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude_occurrence_id is not None:
        qs = qs.exclude(occurrence_id=exclude_occurrence_id)
    return qs.first()
