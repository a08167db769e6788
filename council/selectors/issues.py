"""Reads for "tell your rep": the inbox, a member's issues, messages, duplicates and the trail.
Each returns what its page needs in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from council.action_links import actions_for, source_ref
from council.models import AgendaItem, AgendaResponse, Decision, RepIssue, RepIssueMessage
from council.permissions import rep_constituency_ids


def _issues() -> QuerySet[RepIssue]:
    return RepIssue.objects.select_related(
        "constituency",
        "portfolio",
        "raised_by",
        "agenda_item",
        "agenda_item__meeting",
        "agenda_item__meeting__minutes",
    ).annotate(
        duplicate_count=Count("duplicates", distinct=True),
        message_count=Count("messages", distinct=True),
        response_count=Count("agenda_item__responses", distinct=True),
    )


def issues_inbox(*, user: Any, status: str = "") -> QuerySet[RepIssue]:
    """The issues of the constituencies ``user`` represents; merged ones are under their
    main issue."""
    qs = _issues().filter(constituency_id__in=rep_constituency_ids(user))
    qs = qs.filter(status=status) if status else qs.exclude(status=RepIssue.Status.MERGED)
    return qs.order_by("-created_at", "-pk")


def issues_for_member(*, user: Any) -> QuerySet[RepIssue]:
    return _issues().filter(raised_by=user).order_by("-created_at", "-pk")


def issue_messages(*, issue: RepIssue) -> list[RepIssueMessage]:
    return list(
        RepIssueMessage.objects.filter(issue=issue)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def issue_duplicates(*, issue: RepIssue) -> list[RepIssue]:
    return list(
        RepIssue.objects.filter(merged_into=issue)
        .select_related("raised_by", "constituency")
        .order_by("created_at", "pk")
    )


def merge_candidates(*, issue: RepIssue, user: Any, limit: int = 100) -> QuerySet[RepIssue]:
    """Other open issues this representative could join to ``issue`` (newest first)."""
    return (
        RepIssue.objects.filter(
            council_id=issue.council_id,
            constituency_id__in=rep_constituency_ids(user),
            status=RepIssue.Status.OPEN,
        )
        .exclude(pk=issue.pk)
        .select_related("constituency")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class TrailStep:
    """One step on the way from "you told your rep" to "we did"."""

    title: str
    when: datetime.datetime | None = None
    text: str = ""
    link: str = ""
    link_text: str = ""
    done: bool = True


def issue_stage(issue: RepIssue) -> str:
    """A short label for where an issue has got to (for lists)."""
    main = issue.merged_into if issue.merged_into_id and issue.merged_into else issue
    if main.status == RepIssue.Status.CLOSED:
        return _("Closed")
    item = issue.agenda_item
    if item is not None:
        minutes = getattr(item.meeting, "minutes", None) if item.meeting_id else None
        if minutes is not None and minutes.is_published:
            return _("Minutes published")
        if getattr(issue, "response_count", 0):
            return _("Answered")
        return _("Raised at a meeting")
    if issue.status == RepIssue.Status.MERGED:
        return _("Joined with a similar issue")
    return _("Received")


def issue_trail(*, issue: RepIssue) -> list[TrailStep]:
    """Where the member's issue got to: received, replies, joined with others, raised at a
    meeting, answered, decided, became an action. Names only those who speak in public
    (representatives and senior managers), never other members."""
    from django.urls import reverse

    steps = [
        TrailStep(
            _("Sent to your representatives for %(place)s") % {"place": issue.constituency.name},
            issue.created_at,
        )
    ]
    main = issue
    if issue.status == RepIssue.Status.MERGED and issue.merged_into_id:
        main = (
            RepIssue.objects.select_related("agenda_item").filter(pk=issue.merged_into_id).first()
            or issue
        )
        steps.append(
            TrailStep(
                _("Your representative joined it with the same issue raised by others"),
                issue.updated_at,
            )
        )
    item = issue.agenda_item or main.agenda_item
    if item is None:
        if main.status == RepIssue.Status.CLOSED:
            steps.append(
                TrailStep(_("Closed by your representative"), main.updated_at, main.closed_reason)
            )
        else:
            steps.append(
                TrailStep(
                    _("Waiting to be raised at a council meeting"),
                    text=_("Your representatives decide which issues to take to the council."),
                    done=False,
                )
            )
        return steps
    item = (
        AgendaItem.objects.select_related("meeting", "meeting__minutes", "meeting__council")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=AgendaResponse.objects.select_related("author").order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("pk")),
        )
        .get(pk=item.pk)
    )
    meeting = item.meeting
    people = item.people_count
    steps.append(
        TrailStep(
            _("Raised at %(meeting)s") % {"meeting": meeting.title},
            item.created_at,
            (
                _("On the agenda as “%(title)s”. %(n)s people raised this.")
                % {"title": item.title, "n": people}
                if people > 1
                else _("On the agenda as “%(title)s”.") % {"title": item.title}
            ),
            reverse("council:agenda-item-detail", kwargs={"pk": item.pk}),
            _("See the agenda item"),
        )
    )
    for response in item.responses.all():
        steps.append(
            TrailStep(
                _("Answered by %(name)s") % {"name": response.author or _("a senior manager")},
                response.created_at,
                response.body,
            )
        )
    minutes = getattr(meeting, "minutes", None)
    decisions = list(item.decisions.all())
    if minutes is not None and minutes.is_published:
        steps.append(
            TrailStep(
                _("Discussed at the meeting on %(day)s")
                % {"day": dateformat.format(timezone.localtime(meeting.starts_at), "j F Y")},
                minutes.published_at,
                item.minute_note,
                reverse("council:meeting-minutes", kwargs={"pk": meeting.pk}),
                _("Read the minutes"),
            )
        )
        for decision in decisions:
            steps.append(TrailStep(_("Decided"), minutes.published_at, decision.text))
    elif meeting.is_cancelled:
        steps.append(TrailStep(_("The meeting was cancelled"), meeting.updated_at, done=False))
    else:
        steps.append(
            TrailStep(
                _("Waiting for the meeting and its minutes"),
                meeting.starts_at,
                done=False,
            )
        )
    refs = [source_ref(item)]
    if minutes is not None and minutes.is_published:
        refs += [source_ref(d) for d in decisions]
    for links in actions_for(refs).values():
        for action in links:
            steps.append(
                TrailStep(
                    _("Became an action: %(title)s") % {"title": action.title},
                    text=_("Status: %(status)s") % {"status": action.status},
                    link=action.link,
                    link_text=_("See it on the “You said, we did” board"),
                )
            )
    return steps
