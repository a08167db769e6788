"""The mentor lifecycle: only legal moves, every change kept with who and when."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent, Notification
from peersupport import services
from peersupport.models import (
    AssessmentOutcome,
    MentorProfile,
    MentorStatus,
    Qualification,
    ReferrerRole,
    SignUpStatus,
)
from tests.factories import make_user
from tests.peersupport.factories import (
    active_mentor,
    assess,
    first_occurrence,
    intro_course,
    make_series,
    refer,
)

pytestmark = pytest.mark.django_db


def test_referral_needs_consent(member, staff):
    with pytest.raises(ValidationError, match="agreed"):
        services.referral_create(
            user=member,
            actor=staff,
            referrer_name="Pat",
            referrer_role=ReferrerRole.GROUP_WORKER,
            reason="x",
            consent=False,
        )
    assert not MentorProfile.objects.exists()


def test_referral_to_active_records_every_step(member, staff):
    profile = refer(member, staff)
    assert profile.status == MentorStatus.REFERRED
    assess(profile, staff)
    profile.refresh_from_db()
    assert profile.status == MentorStatus.TRAINING
    assert not member.has_role("mentor")

    with pytest.raises(ValidationError, match="still need"):
        services.mentor_activate(profile=profile, actor=staff)

    services.qualification_record(
        profile=profile,
        qualification=intro_course(),
        completed_on=timezone.localdate(),
        actor=staff,
    )
    services.mentor_activate(profile=profile, actor=staff)
    profile.refresh_from_db()
    member.__dict__.pop("roles", None)
    assert profile.status == MentorStatus.ACTIVE
    assert member.has_role("mentor")

    history = list(
        profile.history.order_by("created_at", "id").values_list(
            "from_status", "to_status", "changed_by"
        )
    )
    assert history == [
        ("", "referred", staff.pk),
        ("referred", "training", staff.pk),
        ("training", "active", staff.pk),
    ]
    assert AuditEvent.objects.filter(action="peersupport.mentor.set_status").count() == 2
    assert Notification.objects.filter(user=member, kind="peersupport_status").exists()


def test_cannot_activate_without_suitable_assessment(member, staff):
    profile = refer(member, staff)
    with pytest.raises(ValidationError):
        services.mentor_activate(profile=profile, actor=staff)
    with pytest.raises(ValidationError, match="assessed suitable"):
        services.qualification_record(
            profile=profile,
            qualification=intro_course(),
            completed_on=timezone.localdate(),
            actor=staff,
        )


def test_not_yet_keeps_them_referred_with_a_review_date(member, staff):
    profile = refer(member, staff)
    with pytest.raises(ValidationError, match="date to look"):
        assess(profile, staff, outcome=AssessmentOutcome.NOT_YET)
    review = timezone.localdate() + timedelta(days=30)
    assess(profile, staff, outcome=AssessmentOutcome.NOT_YET, review_date=review)
    profile.refresh_from_db()
    assert profile.status == MentorStatus.REFERRED
    assert profile.review_date == review
    # Assessed again later: suitable this time.
    assess(profile, staff)
    profile.refresh_from_db()
    assert profile.status == MentorStatus.TRAINING
    assert profile.review_date is None


def test_not_suitable_then_referred_again(member, staff):
    profile = refer(member, staff)
    assess(profile, staff, outcome=AssessmentOutcome.NOT_SUITABLE)
    profile.refresh_from_db()
    assert profile.status == MentorStatus.NOT_SUITABLE
    with pytest.raises(ValidationError):
        assess(profile, staff)
    again = refer(member, staff)
    assert again.pk == profile.pk
    again.refresh_from_db()
    assert again.status == MentorStatus.REFERRED
    assert again.referrals.count() == 2


def test_cannot_refer_someone_already_in_peer_support(member, staff):
    refer(member, staff)
    with pytest.raises(ValidationError, match="already in peer support"):
        refer(member, staff)


def test_pause_frees_future_places_and_resume(staff):
    mentor = active_mentor(staff)
    other = active_mentor(staff)
    series = make_series(staff, mentor_places=1)
    occurrence = first_occurrence(series)
    services.signup_create(occurrence=occurrence, user=mentor)
    waiting = services.signup_create(occurrence=occurrence, user=other)
    assert waiting.status == SignUpStatus.WAITING

    profile = mentor.mentor_profile
    with pytest.raises(ValidationError, match="review date"):
        services.mentor_pause(
            profile=profile, actor=staff, reason="Lapse", review_date=timezone.localdate()
        )
    services.mentor_pause(
        profile=profile,
        actor=staff,
        reason="A lapse",
        review_date=timezone.localdate() + timedelta(days=28),
    )
    profile.refresh_from_db()
    assert profile.status == MentorStatus.PAUSED
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.CONFIRMED  # moved up when the paused mentor's place freed

    with pytest.raises(ValidationError, match="paused"):
        services.signup_create(occurrence=first_occurrence(series), user=mentor)

    services.mentor_activate(profile=profile, actor=staff)
    profile.refresh_from_db()
    assert profile.status == MentorStatus.ACTIVE
    assert profile.review_date is None


def test_illegal_moves_are_refused(staff):
    mentor = active_mentor(staff)
    profile = mentor.mentor_profile
    services.mentor_leave(profile=profile, actor=staff, reason="Moved away")
    profile.refresh_from_db()
    assert profile.status == MentorStatus.LEFT
    mentor.__dict__.pop("roles", None)
    assert not mentor.has_role("mentor")
    with pytest.raises(ValidationError):
        services.mentor_pause(
            profile=profile,
            actor=staff,
            reason="x",
            review_date=timezone.localdate() + timedelta(days=3),
        )
    with pytest.raises(ValidationError):
        services.mentor_activate(profile=profile, actor=staff)
    with pytest.raises(ValidationError):
        services.mentor_leave(profile=profile, actor=staff, reason="again")
    assert profile.history.count() == 4


def test_review_prompt_sent_once_on_the_day(staff):
    mentor = active_mentor(staff)
    profile = mentor.mentor_profile
    review = timezone.localdate() + timedelta(days=10)
    services.mentor_pause(profile=profile, actor=staff, reason="Lapse", review_date=review)
    assert services.reviews_prompt(today=review - timedelta(days=1)) == 0
    assert services.reviews_prompt(today=review) == 1
    assert services.reviews_prompt(today=review) == 0
    assert Notification.objects.filter(user=staff, kind="peersupport_review_due").count() == 1


def test_qualification_once_each(staff):
    mentor = active_mentor(staff)
    with pytest.raises(ValidationError, match="already has"):
        services.qualification_record(
            profile=mentor.mentor_profile,
            qualification=intro_course(),
            completed_on=timezone.localdate(),
            actor=staff,
        )
    helpline = Qualification.objects.get(name="Helpline trained")
    services.qualification_record(
        profile=mentor.mentor_profile,
        qualification=helpline,
        completed_on=timezone.localdate(),
        actor=staff,
    )
    assert mentor.mentor_profile.qualifications.count() == 2


def test_only_members_can_be_referred(staff):
    outsider = make_user()
    with pytest.raises(ValidationError, match="Only members"):
        refer(outsider, staff)
