"""Who may see and change what in peer support. Every view with an id goes through a getter here.

Peer-support staff are people with the staff role (and administrators). Only they see
referrals, assessments (with their notes) and other people's sign-ups.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from peersupport import selectors
from peersupport.models import Certificate, MentorProfile, Occurrence, SessionSeries, SignUp
from users.models import User
from users.roles import Role

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
