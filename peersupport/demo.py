"""Demo data: the report's peer-support structure (Appendix 5), running.

The demo mentor is active and trained; a fortnightly Peer Support Group, one-to-one
supervision on the weeks between, and a monthly Consultation Group are planned ahead;
the mentor attended enough past groups to hold a certificate.

Issue 7: the mentor is helpline trained; Friday-evening and Saturday helpline shifts are
planned for the next weeks, with gaps; the member asked for a woman mentor who speaks
Punjabi and is matched with the mentor (with a contact logged); the representative's
request for a befriender is waiting; the mentor has one travel claim waiting for a decision
and one paid. Safe to run twice.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from peersupport import services
from peersupport.models import (
    HELPLINE_QUALIFICATION,
    Area,
    AssessmentOutcome,
    Attendance,
    ExpenseClaim,
    HelpKind,
    Language,
    Match,
    MatchGender,
    MatchRequest,
    MatchStatus,
    MentorProfile,
    MentorQualification,
    MentorStatus,
    Occurrence,
    OccurrenceStatus,
    Qualification,
    ReferrerRole,
    SessionSeries,
    SessionType,
    ShiftPattern,
    ShiftSignUp,
    SignUp,
    Unavailability,
)
from users.models import User

PLACE = "CJDT, Leicester: group room 2"


def _make_mentor(mentor: User, staff: User, today) -> None:
    profile = MentorProfile.objects.filter(user=mentor).first()
    if profile is not None:
        return
    referral = services.referral_create(
        user=mentor,
        actor=staff,
        referrer_name="Jo Treatment",
        referrer_role=ReferrerRole.TREATMENT_WORKER,
        referrer_organisation="Criminal Justice Drugs Team",
        reason="Positively engaged in treatment for a year and keen to help others do the same.",
        consent=True,
    )
    profile = referral.profile
    services.assessment_record(
        profile=profile,
        actor=staff,
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
        actor=staff,
    )
    services.mentor_activate(profile=profile, actor=staff)


def _series(staff: User, today, **kwargs) -> SessionSeries:
    series = SessionSeries.objects.filter(title=kwargs["title"]).first()
    if series is None:
        series = services.series_create(actor=staff, facilitator=staff, **kwargs)
    # Past dates too, so the demo has a history to show.
    services.occurrences_generate(series_id=series.pk, from_date=series.anchor_date)
    return series


def _attend(occurrences, mentor: User, staff: User) -> None:
    for occurrence in occurrences:
        signup = SignUp.objects.filter(occurrence=occurrence, user=mentor).first()
        if signup is None:
            signup = services.signup_create(occurrence=occurrence, user=mentor, actor=staff)
        if not signup.attendance:
            services.attendance_record(
                occurrence=occurrence, actor=staff, marks={signup.pk: Attendance.ATTENDED}
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
            actor=staff,
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
    if profile.status == MentorStatus.ACTIVE:
        _helpline(mentor, staff, today)
        _matching(users, mentor, staff, today)
        _expenses(mentor, staff, past_groups)


def _helpline(mentor: User, staff: User, today) -> None:
    """Two repeating shifts for the next six weeks; the mentor on some, so there are gaps."""
    profile = MentorProfile.objects.get(user=mentor)
    helpline = Qualification.objects.get(name=HELPLINE_QUALIFICATION)
    if not MentorQualification.objects.filter(profile=profile, qualification=helpline).exists():
        services.qualification_record(
            profile=profile,
            qualification=helpline,
            completed_on=today - timedelta(days=60),
            actor=staff,
        )
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    patterns = []
    for title, first, start, minutes, needed in [
        ("Friday evening helpline", friday, time(18, 0), 240, 2),
        ("Saturday helpline", friday + timedelta(days=1), time(10, 0), 360, 1),
    ]:
        pattern = ShiftPattern.objects.filter(title=title).first()
        if pattern is None:
            pattern = services.pattern_create(
                actor=staff,
                title=title,
                description="Calls come through to the helpline phone. Log each call.",
                rrule=f"FREQ=WEEKLY;BYDAY={'FR' if first.weekday() == 4 else 'SA'}",
                anchor_date=first,
                start_time=start,
                duration_minutes=minutes,
                mentors_needed=needed,
                coordinator=staff,
                weeks_ahead=6,
            )
        patterns.append(pattern)
    fridays = list(patterns[0].shifts.filter(starts_at__gt=timezone.now()).order_by("starts_at"))
    for shift in fridays[:3]:
        if not ShiftSignUp.objects.filter(shift=shift, user=mentor).exists():
            services.shift_signup(shift=shift, user=mentor)
    if not Unavailability.objects.filter(user=mentor).exists():
        services.unavailability_add(
            user=mentor, weekday=6, valid_from=today, note="Sundays are family time"
        )


def _matching(users: dict[str, User], mentor: User, staff: User, today) -> None:
    punjabi = Language.objects.get_or_create(name="Punjabi")[0]
    english = Language.objects.get_or_create(name="English")[0]
    city = Area.objects.get_or_create(name="Leicester City")[0]
    profile = MentorProfile.objects.get(user=mentor)
    if not hasattr(profile, "match_profile"):
        services.match_profile_save(
            profile=profile,
            actor=mentor,
            accepting=True,
            offers_mentoring=True,
            offers_befriending=True,
            emotional=True,
            social=True,
            practical=True,
            gender=MatchGender.WOMAN,
            languages=[english, punjabi],
            areas=[city],
            experience=[],
            capacity=3,
            about="Two years in recovery. Happy to meet for coffee in town.",
        )
    member = users["member"]
    request = MatchRequest.objects.filter(member=member).first()
    if request is None:
        request = services.match_request_create(
            member=member,
            actor=member,
            kind=HelpKind.MENTOR,
            emotional=True,
            practical=True,
            gender=MatchGender.WOMAN,
            gender_must=True,
            language=punjabi,
            language_must=True,
            area=city,
            about="I would feel easier talking in Punjabi. Evenings suit me best.",
        )
    match = Match.objects.filter(request=request).first()
    if match is None and request.status == "open":
        match = services.match_create(request=request, mentor=mentor, actor=staff)
        services.match_move(match=match, actor=mentor, to=MatchStatus.ACTIVE)
        services.contact_log(
            match=match,
            actor=mentor,
            contact_on=today,
            duration_minutes=45,
            method="phone",
            emotional=True,
            practical=True,
            notes="First call. Talked about the housing appointment next week.",
        )
    rep = users["representative"]
    if not MatchRequest.objects.filter(member=rep).exists():
        services.match_request_create(
            member=rep,
            actor=staff,
            kind=HelpKind.BEFRIENDER,
            social=True,
            referral_reason="Moved to a new area and knows nobody; would like company.",
        )


def _expenses(mentor: User, staff: User, past_groups) -> None:
    """One claim waiting for a decision and one paid, for groups the mentor attended."""
    if ExpenseClaim.objects.filter(claimant=mentor).exists():
        return
    for occurrence, paid in zip(past_groups[:2], (True, False), strict=False):
        claim = services.claim_save(
            claimant=mentor,
            source=f"session-{occurrence.pk}",
            journey_from="Loughborough",
            journey_to="Leicester",
            mode="car" if paid else "bus",
            miles=Decimal("22.6") if paid else None,
            amount=None if paid else Decimal("6.40"),
        )
        services.claim_submit(claim=claim, actor=mentor, declaration=True)
        if paid:
            services.claim_decide(claim=claim, actor=staff, approve=True)
            services.claims_mark_paid(claim_ids=[claim.pk], actor=staff, reference="BACS-DEMO-1")
