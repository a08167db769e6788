"""Reads for council/ pages. Each returns what its page needs in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from council.action_links import ActionLink, actions_for, source_ref
from council.models import (
    AgendaItem,
    AgendaResponse,
    Ballot,
    Constituency,
    Council,
    Decision,
    Election,
    ElectionLogEntry,
    Meeting,
    MeetingAttendee,
    Membership,
    Minutes,
    Nomination,
    Participation,
    Portfolio,
    Receipt,
    RepIssue,
    RepIssueMessage,
    Representative,
    RollEntry,
)
from council.permissions import (
    can_manage_councils,
    can_run_elections,
    rep_constituency_ids,
)


def councils_for_list(*, user: Any) -> QuerySet[Council]:
    qs = Council.objects.annotate(
        constituency_count=Count("constituencies", distinct=True),
    ).order_by("name")
    if not can_manage_councils(user):
        qs = qs.filter(is_active=True)
    return qs


def constituencies_with_counts(*, council: Council) -> QuerySet[Constituency]:
    # Counted per constituency from council_membership_current_idx: a joined COUNT read
    # all 300,000 memberships of a national service for every council page.
    current = (
        Membership.objects.filter(constituency=OuterRef("pk"), left_on=None)
        .order_by()
        .values("constituency")
        # user_id is in the index too, so the count never reads the table itself.
        .annotate(n=Count("user_id"))
        .values("n")
    )
    return Constituency.objects.filter(council=council).annotate(
        member_count=Coalesce(Subquery(current), 0)
    )


def portfolios_for(*, council: Council) -> QuerySet[Portfolio]:
    return Portfolio.objects.filter(council=council)


def elections_for_list(*, user: Any, council: Council | None = None) -> QuerySet[Election]:
    qs = Election.objects.select_related("council", "constituency").order_by("-created_at", "-pk")
    if council is not None:
        qs = qs.filter(council=council)
    if not can_run_elections(user):
        qs = qs.exclude(status=Election.Status.DRAFT)
    if user.is_authenticated:
        qs = qs.annotate(
            i_am_on_roll=Exists(RollEntry.objects.filter(election=OuterRef("pk"), voter=user)),
            i_have_voted=Exists(Participation.objects.filter(election=OuterRef("pk"), voter=user)),
            i_am_member=Exists(
                Membership.objects.filter(
                    constituency=OuterRef("constituency"), user=user, left_on=None
                )
            ),
        )
    return qs


def election_candidates(*, election: Election) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(election=election, status=Nomination.Status.ACCEPTED)
        .select_related("nominee")
        .order_by("is_ron", "ballot_name", "pk")
    )


def election_nominations(*, election: Election) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(election=election)
        .select_related("nominee", "nominated_by")
        .order_by("status", "ballot_name", "pk")
    )


def nominations_for_user(*, user: Any) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(nominee=user)
        .select_related("election", "election__constituency", "nominated_by")
        .order_by("-created_at")
    )


def turnout(*, election: Election) -> dict[str, Any]:
    """Counts only: staff and returning officers never see who, let alone how."""
    counts = dict(
        Participation.objects.filter(election=election)
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    voted = sum(counts.values())
    roll = election.roll_size or 0
    return {
        "online": counts.get(Participation.Channel.ONLINE, 0),
        "paper": counts.get(Participation.Channel.PAPER, 0),
        "voted": voted,
        "roll": roll,
        "percent": round(100 * voted / roll, 1) if roll else None,
    }


def voter_status(*, election: Election, user: Any) -> dict[str, bool]:
    return {
        "on_roll": RollEntry.objects.filter(election=election, voter=user).exists(),
        "voted": Participation.objects.filter(election=election, voter=user).exists(),
        "member": Membership.objects.filter(
            constituency=election.constituency_id, user=user, left_on=None
        ).exists(),
    }


def election_log(*, election: Election) -> QuerySet[ElectionLogEntry]:
    return ElectionLogEntry.objects.filter(election=election).order_by("seq")


def ballots_page_rows(*, election: Election, ballots: list[Ballot]) -> list[list[str]]:
    names = dict(
        Nomination.objects.filter(election=election, status="accepted").values_list(
            "pk", "ballot_name"
        )
    )
    return [[names.get(c, "?") for c in b.ranking] for b in ballots]


def ballots_for_list(*, election: Election) -> QuerySet[Ballot]:
    # Random UUID order: no meaning, and stable from page to page.
    return Ballot.objects.filter(election=election).only("id", "ranking").order_by("id")


def receipts_for_list(*, election: Election) -> QuerySet[Receipt]:
    return Receipt.objects.filter(election=election).only("code_hash").order_by("code_hash")


def memberships_for_constituency(*, constituency: Constituency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(constituency=constituency, left_on=None)
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )


def representatives_for_council(*, council: Council) -> QuerySet[Representative]:
    return (
        Representative.objects.filter(council=council, stood_down_on=None)
        .select_related("user", "constituency", "election", "recorded_selection")
        .prefetch_related(
            Prefetch("portfolios", queryset=Portfolio.objects.order_by("order", "name"))
        )
        .order_by("constituency__name", "user__display_name", "pk")
    )


# --- For other apps (consultations' audiences) ----------------------------------------------


def constituency_choices() -> list[tuple[int, str]]:
    """Every constituency of an active council, as (id, "Council: Constituency")."""
    rows = (
        Constituency.objects.filter(council__is_active=True)
        .select_related("council")
        .order_by("council__name", "name")
    )
    return [(c.pk, f"{c.council.name}: {c.name}") for c in rows]


def constituency_ids_for_user(*, user: Any) -> set[int]:
    """The constituencies ``user`` is a current member of."""
    return set(
        Membership.objects.filter(user=user, left_on=None).values_list("constituency_id", flat=True)
    )


def member_ids_in_constituencies(*, constituency_ids: list[int]) -> QuerySet:
    """Ids of the current members of any of these constituencies (a subquery, not a list)."""
    return (
        Membership.objects.filter(constituency_id__in=constituency_ids, left_on=None)
        .values_list("user_id", flat=True)
        .distinct()
    )


# --- Meetings ---------------------------------------------------------------------------------


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("council", "minutes").annotate(
        item_count=Count("agenda_items", distinct=True)
    )


def meetings_upcoming(*, council: Council | None = None, now=None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    qs = _meetings().filter(ends_at__gte=now, council__is_active=True)
    if council is not None:
        qs = qs.filter(council=council)
    return qs.order_by("starts_at", "pk")


def meetings_past(*, council: Council | None = None, now=None) -> QuerySet[Meeting]:
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


def meetings_open_for_items(*, council: Council, now=None) -> QuerySet[Meeting]:
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
    *, items: list[AgendaItem], decisions: list[Decision] = ()
) -> dict[str, list[ActionLink]]:
    refs = [source_ref(i) for i in items] + [source_ref(d) for d in decisions]
    return actions_for(refs)


# --- "Tell your rep" --------------------------------------------------------------------------


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
