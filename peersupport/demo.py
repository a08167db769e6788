"""Demo data: the report's peer-support structure (Appendix 5), running.

The demo mentor is active and trained; a fortnightly Peer Support Group, one-to-one
supervision on the weeks between, and a monthly Consultation Group are planned ahead;
the mentor attended enough past groups to hold a certificate. Safe to run twice.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from peersupport import services
from peersupport.models import (
    AssessmentOutcome,
    Attendance,
    MentorProfile,
    MentorStatus,
    Occurrence,
    OccurrenceStatus,
    Qualification,
    ReferrerRole,
    SessionSeries,
    SessionType,
    SignUp,
)
from users.models import User

PLACE = "CJDT, Leicester: group room 2"


def _make_mentor(mentor: User, staff: User, today) -> None:
    profile = MentorProfile.objects.filter(user=mentor).first()
    if profile is not None:
        return
    referral = services.referral_create(
        user=mentor,
        recorded_by=staff,
        referrer_name="Jo Treatment",
        referrer_role=ReferrerRole.TREATMENT_WORKER,
        referrer_organisation="Criminal Justice Drugs Team",
        reason="Positively engaged in treatment for a year and keen to help others do the same.",
        consent=True,
    )
    profile = referral.profile
    services.assessment_record(
        profile=profile,
        assessor=staff,
        assessed_on=today - timedelta(days=120),
        motivation="Wants to give something back and build skills for work.",
        engagement="Attends every appointment; finished the structured day programme.",
        stability="Stable for over a year.",
        outcome=AssessmentOutcome.SUITABLE,
        notes="Good fit for the Tuesday group.",
    )
    services.qualification_record(
        profile=profile,
        qualification=Qualification.objects.get(
            required_to_start=True, name__startswith="An Intro"
        ),
        completed_on=today - timedelta(days=110),
        recorded_by=staff,
    )
    services.mentor_activate(profile=profile, by=staff)


def _series(staff: User, today, **kwargs) -> SessionSeries:
    series = SessionSeries.objects.filter(title=kwargs["title"]).first()
    if series is None:
        series = services.series_create(created_by=staff, facilitator=staff, **kwargs)
    # Past dates too, so the demo has a history to show.
    services.occurrences_generate(series_id=series.pk, from_date=series.anchor_date)
    return series


def _attend(occurrences, mentor: User, staff: User) -> None:
    for occurrence in occurrences:
        signup = SignUp.objects.filter(occurrence=occurrence, user=mentor).first()
        if signup is None:
            signup = services.signup_create(occurrence=occurrence, user=mentor, by=staff)
        if not signup.attendance:
            services.attendance_record(
                occurrence=occurrence, by=staff, marks={signup.pk: Attendance.ATTENDED}
            )


@transaction.atomic
def seed(users: dict[str, User]) -> None:
    mentor, staff = users["mentor"], users["staff"]
    today = timezone.localdate()
    now = timezone.now()
    _make_mentor(mentor, staff, today)

    # A Tuesday about twelve weeks ago anchors both fortnightly series.
    tuesday = today - timedelta(days=(today.weekday() - 1) % 7) - timedelta(weeks=12)
    group = _series(
        staff,
        today,
        title="Peer Support Group",
        session_type=SessionType.PEER_SUPPORT_GROUP,
        description=(
            "Half the session is training and development for your role; half is peer "
            "support: share experiences of mentoring and learn from each other."
        ),
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        anchor_date=tuesday,
        start_time=time(18, 0),
        duration_minutes=120,
        place=PLACE,
        mentor_places=8,
    )
    _series(
        staff,
        today,
        title="One-to-one supervision",
        session_type=SessionType.SUPERVISION,
        description="Your fortnightly one-to-one with the Service User Engagement Co-ordinator.",
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        anchor_date=tuesday + timedelta(weeks=1),
        start_time=time(14, 0),
        duration_minutes=60,
        place="CJDT, Leicester: interview room 1",
        participant_places=4,
    )
    first_thursday = tuesday.replace(day=1)
    while first_thursday.weekday() != 3:
        first_thursday += timedelta(days=1)
    consultation = _series(
        staff,
        today,
        title="Consultation Group",
        session_type=SessionType.CONSULTATION_GROUP,
        description="New ideas or changes to the service are brought here for your views. Minuted.",
        rrule="FREQ=MONTHLY;BYDAY=+1TH",
        anchor_date=first_thursday,
        start_time=time(14, 0),
        duration_minutes=90,
        place=PLACE,
        participant_places=12,
    )

    past_groups = list(
        Occurrence.objects.filter(
            series=group, starts_at__lt=now, status=OccurrenceStatus.SCHEDULED
        ).order_by("-starts_at")[:5]
    )
    _attend(past_groups, mentor, staff)
    past_consultations = list(
        Occurrence.objects.filter(
            series=consultation, starts_at__lt=now, status=OccurrenceStatus.SCHEDULED
        ).order_by("-starts_at")[:2]
    )
    _attend(past_consultations, mentor, staff)
    if past_consultations and not past_consultations[0].minutes:
        services.occurrence_minutes_save(
            occurrence=past_consultations[0],
            by=staff,
            minutes=(
                "Present: five peer mentors, the Service User Engagement Co-ordinator.\n\n"
                "1. Appointment letters: mentors asked for plain-English letters with a map. "
                "Agreed to try a new letter next month.\n"
                "2. Waiting room: mentors suggested a peer mentor is there before groups start. "
                "Agreed for Tuesday groups."
            ),
            publish=True,
        )

    upcoming = (
        Occurrence.objects.filter(
            series=group, starts_at__gt=now, status=OccurrenceStatus.SCHEDULED
        )
        .order_by("starts_at")
        .first()
    )
    profile = MentorProfile.objects.get(user=mentor)
    if (
        upcoming
        and profile.status == MentorStatus.ACTIVE
        and not SignUp.objects.filter(occurrence=upcoming, user=mentor).exists()
    ):
        services.signup_create(occurrence=upcoming, user=mentor)
    services.certificates_award(user_ids=[mentor.pk])
