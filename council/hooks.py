"""What the council app adds to the portal: home sections, navigation, to-dos, personal data,
action sources and demo data (see ``core.hooks``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from core import hooks
from core.hooks import HomeLink, HomeSection, NavItem, Todo, Urgency
from users.roles import Role

# How many of each kind of to-do the home page lists (each provider's queries are fixed).
SHOWN = 5
# A reply from a representative stays on the member's list this long (or until they answer).
REPLY_DAYS = 14


def _member_todos(user: Any) -> list[Todo]:
    """Elections to vote in, and replies from their representatives.

    Privacy: only the voter roll and ``Participation`` (whether this person has voted) are
    read: nothing about any ballot. Both are this person's own information.
    """
    from council.models import Election, Participation, RepIssue, RepIssueMessage, RollEntry

    now = timezone.now()
    todos: list[Todo] = []
    elections = (
        Election.objects.filter(status=Election.Status.VOTING_OPEN)
        .filter(Q(voting_close_at__isnull=True) | Q(voting_close_at__gt=now))
        .filter(Exists(RollEntry.objects.filter(election=OuterRef("pk"), voter=user)))
        .exclude(Exists(Participation.objects.filter(election=OuterRef("pk"), voter=user)))
        .order_by("voting_close_at", "pk")[:SHOWN]
    )
    for election in elections:
        closes = election.voting_close_at
        todos.append(
            Todo(
                text=gettext("Vote in the election for %(title)s") % {"title": election.title},
                url=reverse("council:vote", args=[election.pk]),
                when=closes,
                when_label=gettext("Voting closes"),
                urgency=Urgency.SOON
                if closes and closes - now < timedelta(days=3)
                else Urgency.NORMAL,
                hint=gettext("Voting is open. How you vote is secret."),
            )
        )
    last = RepIssueMessage.objects.filter(issue=OuterRef("pk")).order_by("-created_at", "-pk")
    issues = (
        RepIssue.objects.filter(raised_by=user)
        .exclude(status__in=[RepIssue.Status.MERGED, RepIssue.Status.CLOSED])
        .annotate(
            last_at=Subquery(last.values("created_at")[:1]),
            last_from_raiser=Subquery(last.values("from_raiser")[:1]),
        )
        .filter(last_from_raiser=False, last_at__gte=now - timedelta(days=REPLY_DAYS))
        .order_by("-last_at", "-pk")[:SHOWN]
    )
    for issue in issues:
        todos.append(
            Todo(
                text=gettext("Read your representative's reply"),
                url=reverse("council:issue-detail", args=[issue.pk]),
                when=timezone.localdate(issue.last_at),
                when_label=gettext("Replied"),
                urgency=Urgency.NORMAL,
                hint=Truncator(issue.problem).chars(80),
            )
        )
    return todos


def _representative_todos(user: Any) -> list[Todo]:
    """New issues from members (not yet answered by a representative) and the next meeting."""
    from council.models import Meeting, MeetingAttendee, RepIssue, RepIssueMessage
    from council.permissions import rep_constituency_ids, rep_council_ids

    todos: list[Todo] = []
    constituencies = rep_constituency_ids(user)
    if constituencies:
        answered = RepIssueMessage.objects.filter(issue=OuterRef("pk"), from_raiser=False)
        todos += hooks.backlog_todos(
            ngettext_lazy(
                "%(count)s new issue from members", "%(count)s new issues from members", "count"
            ),
            RepIssue.objects.filter(
                constituency_id__in=constituencies, status=RepIssue.Status.OPEN
            ).exclude(Exists(answered)),
            dated_by="created_at",
            url=reverse("council:issue-inbox"),
            when_label=gettext("Oldest sent"),
            soon_after=timedelta(days=7),
            hint=gettext("Read them and reply."),
        )
    meeting = (
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())
        .filter(
            Q(council_id__in=rep_council_ids(user))
            | Q(Exists(MeetingAttendee.objects.filter(meeting=OuterRef("pk"), user=user)))
        )
        .order_by("starts_at", "pk")
        .first()
    )
    if meeting is not None:
        todos.append(
            Todo(
                text=gettext("Next council meeting: %(title)s") % {"title": meeting.title},
                url=reverse("council:meeting-detail", args=[meeting.pk]),
                when=meeting.starts_at,
                when_label=gettext("Starts"),
                urgency=Urgency.SOON
                if meeting.starts_at - timezone.now() < timedelta(days=3)
                else Urgency.LATER,
                hint=gettext("Read the agenda before the meeting."),
            )
        )
    return todos


def _seed_demo(users: dict[str, Any]) -> None:
    from council import demo

    demo.seed(users)


def register() -> None:
    from council import action_sources, personal_data

    hooks.register_personal_data(personal_data)
    hooks.register_action_source(
        "council.agendaitem", kind="council_agenda_item", resolve=action_sources.resolve_agenda_item
    )
    hooks.register_action_source(
        "council.decision", kind="council_decision", resolve=action_sources.resolve_decision
    )
    hooks.register_demo_data("council", _seed_demo)
    hooks.register_todos(_member_todos, roles={Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE})
    hooks.register_todos(_representative_todos, roles={Role.REPRESENTATIVE})
    for section in (
        HomeSection(
            Role.MEMBER,
            _("Your council"),
            _(
                "Vote for who speaks for you, stand for election yourself, and see "
                "the results and who represents you. How you vote is secret."
            ),
            (
                HomeLink(_("Elections: vote or stand"), "council:election-list"),
                HomeLink(_("My nominations"), "council:my-nominations"),
                HomeLink(_("Councils and representatives"), "council:council-list"),
                HomeLink(_("How the count works"), "council:how-count-works"),
            ),
            20,
        ),
        HomeSection(
            Role.MEMBER,
            _("Tell your rep"),
            _(
                "Tell your council representatives about a problem and what would help. "
                "You choose whether they see your name; probation staff never see it "
                "unless you agree. Follow it to the council meeting and what was done."
            ),
            (
                HomeLink(_("Tell your rep"), "council:issue-create"),
                HomeLink(_("Issues you have raised"), "council:issue-mine"),
                HomeLink(_("Council meetings and minutes"), "council:meeting-list"),
            ),
            21,
        ),
        HomeSection(
            Role.REPRESENTATIVE,
            _("Your work as a representative"),
            _(
                "Read what members have told you, reply, join issues that are the same, "
                "and raise them at council meetings with senior managers."
            ),
            (
                HomeLink(_("Your inbox: issues from members"), "council:issue-inbox"),
                HomeLink(_("Council meetings"), "council:meeting-list"),
            ),
            15,
        ),
        HomeSection(
            Role.SENIOR_MANAGER,
            _("Council meetings"),
            _(
                "Meet the council, read what members raised through their "
                "representatives, and answer each agenda item in writing."
            ),
            (HomeLink(_("Council meetings and agendas"), "council:meeting-list"),),
            30,
        ),
        HomeSection(
            Role.RETURNING_OFFICER,
            _("Run elections"),
            _(
                "Set up elections, open and close nominations and voting, decide "
                "nominations, enter paper ballots, run the count and release results."
            ),
            (
                HomeLink(_("Elections"), "council:election-list"),
                HomeLink(_("Set up an election: choose a council"), "council:council-list"),
            ),
            30,
        ),
        HomeSection(
            Role.STAFF,
            _("Councils and membership"),
            _(
                "Manage councils, constituencies, portfolios, members and co-opted "
                "representatives. Plan council meetings, agendas and minutes."
            ),
            (
                HomeLink(_("Councils"), "council:council-list"),
                HomeLink(_("Council meetings"), "council:meeting-list"),
            ),
            40,
        ),
    ):
        hooks.register_home_section(section)
    for item in (
        NavItem(
            _("Elections"),
            "council:election-list",
            frozenset(
                {Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE, Role.RETURNING_OFFICER, Role.STAFF}
            ),
            20,
        ),
        NavItem(
            _("Councils"),
            "council:council-list",
            frozenset(
                {Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE, Role.STAFF, Role.SENIOR_MANAGER}
            ),
            21,
        ),
        NavItem(
            _("Tell your rep"), "council:issue-create", frozenset({Role.MEMBER, Role.MENTOR}), 22
        ),
        NavItem(
            _("Meetings"),
            "council:meeting-list",
            frozenset({Role.REPRESENTATIVE, Role.STAFF, Role.SENIOR_MANAGER}),
            22,
        ),
        NavItem(_("Rep inbox"), "council:issue-inbox", frozenset({Role.REPRESENTATIVE}), 23),
    ):
        hooks.register_nav_item(item)


register()
