"""Peer-support test data, made through the services so it is always in a legal state."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.test import TestCase
from django.utils import timezone

from peersupport import services
from peersupport.models import (
    AssessmentOutcome,
    MentorProfile,
    Occurrence,
    Qualification,
    ReferrerRole,
    SessionSeries,
    SessionType,
)
from tests.factories import make_user
from users.models import User

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def run_on_commit():
    """Run the jobs a service queues on commit (tests run inside one transaction)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def intro_course() -> Qualification:
    return Qualification.objects.get(required_to_start=True)


def refer(user: User, staff: User) -> MentorProfile:
    referral = services.referral_create(
        user=user,
        actor=staff,
        referrer_name="Pat Officer",
        referrer_role=ReferrerRole.PROBATION_OFFICER,
        reason="Doing well and wants to help others.",
        consent=True,
    )
    return referral.profile


def assess(profile: MentorProfile, staff: User, outcome=AssessmentOutcome.SUITABLE, **kw):
    return services.assessment_record(
        profile=profile,
        actor=staff,
        assessed_on=timezone.localdate(),
        motivation="Keen",
        engagement="Engaged",
        stability="Stable",
        outcome=outcome,
        **kw,
    )


def active_mentor(staff: User | None = None, user: User | None = None, **user_kwargs) -> User:
    """A member taken through referral, assessment and training to active."""
    staff = staff or make_user("staff")
    user = user or make_user("member", **user_kwargs)
    profile = refer(user, staff)
    assess(profile, staff)
    with run_on_commit():
        services.qualification_record(
            profile=profile,
            qualification=intro_course(),
            completed_on=timezone.localdate(),
            actor=staff,
        )
    services.mentor_activate(profile=profile, actor=staff)
    user.refresh_from_db()
    user.__dict__.pop("roles", None)
    return user


def next_weekday(weekday: int, *, after: date | None = None) -> date:
    day = (after or timezone.localdate()) + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def make_series(staff: User, **overrides) -> SessionSeries:
    anchor = overrides.pop("anchor_date", None) or next_weekday(1)
    values = {
        "title": "Peer Support Group",
        "session_type": SessionType.PEER_SUPPORT_GROUP,
        "rrule": f"FREQ=WEEKLY;INTERVAL=2;BYDAY={WEEKDAYS[anchor.weekday()]}",
        "anchor_date": anchor,
        "start_time": time(18, 0),
        "duration_minutes": 120,
        "place": "Group room",
        "mentor_places": 2,
        "skip_bank_holidays": False,
        "weeks_ahead": 8,
    }
    values.update(overrides)
    return services.series_create(actor=staff, **values)


def first_occurrence(series: SessionSeries) -> Occurrence:
    return series.occurrences.order_by("starts_at").first()


def past_occurrences(staff: User, count: int, **overrides) -> list[Occurrence]:
    """``count`` weekly occurrences that have already happened."""
    anchor = timezone.localdate() - timedelta(weeks=count)
    series = make_series(
        staff,
        anchor_date=anchor,
        rrule="FREQ=WEEKLY",
        ends_on=timezone.localdate() - timedelta(days=1),
        **overrides,
    )
    services.occurrences_generate(series_id=series.pk, from_date=anchor)
    return list(series.occurrences.order_by("starts_at"))
