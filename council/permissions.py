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
    Constituency,
    Council,
    Election,
    Membership,
    Nomination,
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
