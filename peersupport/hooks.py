"""What peer support adds to the portal: home sections, navigation, to-dos, personal data
and demo data (see ``core.hooks``).

Models come from ``peersupport.models`` only (it re-exports every model of the app).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from core import hooks
from core.hooks import HomeLink, HomeSection, NavItem, Todo, Urgency
from core.templatetags.portal_dates import govuk_date
from users.roles import MEMBER_ROLES, Role

SHOWN = 3
# A mentor is asked to log a contact when none has been logged for this long.
CONTACT_EVERY_DAYS = 14
# A claim that was not approved stays on the mentor's list this long.
RETURNED_DAYS = 30
# Staff are told about helpline shifts short of mentors this far ahead.
SHORT_SHIFT_HOURS = 72


def _soon(when: Any, now: Any, days: int = 2) -> Urgency:
    return Urgency.SOON if when - now < timedelta(days=days) else Urgency.LATER


def _wants_a_mentor_link(user: Any) -> bool:
    """'Ask for a peer mentor' only for someone with no open request and no live match."""
    from peersupport.models import LIVE_MATCH_STATUSES, MatchRequest, MatchRequestStatus

    return not (
        MatchRequest.objects.filter(member=user)
        .filter(Q(status=MatchRequestStatus.OPEN) | Q(matches__status__in=LIVE_MATCH_STATUSES))
        .exists()
    )


def _session_todos(user: Any) -> list[Todo]:
    """A member's or mentor's next sessions (one query)."""
    from peersupport.models import OccurrenceStatus, SignUp, SignUpRole, SignUpStatus

    now = timezone.now()
    mentor = user.has_role(Role.MENTOR)
    signups = (
        SignUp.objects.filter(
            user=user,
            status=SignUpStatus.CONFIRMED,
            starts_at__gte=now,
            occurrence__status=OccurrenceStatus.SCHEDULED,
        )
        .select_related("occurrence")
        .order_by("starts_at", "pk")[: SHOWN if mentor else 1]
    )
    todos = []
    for signup in signups:
        occurrence = signup.occurrence
        # Members have no page for a session: theirs is the "your peer mentor" page.
        if mentor and signup.role == SignUpRole.MENTOR:
            url = reverse("peersupport:occurrence-detail", args=[occurrence.pk])
        elif mentor:
            url = reverse("peersupport:my-schedule")
        else:
            url = reverse("peersupport:my-requests")
        todos.append(
            Todo(
                text=gettext("Your next session: %(title)s") % {"title": occurrence.title},
                url=url,
                when=occurrence.starts_at,
                when_label=gettext("Starts"),
                urgency=_soon(occurrence.starts_at, now),
                hint=occurrence.place,
            )
        )
    return todos


# How long after a helpline shift its mentors are asked to log their calls.
LOG_CALLS_HOURS = 12


def _mentor_todos(user: Any) -> list[Todo]:
    """Helpline shifts, contacts to log and claims not approved (three queries)."""
    from peersupport.models import (
        ClaimStatus,
        ExpenseClaim,
        Match,
        MatchStatus,
        ShiftSignUp,
        ShiftSignUpStatus,
        ShiftStatus,
    )

    now = timezone.now()
    today = timezone.localdate()
    todos = []
    shifts = (
        ShiftSignUp.objects.filter(
            user=user,
            status=ShiftSignUpStatus.ON_ROTA,
            # Shifts to come, and (issue 16) the one on now or just over: log its calls.
            ends_at__gte=now - timedelta(hours=LOG_CALLS_HOURS),
            shift__status=ShiftStatus.SCHEDULED,
        )
        .select_related("shift")
        .order_by("starts_at", "pk")[:SHOWN]
    )
    for signup in shifts:
        if signup.starts_at <= now:
            todos.append(
                Todo(
                    text=gettext("Log the calls from your helpline shift: %(title)s")
                    % {"title": signup.shift.title},
                    url=reverse("peersupport:shift-detail", args=[signup.shift_id]),
                    when=signup.ends_at,
                    when_label=gettext("Ends") if signup.ends_at > now else gettext("Ended"),
                    urgency=Urgency.SOON,
                    hint=gettext("Log each call as soon as you can."),
                )
            )
            continue
        todos.append(
            Todo(
                text=gettext("Your helpline shift: %(title)s") % {"title": signup.shift.title},
                url=reverse("peersupport:shift-detail", args=[signup.shift_id]),
                when=signup.starts_at,
                when_label=gettext("Starts"),
                urgency=_soon(signup.starts_at, now),
            )
        )
    matches = (
        Match.objects.filter(mentor=user, status=MatchStatus.ACTIVE)
        .annotate(last_contact=Max("contacts__contact_on"))
        .filter(
            Q(last_contact__lt=today - timedelta(days=CONTACT_EVERY_DAYS))
            | Q(last_contact__isnull=True)
        )
        .select_related("member")
        .order_by(F("last_contact").asc(nulls_first=True), "pk")[:SHOWN]
    )
    for match in matches:
        since: date = match.last_contact or match.started_on or timezone.localdate(match.created_at)
        due = since + timedelta(days=CONTACT_EVERY_DAYS)
        todos.append(
            Todo(
                text=gettext("Log your contact with %(name)s")
                % {"name": match.member.display_name},
                url=reverse("peersupport:contact-create", args=[match.pk]),
                when=due,
                when_label=gettext("Due"),
                urgency=Urgency.OVERDUE if due < today else Urgency.NORMAL,
                hint=gettext("Record each time you meet, phone or message."),
            )
        )
    returned = ExpenseClaim.objects.filter(
        claimant=user,
        status=ClaimStatus.REJECTED,
        decided_at__gte=now - timedelta(days=RETURNED_DAYS),
    ).order_by("-decided_at", "-pk")[:SHOWN]
    for claim in returned:
        todos.append(
            Todo(
                text=gettext("Your travel claim for %(date)s was not approved")
                % {"date": govuk_date(claim.journey_date)},
                url=reverse("peersupport:claim-detail", args=[claim.pk]),
                when=timezone.localdate(claim.decided_at),
                when_label=gettext("Sent back"),
                urgency=Urgency.NORMAL,
                hint=gettext("Read why, then you can claim again."),
            )
        )
    return todos


def _staff_todos(user: Any) -> list[Todo]:
    """Claims to approve, helpline calls to follow up and shifts short of mentors soon
    (three queries)."""
    from peersupport.models import (
        ClaimStatus,
        ExpenseClaim,
        HelplineCall,
        Shift,
        ShiftSignUpStatus,
        ShiftStatus,
    )

    now = timezone.now()
    todos = hooks.backlog_todos(
        ngettext_lazy(
            "%(count)s travel claim to approve", "%(count)s travel claims to approve", "count"
        ),
        ExpenseClaim.objects.filter(status=ClaimStatus.SUBMITTED),
        dated_by="submitted_at",
        url=reverse("peersupport:expenses-staff"),
        when_label=gettext("Oldest sent"),
        soon_after=timedelta(days=7),
    )
    short = (
        Shift.objects.filter(
            status=ShiftStatus.SCHEDULED,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(hours=SHORT_SHIFT_HOURS),
        )
        .annotate(on_rota=Count("signups", filter=Q(signups__status=ShiftSignUpStatus.ON_ROTA)))
        .filter(on_rota__lt=F("mentors_needed"))
        .order_by("starts_at", "pk")[:5]
    )
    todos += hooks.backlog_todos(
        ngettext_lazy(
            "%(count)s helpline call to follow up", "%(count)s helpline calls to follow up", "count"
        ),
        HelplineCall.objects.filter(follow_up=True, follow_up_done_at=None),
        dated_by="started_at",
        url=reverse("peersupport:call-report"),
        when_label=gettext("Oldest call"),
        soon_after=timedelta(days=2),
    )
    for shift in short:
        todos.append(
            Todo(
                text=ngettext(
                    "Helpline shift needs %(count)s more mentor: %(title)s",
                    "Helpline shift needs %(count)s more mentors: %(title)s",
                    shift.short_by,
                )
                % {"count": shift.short_by, "title": shift.title},
                url=reverse("peersupport:shift-detail", args=[shift.pk]),
                when=shift.starts_at,
                when_label=gettext("Starts"),
                urgency=Urgency.SOON,
            )
        )
    return todos


def _seed_demo(users: dict[str, Any]) -> None:
    from peersupport import demo

    demo.seed(users)


def register() -> None:
    from peersupport import personal_data

    hooks.register_personal_data(personal_data)
    hooks.register_demo_data("peersupport", _seed_demo)
    hooks.register_todos(_session_todos, roles=MEMBER_ROLES)
    hooks.register_todos(_mentor_todos, roles={Role.MENTOR})
    hooks.register_todos(_staff_todos, roles={Role.STAFF})
    for section in (
        HomeSection(
            Role.MENTOR,
            _("Peer mentoring"),
            _(
                "Your sessions, signing up to groups and supervision, helpline shifts, "
                "the people you mentor, travel expenses, your certificates, and a "
                "calendar address for your phone."
            ),
            (
                HomeLink(_("My sessions"), "peersupport:my-schedule"),
                HomeLink(_("Sign up to sessions"), "peersupport:occurrence-list"),
                HomeLink(_("Helpline shifts"), "peersupport:shift-list"),
                HomeLink(_("People I mentor"), "peersupport:mentoring"),
                HomeLink(_("Travel expenses"), "peersupport:claim-list"),
                HomeLink(_("Raise a safeguarding concern"), "peersupport:concern-create"),
                HomeLink(_("My certificates"), "peersupport:certificate-list"),
                HomeLink(_("Calendar on your phone"), "peersupport:calendar"),
            ),
            # First of a mentor's other links (issue 16: it was 8th of 9).
            5,
        ),
        HomeSection(
            Role.STAFF,
            _("Run peer support"),
            _(
                "Refer and assess mentors, record training, plan the groups, supervision "
                "and helpline, match mentors, read safeguarding concerns, approve travel "
                "expenses, and check reviews that are due."
            ),
            (
                HomeLink(_("Peer support"), "peersupport:staff-home"),
                HomeLink(_("Mentors"), "peersupport:mentor-list"),
                HomeLink(_("Sessions"), "peersupport:series-list"),
                HomeLink(_("Helpline coverage"), "peersupport:shift-coverage"),
                HomeLink(_("Helpline calls"), "peersupport:call-report"),
                HomeLink(_("Mentoring matches"), "peersupport:matching-home"),
                HomeLink(_("Safeguarding concerns"), "peersupport:concern-list"),
                HomeLink(_("Travel expenses"), "peersupport:expenses-staff"),
                HomeLink(_("Certificate rules"), "peersupport:rule-list"),
            ),
            40,
        ),
        HomeSection(
            Role.SENIOR_MANAGER,
            _("The helpline"),
            _(
                "How many calls the out-of-hours helpline takes each week and what they are "
                "about. Small numbers are hidden so nobody can be picked out."
            ),
            (HomeLink(_("Helpline calls"), "peersupport:call-report"),),
            45,
        ),
        HomeSection(
            Role.MEMBER,
            _("A peer mentor for you"),
            _(
                "Someone who has been through it too: to talk to, to get out and about "
                "with, or to help with practical things. Ask, and staff will find "
                "someone who fits."
            ),
            (
                HomeLink(
                    _("Ask for a peer mentor"),
                    "peersupport:request-create",
                    show_if=_wants_a_mentor_link,
                ),
                HomeLink(_("Your peer mentor"), "peersupport:my-requests"),
            ),
            25,
        ),
    ):
        hooks.register_home_section(section)
    hooks.register_nav_item(
        NavItem(_("My sessions"), "peersupport:my-schedule", frozenset({Role.MENTOR}), 30)
    )
    hooks.register_nav_item(
        NavItem(_("Peer support"), "peersupport:staff-home", frozenset({Role.STAFF}), 40)
    )


register()
