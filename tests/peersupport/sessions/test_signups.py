"""Sign-up, waiting list, clashes and attendance."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Notification
from peersupport import services
from peersupport.models import (
    Attendance,
    MentorQualification,
    Qualification,
    SessionType,
    SignUp,
    SignUpRole,
    SignUpStatus,
)
from tests.factories import make_user
from tests.peersupport.factories import (
    active_mentor,
    assess,
    first_occurrence,
    make_series,
    past_occurrences,
    refer,
)

pytestmark = pytest.mark.django_db


def test_waiting_list_moves_up_automatically_with_a_message(staff):
    a, b, c = (active_mentor(staff) for _ in range(3))
    occurrence = first_occurrence(make_series(staff, mentor_places=1))
    assert services.signup_create(occurrence=occurrence, user=a).status == SignUpStatus.CONFIRMED
    second = services.signup_create(occurrence=occurrence, user=b)
    third = services.signup_create(occurrence=occurrence, user=c)
    assert (second.status, third.status) == (SignUpStatus.WAITING, SignUpStatus.WAITING)

    services.signup_withdraw(signup=SignUp.objects.get(occurrence=occurrence, user=a), actor=a)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == SignUpStatus.CONFIRMED  # first come, first served
    assert third.status == SignUpStatus.WAITING
    assert Notification.objects.filter(user=b, kind="peersupport_promoted").count() == 1
    assert not Notification.objects.filter(user=c, kind="peersupport_promoted").exists()


def test_more_places_promote_waiting_people(staff):
    a, b = active_mentor(staff), active_mentor(staff)
    occurrence = first_occurrence(make_series(staff, mentor_places=1))
    services.signup_create(occurrence=occurrence, user=a)
    waiting = services.signup_create(occurrence=occurrence, user=b)
    start = occurrence.starts_at
    services.occurrence_update(
        occurrence=occurrence,
        actor=staff,
        starts_at=start,
        ends_at=occurrence.ends_at,
        place=occurrence.place,
        facilitator=None,
        mentor_places=2,
        participant_places=0,
    )
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.CONFIRMED


def test_clash_refused(staff):
    mentor = active_mentor(staff)
    anchor = first_occurrence(make_series(staff)).local_date
    first = first_occurrence(make_series(staff, title="A", anchor_date=anchor))
    second = first_occurrence(
        make_series(staff, title="B", anchor_date=anchor, start_time=time(19, 0))
    )
    services.signup_create(occurrence=first, user=mentor)
    with pytest.raises(ValidationError, match="clashes with 'A'"):
        services.signup_create(occurrence=second, user=mentor)
    # Back to back is not a clash.
    third = first_occurrence(
        make_series(staff, title="C", anchor_date=anchor, start_time=time(20, 0))
    )
    services.signup_create(occurrence=third, user=mentor)


def test_staff_assignment_clash_is_refused_with_their_name(staff):
    mentor = active_mentor(staff, display_name="Kim")
    anchor = first_occurrence(make_series(staff)).local_date
    first = first_occurrence(make_series(staff, title="A", anchor_date=anchor))
    second = first_occurrence(
        make_series(staff, title="B", anchor_date=anchor, start_time=time(18, 30))
    )
    services.signup_create(occurrence=first, user=mentor, actor=staff)
    with pytest.raises(ValidationError, match="Kim already has 'A'"):
        services.signup_create(occurrence=second, user=mentor, actor=staff)
    assert Notification.objects.filter(user=mentor, kind="peersupport_booked").count() == 1


def test_cannot_sign_up_twice_or_to_a_cancelled_or_past_session(staff):
    mentor = active_mentor(staff)
    occurrence = first_occurrence(make_series(staff))
    services.signup_create(occurrence=occurrence, user=mentor)
    with pytest.raises(ValidationError, match="already signed up"):
        services.signup_create(occurrence=occurrence, user=mentor)
    services.occurrence_cancel(occurrence=occurrence, actor=staff, reason="Ill")
    occurrence.refresh_from_db()
    with pytest.raises(ValidationError, match="cancelled"):
        services.signup_create(occurrence=occurrence, user=mentor)
    past = past_occurrences(staff, 1, title="Past")[0]
    with pytest.raises(ValidationError, match="already started"):
        services.signup_create(occurrence=past, user=mentor)


def test_withdraw_then_sign_up_again_reuses_the_row(staff):
    mentor = active_mentor(staff)
    occurrence = first_occurrence(make_series(staff))
    signup = services.signup_create(occurrence=occurrence, user=mentor)
    services.signup_withdraw(signup=signup, actor=mentor)
    again = services.signup_create(occurrence=occurrence, user=mentor)
    assert again.pk == signup.pk
    assert again.sequence == 2
    with pytest.raises(ValidationError):
        services.signup_withdraw(signup=SignUp.objects.get(pk=signup.pk), actor=mentor)
        services.signup_withdraw(signup=SignUp.objects.get(pk=signup.pk), actor=mentor)


def test_only_active_mentors_sign_up(staff, mentor, member):
    occurrence = first_occurrence(make_series(staff))
    with pytest.raises(ValidationError, match="Only active peer mentors"):
        services.signup_create(occurrence=occurrence, user=mentor)  # role but no profile
    with pytest.raises(ValidationError, match="not an active peer mentor"):
        services.signup_create(occurrence=occurrence, user=member, actor=staff)


def test_places_by_role(staff):
    mentor = active_mentor(staff)
    occurrence = first_occurrence(make_series(staff, mentor_places=0, participant_places=3))
    with pytest.raises(ValidationError, match="no places of that kind"):
        services.signup_create(occurrence=occurrence, user=mentor, role=SignUpRole.MENTOR)
    signup = services.signup_create(occurrence=occurrence, user=mentor)
    assert signup.role == SignUpRole.PARTICIPANT


def test_trainee_can_be_booked_on_training_and_qualifies_by_attending(staff, member):
    profile = refer(member, staff)
    assess(profile, staff)
    course = Qualification.objects.get(required_to_start=True)
    training = past_occurrences(
        staff,
        1,
        title="Intro day",
        session_type=SessionType.TRAINING,
        qualification=course,
        mentor_places=0,
        participant_places=10,
    )[0]
    signup = services.signup_create(occurrence=training, user=member, actor=staff)
    services.attendance_record(
        occurrence=training, actor=staff, marks={signup.pk: Attendance.ATTENDED}
    )
    assert MentorQualification.objects.filter(profile=profile, qualification=course).exists()
    services.mentor_activate(profile=profile, actor=staff)
    # A trainee cannot be booked on an ordinary group.
    other = make_user("member")
    p2 = refer(other, staff)
    assess(p2, staff)
    with pytest.raises(ValidationError):
        services.signup_create(
            occurrence=first_occurrence(make_series(staff, title="G")), user=other, actor=staff
        )


def test_attendance_rules(staff):
    mentor = active_mentor(staff)
    future = first_occurrence(make_series(staff))
    signup = services.signup_create(occurrence=future, user=mentor)
    with pytest.raises(ValidationError, match="once the session has started"):
        services.attendance_record(occurrence=future, actor=staff, marks={signup.pk: "attended"})
    past = past_occurrences(staff, 1, title="Past")[0]
    s = services.signup_create(occurrence=past, user=mentor, actor=staff)
    with pytest.raises(ValidationError):
        services.attendance_record(occurrence=past, actor=staff, marks={s.pk: "maybe"})
    with pytest.raises(ValidationError, match="do not have a place"):
        services.attendance_record(occurrence=past, actor=staff, marks={signup.pk: "attended"})
    assert services.attendance_record(occurrence=past, actor=staff, marks={s.pk: "no_show"}) == 1
    assert services.attendance_record(occurrence=past, actor=staff, marks={s.pk: "no_show"}) == 0
    s.refresh_from_db()
    assert s.attendance == Attendance.NO_SHOW
    assert s.attendance_recorded_by == staff


def test_cancelled_session_frees_the_time(staff):
    mentor = active_mentor(staff)
    anchor = first_occurrence(make_series(staff)).local_date
    first = first_occurrence(make_series(staff, title="A", anchor_date=anchor))
    second = first_occurrence(make_series(staff, title="B", anchor_date=anchor))
    services.signup_create(occurrence=first, user=mentor)
    services.occurrence_cancel(occurrence=first, actor=staff, reason="Snow")
    services.signup_create(occurrence=second, user=mentor)


def test_moving_a_session_onto_a_clash_is_refused(staff):
    mentor = active_mentor(staff)
    anchor = first_occurrence(make_series(staff)).local_date
    first = first_occurrence(make_series(staff, title="A", anchor_date=anchor))
    second = first_occurrence(
        make_series(staff, title="B", anchor_date=anchor, start_time=time(12, 0))
    )
    services.signup_create(occurrence=first, user=mentor)
    services.signup_create(occurrence=second, user=mentor)
    with pytest.raises(ValidationError, match="cannot move"):
        services.occurrence_update(
            occurrence=second,
            actor=staff,
            starts_at=first.starts_at,
            ends_at=first.starts_at + timedelta(hours=1),
            place="x",
            facilitator=None,
            mentor_places=2,
            participant_places=0,
        )
    second.refresh_from_db()
    assert timezone.localtime(second.starts_at).hour == 12
