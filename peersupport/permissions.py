"""Who may see and change what in peer support. Every view with an id goes through a getter here.

Peer-support staff are people with the staff role (and administrators). Only they see
referrals, assessments (with their notes) and other people's sign-ups.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from peersupport import selectors
from peersupport.models import (
    Certificate,
    ContactLog,
    DoNotMatch,
    ExpenseClaim,
    HelplineCall,
    LocalService,
    Match,
    MatchRequest,
    MentorProfile,
    Occurrence,
    SafeguardingConcern,
    SessionSeries,
    Shift,
    ShiftPattern,
    ShiftSignUp,
    ShiftSwap,
    SignUp,
    Unavailability,
)
from users.models import User
from users.roles import Role

if TYPE_CHECKING:
    from peersupport.helpline.models import ShiftWithRota

_T = TypeVar("_T")

PEER_STAFF = (Role.STAFF, Role.ADMINISTRATOR)


def is_peer_staff(user: User) -> bool:
    return user.is_authenticated and user.has_role(*PEER_STAFF)


def can_sign_up(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.MENTOR)


def get_profile_for_staff(*, user: User, pk: int) -> MentorProfile:
    if not is_peer_staff(user):
        raise PermissionDenied
    try:
        return selectors.mentor_detail(pk=pk)
    except MentorProfile.DoesNotExist:
        raise Http404 from None


def get_series_for_staff(*, user: User, pk: int) -> SessionSeries:
    if not is_peer_staff(user):
        raise PermissionDenied
    try:
        return SessionSeries.objects.select_related("facilitator", "qualification").get(pk=pk)
    except SessionSeries.DoesNotExist:
        raise Http404 from None


def get_occurrence_for_user(*, user: User, pk: int) -> Occurrence:
    """Mentors and staff see any session (no names unless staff); others see none."""
    if not (is_peer_staff(user) or can_sign_up(user)):
        raise PermissionDenied
    try:
        return selectors.occurrence_with_signups(pk=pk)
    except Occurrence.DoesNotExist:
        raise Http404 from None


def get_occurrence_for_staff(*, user: User, pk: int) -> Occurrence:
    if not is_peer_staff(user):
        raise PermissionDenied
    try:
        return selectors.occurrence_with_signups(pk=pk)
    except Occurrence.DoesNotExist:
        raise Http404 from None


def get_minutes_for_user(*, user: User, pk: int) -> Occurrence:
    """Published minutes are for everyone with a role; drafts only for staff."""
    try:
        occurrence = Occurrence.objects.select_related("series").get(pk=pk, series__is_minuted=True)
    except Occurrence.DoesNotExist:
        raise Http404 from None
    if occurrence.minutes_published_at is None and not is_peer_staff(user):
        raise Http404
    return occurrence


def get_own_signup(*, user: User, occurrence: Occurrence) -> SignUp:
    signup = SignUp.objects.filter(user=user, occurrence=occurrence).first()
    if signup is None:
        raise Http404
    return signup


def get_certificate_for_user(*, user: User, pk: int) -> Certificate:
    """Your own certificates, or any for peer-support staff. Others: not found."""
    try:
        certificate = Certificate.objects.select_related("rule", "user").get(pk=pk)
    except Certificate.DoesNotExist:
        raise Http404 from None
    if certificate.user_id != user.pk and not is_peer_staff(user):
        raise Http404
    return certificate


# --- Issue 7: helpline, matches, safeguarding, expenses --------------------------------------


def _get(qs_or_callable: Callable[..., _T], pk: int) -> _T:
    try:
        return qs_or_callable(pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def get_shift_for_user(*, user: User, pk: int) -> ShiftWithRota:
    """Mentors and staff see any shift (names only for staff); others see none."""
    from peersupport.helpline.selectors import shift_with_signups

    if not (is_peer_staff(user) or can_sign_up(user)):
        raise PermissionDenied
    return _get(shift_with_signups, pk)


def get_shift_for_staff(*, user: User, pk: int) -> ShiftWithRota:
    from peersupport.helpline.selectors import shift_with_signups

    if not is_peer_staff(user):
        raise PermissionDenied
    return _get(shift_with_signups, pk)


def get_own_shift_signup(*, user: User, shift: Shift) -> ShiftSignUp:
    signup = ShiftSignUp.objects.filter(user=user, shift=shift).first()
    if signup is None:
        raise Http404
    return signup


def get_shift_signup_for_staff(*, user: User, pk: int) -> ShiftSignUp:
    if not is_peer_staff(user):
        raise PermissionDenied
    return _get(ShiftSignUp.objects.select_related("shift__pattern", "user").get, pk)


def get_swap_for_user(*, user: User, pk: int) -> ShiftSwap:
    if not (is_peer_staff(user) or can_sign_up(user)):
        raise PermissionDenied
    return _get(ShiftSwap.objects.select_related("shift__pattern", "offered_by").get, pk)


def get_pattern_for_staff(*, user: User, pk: int) -> ShiftPattern:
    if not is_peer_staff(user):
        raise PermissionDenied
    return _get(ShiftPattern.objects.select_related("coordinator").get, pk)


def get_own_unavailability(*, user: User, pk: int) -> Unavailability:
    item = Unavailability.objects.filter(pk=pk, user=user).first()
    if item is None:
        raise Http404
    return item


def get_request_for_staff(*, user: User, pk: int) -> MatchRequest:
    from peersupport.matching.selectors import request_detail

    if not is_peer_staff(user):
        raise PermissionDenied
    return _get(request_detail, pk)


def get_own_request(*, user: User, pk: int) -> MatchRequest:
    request = MatchRequest.objects.filter(pk=pk, member=user).first()
    if request is None:
        raise Http404
    return request


def get_match_for_user(*, user: User, pk: int) -> Match:
    """The match's mentor and peer-support staff. Nobody else (the member has their own page)."""
    from peersupport.matching.selectors import match_detail

    match = _get(match_detail, pk)
    if match.mentor_id != user.pk and not is_peer_staff(user):
        raise Http404
    return match


def get_match_for_mentor(*, user: User, pk: int) -> Match:
    match = Match.objects.select_related("member", "mentor").filter(pk=pk, mentor=user).first()
    if match is None:
        raise Http404
    return match


def get_contact_for_user(*, user: User, pk: int) -> ContactLog:
    """A contact log: its mentor and peer-support staff only."""
    contact = ContactLog.objects.select_related("match").filter(pk=pk).first()
    if contact is None or (contact.mentor_id != user.pk and not is_peer_staff(user)):
        raise Http404
    return contact


def get_do_not_match_for_staff(*, user: User, pk: int) -> DoNotMatch:
    if not is_peer_staff(user):
        raise PermissionDenied
    return _get(DoNotMatch.objects.select_related("mentor", "member").get, pk)


def get_concern_for_staff(*, user: User, pk: int) -> SafeguardingConcern:
    """Safeguarding concerns: peer-support staff only. The caller records the view."""
    from peersupport.matching.selectors import concern_detail

    if not is_peer_staff(user):
        raise PermissionDenied
    return _get(concern_detail, pk)


def get_claim_for_user(*, user: User, pk: int) -> ExpenseClaim:
    """A claim: the person who made it, and the staff who approve expenses."""
    from peersupport.expenses.selectors import claim_detail
    from peersupport.expenses.services import is_approver

    claim = _get(claim_detail, pk)
    if claim.claimant_id != user.pk and not is_approver(user):
        raise Http404
    return claim


def get_own_claim(*, user: User, pk: int) -> ExpenseClaim:
    claim = ExpenseClaim.objects.filter(pk=pk, claimant=user).first()
    if claim is None:
        raise Http404
    return claim


def get_claim_for_approver(*, user: User, pk: int) -> ExpenseClaim:
    from peersupport.expenses.services import is_approver

    if not is_approver(user):
        raise PermissionDenied
    return _get(ExpenseClaim.objects.select_related("claimant").get, pk)


def get_call_for_staff(*, user: User, pk: int) -> HelplineCall:
    if not is_peer_staff(user):
        raise PermissionDenied
    try:
        return HelplineCall.objects.select_related("shift").get(pk=pk)
    except HelplineCall.DoesNotExist:
        raise Http404 from None


def get_local_service_for_staff(*, user: User, pk: int) -> LocalService:
    if not is_peer_staff(user):
        raise PermissionDenied
    try:
        return LocalService.objects.get(pk=pk)
    except LocalService.DoesNotExist:
        raise Http404 from None
