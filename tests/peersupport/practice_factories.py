"""Test data for the helpline rota, matching and expenses (issue 7), made through the services."""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from peersupport import services
from peersupport.models import (
    HELPLINE_QUALIFICATION,
    Area,
    Attendance,
    ExperienceTopic,
    Language,
    MatchGender,
    MentorProfile,
    Occurrence,
    Qualification,
    Shift,
    ShiftPattern,
    ShiftSignUp,
    SignUp,
)
from tests.factories import make_user
from tests.peersupport.factories import WEEKDAYS, active_mentor, make_series, next_weekday
from users.models import User

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def helpline_mentor(staff: User | None = None, user: User | None = None, **kw) -> User:
    """An active mentor who has done the helpline training."""
    staff = staff or make_user("staff")
    mentor = active_mentor(staff, user=user, **kw)
    services.qualification_record(
        profile=MentorProfile.objects.get(user=mentor),
        qualification=Qualification.objects.get(name=HELPLINE_QUALIFICATION),
        completed_on=timezone.localdate(),
        actor=staff,
    )
    return mentor


def make_pattern(staff: User, **overrides) -> ShiftPattern:
    anchor = overrides.pop("anchor_date", None) or next_weekday(4)
    values = {
        "title": "Friday evening helpline",
        "rrule": f"FREQ=WEEKLY;BYDAY={WEEKDAYS[anchor.weekday()]}",
        "anchor_date": anchor,
        "start_time": time(18, 0),
        "duration_minutes": 240,
        "mentors_needed": 2,
        "weeks_ahead": 4,
    }
    values.update(overrides)
    return services.pattern_create(actor=staff, **values)


def first_shift(pattern: ShiftPattern) -> Shift:
    return pattern.shifts.order_by("starts_at").first()


def move_shift(shift: Shift, starts_at: datetime, minutes: int = 240) -> Shift:
    """Put a shift at another time (its rota moves with it), e.g. 'in 30 hours'."""
    ends_at = starts_at + timedelta(minutes=minutes)
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=starts_at, ends_at=ends_at, local_date=timezone.localdate(starts_at)
    )
    ShiftSignUp.objects.filter(shift=shift).update(starts_at=starts_at, ends_at=ends_at)
    shift.refresh_from_db()
    return shift


def shift_in(staff: User, hours: float, **overrides) -> Shift:
    """A shift starting ``hours`` from now."""
    shift = first_shift(make_pattern(staff, **overrides))
    return move_shift(shift, timezone.now() + timedelta(hours=hours))


def match_profile(mentor: User, staff: User, **overrides):
    values = {
        "accepting": True,
        "offers_mentoring": True,
        "offers_befriending": True,
        "emotional": True,
        "social": True,
        "practical": True,
        "gender": "",
        "languages": [],
        "areas": [],
        "experience": [],
        "capacity": 2,
        "about": "",
    }
    values.update(overrides)
    return services.match_profile_save(
        profile=MentorProfile.objects.get(user=mentor), actor=staff, **values
    )


def language(name: str) -> Language:
    return Language.objects.get_or_create(name=name)[0]


def area(name: str) -> Area:
    return Area.objects.get_or_create(name=name)[0]


def experience(name: str) -> ExperienceTopic:
    return ExperienceTopic.objects.get_or_create(name=name)[0]


def request_for(member: User, **overrides):
    values = {"kind": "mentor", "emotional": True}
    values.update(overrides)
    return services.match_request_create(member=member, actor=member, **values)


WOMAN = MatchGender.WOMAN


_days_back = itertools.count(1)


def attended_session(staff: User, mentor: User) -> Occurrence:
    """A past session the mentor attended (so they can claim travel for it).

    Each call is on another day, so one mentor can have several without a clash.
    """
    day = timezone.localdate() - timedelta(days=next(_days_back) % 80 + 1)
    series = make_series(
        staff, title="Past group", anchor_date=day, rrule="FREQ=DAILY;COUNT=1", ends_on=day
    )
    services.occurrences_generate(series_id=series.pk, from_date=day)
    occurrence = series.occurrences.get()
    signup = services.signup_create(occurrence=occurrence, user=mentor, actor=staff)
    SignUp.objects.filter(pk=signup.pk).update(attendance=Attendance.ATTENDED)
    return occurrence


def upload(content: bytes = PNG, name: str = "ticket.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
