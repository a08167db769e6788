"""Issue 7 at scale: helpline coverage, match suggestions and the expense lists with many rows.

Prints timings and query counts; never fails on time. Uses a throwaway test database
(SQLite in memory, or PostgreSQL when DATABASE_URL is set).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/peersupport_practice.py
    ... --mentors 2000 --patterns 14 --requests 500 --claims 5000
"""

from __future__ import annotations

import argparse
from datetime import time as dt_time
from datetime import timedelta
from decimal import Decimal

import _harness

_harness.setup("config.settings.test")

from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


def seed(mentors: int, patterns: int, requests: int, claims: int):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from peersupport import services
    from peersupport.models import (
        HELPLINE_QUALIFICATION,
        Area,
        ClaimStatus,
        ExpenseClaim,
        Language,
        MatchGender,
        MentorMatchProfile,
        MentorProfile,
        MentorQualification,
        MentorStatus,
        Occurrence,
        Qualification,
        ShiftSignUp,
        ShiftSignUpStatus,
        Unavailability,
    )
    from users.models import User
    from users.roles import Role

    staff = User.objects.create(username="bench-staff", display_name="Staff")
    staff.groups.add(Group.objects.get(name=Role.STAFF))
    TOTP.activate(staff, generate_totp_secret())  # staff pages need two-factor set up
    users = User.objects.bulk_create(
        [User(username=f"bench-mentor-{i}", display_name=f"Mentor {i}") for i in range(mentors)]
    )
    members = User.objects.bulk_create(
        [User(username=f"bench-member-{i}", display_name=f"Member {i}") for i in range(requests)]
    )
    mentor_group = Group.objects.get(name=Role.MENTOR)
    member_group = Group.objects.get(name=Role.MEMBER)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=mentor_group.pk) for u in users]
        + [User.groups.through(user_id=u.pk, group_id=member_group.pk) for u in members]
    )
    profiles = MentorProfile.objects.bulk_create(
        [MentorProfile(user=u, status=MentorStatus.ACTIVE) for u in users]
    )
    helpline = Qualification.objects.get(name=HELPLINE_QUALIFICATION)
    today = timezone.localdate()
    MentorQualification.objects.bulk_create(
        [
            MentorQualification(profile=p, qualification=helpline, completed_on=today)
            for p in profiles[::2]
        ]
    )
    Unavailability.objects.bulk_create(
        [Unavailability(user=u, weekday=i % 7, valid_from=today) for i, u in enumerate(users[::3])]
    )
    languages, areas = list(Language.objects.all()), list(Area.objects.all())
    genders = [MatchGender.WOMAN, MatchGender.MAN, ""]
    match_profiles = MentorMatchProfile.objects.bulk_create(
        [
            MentorMatchProfile(profile=p, gender=genders[i % 3], capacity=1 + i % 3)
            for i, p in enumerate(profiles)
        ]
    )
    Through = MentorMatchProfile.languages.through
    Through.objects.bulk_create(
        [
            Through(mentormatchprofile_id=m.pk, language_id=languages[i % len(languages)].pk)
            for i, m in enumerate(match_profiles)
        ]
    )
    AreaThrough = MentorMatchProfile.areas.through
    AreaThrough.objects.bulk_create(
        [
            AreaThrough(mentormatchprofile_id=m.pk, area_id=areas[i % len(areas)].pk)
            for i, m in enumerate(match_profiles)
        ]
    )
    for i in range(patterns):
        services.pattern_create(
            actor=staff,
            title=f"Helpline {i}",
            rrule="FREQ=WEEKLY",
            anchor_date=today + timedelta(days=1 + i % 7),
            start_time=dt_time(17 + i % 5),
            duration_minutes=240,
            mentors_needed=3,
            weeks_ahead=8,
        )
    from peersupport.models import Shift

    rows = []
    shifts = list(Shift.objects.all())
    trained = users[::2]
    for n, shift in enumerate(shifts):
        for k in range(n % 3):
            user = trained[(n * 7 + k * 131) % len(trained)]
            rows.append(
                ShiftSignUp(
                    shift=shift,
                    user=user,
                    status=ShiftSignUpStatus.ON_ROTA,
                    starts_at=shift.starts_at,
                    ends_at=shift.ends_at,
                )
            )
    ShiftSignUp.objects.bulk_create(rows, ignore_conflicts=True)
    for i, member in enumerate(members):
        services.match_request_create(
            member=member,
            actor=member,
            kind="mentor",
            emotional=True,
            social=bool(i % 2),
            gender=genders[i % 3],
            language=languages[i % len(languages)],
            area=areas[i % len(areas)],
        )
    series = services.series_create(
        actor=staff,
        title="Past group",
        session_type="peer_support_group",
        rrule="FREQ=DAILY",
        anchor_date=today - timedelta(days=80),
        ends_on=today - timedelta(days=1),
        start_time=dt_time(9),
        place="Room",
        mentor_places=200,
    )
    services.occurrences_generate(series_id=series.pk, from_date=today - timedelta(days=80))
    occurrences = list(Occurrence.objects.filter(series=series))
    statuses = [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.DRAFT]
    now = timezone.now()
    made = []
    for i in range(claims):
        occurrence = occurrences[i % len(occurrences)]
        status = statuses[i % 4]
        made.append(
            ExpenseClaim(
                claimant=users[(i // len(occurrences)) % len(users)],
                occurrence=occurrence,
                journey_date=occurrence.local_date,
                journey_from="Home",
                journey_to="Group",
                mode="bus",
                amount=Decimal("3.40") + Decimal(i % 100) / 100,
                status=status,
                declared_at=None if status == ClaimStatus.DRAFT else now,
                submitted_at=None if status == ClaimStatus.DRAFT else now,
                decided_by=staff if status in (ClaimStatus.APPROVED, ClaimStatus.PAID) else None,
                decided_at=now if status in (ClaimStatus.APPROVED, ClaimStatus.PAID) else None,
            )
        )
    ExpenseClaim.objects.bulk_create(made, ignore_conflicts=True)
    print(  # noqa: T201
        f"seeded {mentors} mentors, {len(shifts)} shifts, {len(rows)} rota places, "
        f"{requests} requests, {ExpenseClaim.objects.count()} claims"
    )
    return staff


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--patterns", type=int, default=7)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--claims", type=int, default=2000)
    options = parser.parse_args()

    with _harness.throwaway_database():
        from peersupport import services
        from peersupport.matching.selectors import suggestions
        from peersupport.models import MatchRequest

        staff = seed(options.mentors, options.patterns, options.requests, options.claims)
        client = Client()
        client.force_login(staff)
        for weeks in (1, 4, 8):
            _harness.timed(
                f"GET helpline coverage ({weeks} weeks)",
                client.get,
                reverse("peersupport:shift-coverage"),
                {"weeks": weeks},
            )
        request = MatchRequest.objects.order_by("pk").first()
        _harness.timed("ranked suggestions (selector)", suggestions, request)
        _harness.timed(
            "GET request with suggestions",
            client.get,
            reverse("peersupport:request-detail", kwargs={"pk": request.pk}),
        )
        _harness.timed("GET matching home", client.get, reverse("peersupport:matching-home"))
        _harness.timed(
            "GET staff travel expenses", client.get, reverse("peersupport:expenses-staff")
        )
        _harness.timed(
            "GET finance export (CSV)",
            client.get,
            reverse("peersupport:expenses-export"),
            {"format": "csv"},
        )
        _harness.timed(
            "GET finance export (XLSX)",
            client.get,
            reverse("peersupport:expenses-export"),
            {"format": "xlsx"},
        )
        _harness.timed("job: helpline gaps (first run)", services.shift_gaps_warn)
        _harness.timed("job: helpline gaps (second run)", services.shift_gaps_warn)
        _harness.timed("job: generate shifts", services.shifts_generate_all)


if __name__ == "__main__":
    main()
