"""Reads for meeting pages: upcoming and past meetings, agendas, attendees and decisions. Each
returns what its page needs in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from council.action_links import ActionLink, actions_for, source_ref
from council.models import (
    AgendaItem,
    AgendaResponse,
    Council,
    Decision,
    Meeting,
    MeetingAttendee,
    Minutes,
    RepIssue,
)


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("council", "minutes").annotate(
        item_count=Count("agenda_items", distinct=True)
    )


def meetings_upcoming(
    *, council: Council | None = None, now: datetime | None = None
) -> QuerySet[Meeting]:
    now = now or timezone.now()
    qs = _meetings().filter(ends_at__gte=now, council__is_active=True)
    if council is not None:
        qs = qs.filter(council=council)
    return qs.order_by("starts_at", "pk")


def meetings_past(
    *, council: Council | None = None, now: datetime | None = None
) -> QuerySet[Meeting]:
    now = now or timezone.now()
    qs = _meetings().filter(ends_at__lt=now, council__is_active=True)
    if council is not None:
        qs = qs.filter(council=council)
    return qs.order_by("-starts_at", "-pk")


def meetings_with_published_minutes(*, council: Council) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(council=council, minutes__status=Minutes.Status.PUBLISHED)
        .select_related("minutes")
        .order_by("-starts_at", "-pk")
    )


def meeting_ids_expecting(*, user: Any, meeting_ids: list[int]) -> set[int]:
    """Which of these meetings ``user`` is expected at (one query for a page of meetings)."""
    if not user.is_authenticated or not meeting_ids:
        return set()
    return set(
        MeetingAttendee.objects.filter(user=user, meeting_id__in=meeting_ids).values_list(
            "meeting_id", flat=True
        )
    )


def meeting_agenda(*, meeting: Meeting) -> list[AgendaItem]:
    """The agenda with everything each item shows, in a fixed number of queries."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("constituency", "portfolio", "owner", "raised_by")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=AgendaResponse.objects.select_related("author").order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("pk")),
        )
        .order_by("position", "pk")
    )


def meeting_general_decisions(*, meeting: Meeting) -> list[Decision]:
    return list(Decision.objects.filter(meeting=meeting, item=None).order_by("pk"))


def meeting_attendees(*, meeting: Meeting) -> list[MeetingAttendee]:
    return list(
        MeetingAttendee.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("capacity", "user__display_name", "user__username", "pk")
    )


def meetings_open_for_items(*, council: Council, now: datetime | None = None) -> QuerySet[Meeting]:
    """Meetings an issue can still be raised at: going ahead, not yet over, minutes not
    approved."""
    now = now or timezone.now()
    return (
        Meeting.objects.filter(council=council, status=Meeting.Status.SCHEDULED, ends_at__gte=now)
        .exclude(minutes__status__in=[Minutes.Status.APPROVED, Minutes.Status.PUBLISHED])
        .order_by("starts_at", "pk")
    )


def item_issues(*, item: AgendaItem) -> list[RepIssue]:
    """The member issues behind an agenda item (who raised them is the template's question,
    answered by ``can_see_raiser``)."""
    return list(
        RepIssue.objects.filter(agenda_item=item)
        .select_related("raised_by", "constituency", "portfolio")
        .order_by("created_at", "pk")
    )


def action_links_for_items(
    *, items: list[AgendaItem], decisions: Sequence[Decision] = ()
) -> dict[str, list[ActionLink]]:
    refs = [source_ref(i) for i in items] + [source_ref(d) for d in decisions]
    return actions_for(refs)
