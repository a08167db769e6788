"""Who may see and do what in council/. Every view that takes an id goes through a getter here.

Getters raise ``Http404`` when the person may not even know the thing exists, and
``PermissionDenied`` when they may see it but not change it.

Nobody, whatever their role, has a way to see how a person voted: no getter here returns
a ballot for a person, because no ballot is linked to one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from council.models import (
    AgendaItem,
    Constituency,
    Council,
    Decision,
    Election,
    Meeting,
    Membership,
    Minutes,
    Nomination,
    RepIssue,
    Representative,
)
from users.roles import MEMBER_ROLES, Role

ELECTION_RUNNERS = (Role.RETURNING_OFFICER, Role.ADMINISTRATOR)
COUNCIL_MANAGERS = (Role.STAFF, Role.ADMINISTRATOR)


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def can_run_elections(user: Any) -> bool:
    return _signed_in(user) and user.has_role(*ELECTION_RUNNERS)


def can_manage_councils(user: Any) -> bool:
    return _signed_in(user) and user.has_role(*COUNCIL_MANAGERS)


def can_record_selections(user: Any) -> bool:
    return _signed_in(user) and user.has_role(
        Role.RETURNING_OFFICER, Role.STAFF, Role.ADMINISTRATOR
    )


def is_member(user: Any) -> bool:
    return _signed_in(user) and user.has_role(*MEMBER_ROLES)


def can_see_election(user: Any, election: Election) -> bool:
    return election.is_public or can_run_elections(user)


def can_see_results(user: Any, election: Election) -> bool:
    """Released results are public. Before release only the returning officer sees the count."""
    if election.status == Election.Status.PUBLISHED:
        return True
    return election.status == Election.Status.COUNTED and can_run_elections(user)


def get_council_for_user(*, user: Any, slug: str, manage: bool = False) -> Council:
    council = get_object_or_404(Council, slug=slug)
    if not council.is_active and not can_manage_councils(user):
        raise Http404
    if manage and not can_manage_councils(user):
        raise PermissionDenied
    return council


def get_council_for_recording(*, user: Any, slug: str) -> Council:
    council = get_object_or_404(Council, slug=slug, is_active=True)
    if not can_record_selections(user):
        raise PermissionDenied
    return council


def get_council_for_election_runner(*, user: Any, slug: str) -> Council:
    council = get_object_or_404(Council, slug=slug, is_active=True)
    if not can_run_elections(user):
        raise PermissionDenied
    return council


def get_constituency_for_manager(*, user: Any, pk: int) -> Constituency:
    constituency = get_object_or_404(Constituency.objects.select_related("council"), pk=pk)
    if not can_manage_councils(user):
        raise PermissionDenied
    return constituency


def get_membership_for_manager(*, user: Any, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("constituency", "user"), pk=pk)
    if not can_manage_councils(user):
        raise PermissionDenied
    return membership


def get_election_for_user(*, user: Any, pk: int, manage: bool = False) -> Election:
    election = get_object_or_404(Election.objects.select_related("council", "constituency"), pk=pk)
    if not can_see_election(user, election):
        raise Http404
    if manage and not can_run_elections(user):
        raise PermissionDenied
    return election


def get_election_results_for_user(*, user: Any, pk: int) -> Election:
    election = get_election_for_user(user=user, pk=pk)
    if not can_see_results(user, election):
        raise Http404
    return election


def get_election_for_voter(*, user: Any, pk: int) -> Election:
    """Members only; whether they are on the roll is the service's question (with a message)."""
    election = get_election_for_user(user=user, pk=pk)
    if not is_member(user):
        raise PermissionDenied
    return election


def get_nomination_for_nominee(*, user: Any, pk: int) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("election", "election__constituency"), pk=pk, is_ron=False
    )
    if nomination.nominee_id != user.pk:
        raise Http404
    return nomination


def get_nomination_for_decision(*, user: Any, pk: int) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("election", "nominee", "nominated_by"),
        pk=pk,
        is_ron=False,
    )
    if not can_run_elections(user):
        raise PermissionDenied
    return nomination


def get_representative_for_stand_down(*, user: Any, pk: int) -> Representative:
    """Staff record standing down; a representative may also stand themselves down."""
    rep = get_object_or_404(Representative.objects.select_related("council", "user"), pk=pk)
    if not (can_manage_councils(user) or rep.user_id == user.pk):
        raise PermissionDenied
    return rep


# --- Meetings ---------------------------------------------------------------------------------
#
# Meetings, agendas and published minutes are for everyone who holds a role (members and the
# people who work with them), not for the public web. Organising a meeting is for staff;
# representatives of the council add items and may draft minutes; only the chair approves
# minutes; senior managers write responses. Draft minutes are seen only by those people.

MEETING_ORGANISERS = (Role.STAFF, Role.ADMINISTRATOR)
RESPONDERS = (Role.SENIOR_MANAGER, Role.ADMINISTRATOR)
ACTION_MAKERS = (Role.STAFF, Role.SENIOR_MANAGER, Role.ADMINISTRATOR)


def has_any_role(user: Any) -> bool:
    return _signed_in(user) and bool(user.roles)


def can_organise_meetings(user: Any) -> bool:
    return _signed_in(user) and user.has_role(*MEETING_ORGANISERS)


def can_respond(user: Any) -> bool:
    return _signed_in(user) and user.has_role(*RESPONDERS)


def can_make_actions(user: Any) -> bool:
    """Who is shown the "make this an action" link (the action plan checks again)."""
    return _signed_in(user) and user.has_role(*ACTION_MAKERS)


def rep_constituency_ids(user: Any) -> set[int]:
    """The constituencies ``user`` currently represents (one query, cached on the user)."""
    if not _signed_in(user) or not user.has_role(Role.REPRESENTATIVE):
        return set()
    cached = getattr(user, "_council_rep_constituencies", None)
    if cached is None:
        cached = set(
            Representative.objects.filter(
                user=user, stood_down_on=None, constituency__isnull=False
            ).values_list("constituency_id", flat=True)
        )
        user._council_rep_constituencies = cached
    return cached


def rep_council_ids(user: Any) -> set[int]:
    """The councils ``user`` currently sits on as a representative."""
    if not _signed_in(user) or not user.has_role(Role.REPRESENTATIVE):
        return set()
    cached = getattr(user, "_council_rep_councils", None)
    if cached is None:
        cached = set(
            Representative.objects.filter(user=user, stood_down_on=None).values_list(
                "council_id", flat=True
            )
        )
        user._council_rep_councils = cached
    return cached


def is_council_rep(user: Any, council_id: int) -> bool:
    return council_id in rep_council_ids(user)


def can_add_agenda_items(user: Any, meeting: Meeting) -> bool:
    if meeting.is_cancelled:
        return False
    return can_organise_meetings(user) or is_council_rep(user, meeting.council_id)


def can_draft_minutes(user: Any, meeting: Meeting) -> bool:
    return (
        can_organise_meetings(user)
        or is_council_rep(user, meeting.council_id)
        or (_signed_in(user) and meeting.chair_id == user.pk)
    )


def can_approve_minutes(user: Any, meeting: Meeting) -> bool:
    """Only the chair approves: an administrator cannot approve on the chair's behalf."""
    return _signed_in(user) and meeting.chair_id is not None and meeting.chair_id == user.pk


def can_publish_minutes(user: Any, meeting: Meeting) -> bool:
    return can_organise_meetings(user) or can_approve_minutes(user, meeting)


def can_see_unpublished_minutes(user: Any, meeting: Meeting) -> bool:
    return can_draft_minutes(user, meeting) or can_respond(user)


def minutes_visible(user: Any, meeting: Meeting, minutes: Minutes | None) -> bool:
    if minutes is None:
        return False
    return minutes.is_published or can_see_unpublished_minutes(user, meeting)


def _minutes_of(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def get_meeting_for_user(*, user: Any, pk: int, action: str = "view") -> Meeting:
    """``action``: view, organise, add_item, draft_minutes, approve_minutes, publish_minutes."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("council", "chair", "minutes"), pk=pk
    )
    if not has_any_role(user) or (
        not meeting.council.is_active and not can_organise_meetings(user)
    ):
        raise Http404
    allowed = {
        "view": True,
        "organise": can_organise_meetings(user),
        "add_item": can_add_agenda_items(user, meeting),
        "draft_minutes": can_draft_minutes(user, meeting),
        "see_minutes": minutes_visible(user, meeting, _minutes_of(meeting)),
        "approve_minutes": can_approve_minutes(user, meeting),
        "publish_minutes": can_publish_minutes(user, meeting),
    }[action]
    if not allowed:
        if action == "see_minutes":
            raise Http404
        raise PermissionDenied
    return meeting


def can_edit_agenda_item(user: Any, item: AgendaItem) -> bool:
    return can_organise_meetings(user) or (
        _signed_in(user)
        and item.raised_by_id == user.pk
        and is_council_rep(user, item.meeting.council_id)
    )


def get_agenda_item_for_user(*, user: Any, pk: int, action: str = "view") -> AgendaItem:
    """``action``: view, edit, move, respond."""
    item = get_object_or_404(
        AgendaItem.objects.select_related(
            "meeting",
            "meeting__council",
            "meeting__minutes",
            "constituency",
            "portfolio",
            "owner",
            "raised_by",
        ),
        pk=pk,
    )
    if not has_any_role(user):
        raise Http404
    allowed = {
        "view": True,
        "edit": can_edit_agenda_item(user, item),
        "move": can_organise_meetings(user),
        "respond": can_respond(user),
    }[action]
    if not allowed:
        raise PermissionDenied
    return item


def get_decision_for_user(*, user: Any, pk: int, action: str = "view") -> Decision:
    """A decision is seen once the minutes are published (before that, by those running it)."""
    decision = get_object_or_404(
        Decision.objects.select_related("meeting", "meeting__council", "meeting__minutes", "item"),
        pk=pk,
    )
    meeting = decision.meeting
    if not has_any_role(user) or not minutes_visible(user, meeting, _minutes_of(meeting)):
        raise Http404
    if action == "change" and not can_draft_minutes(user, meeting):
        raise PermissionDenied
    return decision


# --- "Tell your rep" --------------------------------------------------------------------------


def can_handle_issue(user: Any, issue: RepIssue) -> bool:
    """The representatives of the issue's constituency, and nobody else (not administrators)."""
    return issue.constituency_id in rep_constituency_ids(user)


def can_see_raiser(user: Any, issue: RepIssue) -> bool:
    """Whether ``user`` may be shown who raised ``issue``. The member decides:

    - nobody (the default): only the member themselves;
    - representatives: also the representatives of that constituency;
    - answering: also staff, senior managers and the council's other representatives who
      see it on an agenda item.
    """
    if not _signed_in(user):
        return False
    if issue.raised_by_id == user.pk:
        return True
    shared = issue.name_shared
    if shared == RepIssue.NameShared.NOBODY:
        return False
    if can_handle_issue(user, issue):
        return True
    if shared == RepIssue.NameShared.EVERYONE_ANSWERING:
        return (
            can_organise_meetings(user)
            or can_respond(user)
            or is_council_rep(user, issue.council_id)
        )
    return False


def can_see_issue_text_on_agenda(user: Any, meeting: Meeting) -> bool:
    """What members wrote (never who, unless they agreed) is shown on an agenda item to the
    people who answer it: staff, senior managers and the council's representatives."""
    return (
        can_organise_meetings(user) or can_respond(user) or is_council_rep(user, meeting.council_id)
    )


def get_issue_for_user(*, user: Any, pk: int, action: str = "view") -> RepIssue:
    """``action``: view (the raiser or the constituency's representatives), handle (reps only),
    follow_up (the raiser only). Anyone else gets 404: they may not know the issue exists."""
    issue = get_object_or_404(
        RepIssue.objects.select_related(
            "council",
            "constituency",
            "portfolio",
            "raised_by",
            "merged_into",
            "agenda_item",
            "agenda_item__meeting",
            "agenda_item__meeting__minutes",
        ),
        pk=pk,
    )
    is_raiser = _signed_in(user) and issue.raised_by_id == user.pk
    is_rep = can_handle_issue(user, issue)
    if not (is_raiser or is_rep):
        raise Http404
    if action == "handle" and not is_rep:
        raise PermissionDenied
    if action == "follow_up" and not is_raiser:
        raise PermissionDenied
    return issue
