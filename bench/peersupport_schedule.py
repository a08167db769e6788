"""Peer support at scale: the schedule pages and the periodic jobs with many rows.

Prints figures; never fails on time. Uses a throwaway test database (SQLite in memory, or
PostgreSQL when DATABASE_URL is set).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/peersupport_schedule.py
    ... --mentors 2000 --series 60
"""

from __future__ import annotations

import argparse
from datetime import time as dt_time
from datetime import timedelta

import _harness

_harness.setup("config.settings.test")

from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


def seed(mentors: int, series_count: int):
    from peersupport import services
    from peersupport.models import (
        MentorProfile,
        MentorStatus,
        Occurrence,
        SessionType,
        SignUp,
        SignUpStatus,
    )
    from users.models import User
    from users.roles import Role

    staff = User.objects.create(username="bench-staff", display_name="Staff")
    staff.groups.add(Group.objects.get(name=Role.STAFF))
    users = User.objects.bulk_create(
        [User(username=f"bench-mentor-{i}", display_name=f"Mentor {i}") for i in range(mentors)]
    )
    mentor_group = Group.objects.get(name=Role.MENTOR)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=mentor_group.pk) for u in users]
    )
    MentorProfile.objects.bulk_create(
        [MentorProfile(user=u, status=MentorStatus.ACTIVE) for u in users]
    )
    today = timezone.localdate()
    for i in range(series_count):
        series = services.series_create(
            actor=staff,
            title=f"Group {i}",
            session_type=SessionType.PEER_SUPPORT_GROUP,
            rrule="FREQ=WEEKLY",
            anchor_date=today - timedelta(weeks=26),
            start_time=dt_time(8 + i % 12),
            duration_minutes=50,
            place="Room",
            mentor_places=10,
        )
        services.occurrences_generate(series_id=series.pk, from_date=today - timedelta(weeks=26))
    now = timezone.now()
    rows = []
    occurrences = list(Occurrence.objects.all())
    for n, occurrence in enumerate(occurrences):
        for k in range(5):
            user = users[(n * 7 + k * 131) % len(users)]
            rows.append(
                SignUp(
                    occurrence=occurrence,
                    user=user,
                    role="mentor",
                    status=SignUpStatus.CONFIRMED,
                    starts_at=occurrence.starts_at,
                    ends_at=occurrence.ends_at,
                    queued_at=now,
                    attendance="attended" if occurrence.starts_at < now else "",
                )
            )
    SignUp.objects.bulk_create(rows, ignore_conflicts=True)
    signups = SignUp.objects.count()
    print(f"seeded {mentors} mentors, {len(occurrences)} occurrences, {signups} sign-ups")  # noqa: T201
    return staff, users


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--series", type=int, default=24)
    options = parser.parse_args()

    with _harness.throwaway_database():
        from peersupport import services

        staff, users = seed(options.mentors, options.series)
        client = Client()
        client.force_login(users[0])
        _harness.timed(
            "GET sessions list (mentor)", client.get, reverse("peersupport:occurrence-list")
        )
        _harness.timed("GET my sessions (mentor)", client.get, reverse("peersupport:my-schedule"))
        client.force_login(staff)
        _harness.timed("GET staff mentor list", client.get, reverse("peersupport:mentor-list"))
        _harness.timed("GET staff series list", client.get, reverse("peersupport:series-list"))
        _harness.timed("job: generate occurrences", services.occurrences_generate_all)
        _harness.timed("job: reminders (first run)", services.reminders_send)
        _harness.timed("job: reminders (second run)", services.reminders_send)
        _harness.timed("job: award certificates (first run)", services.certificates_award)
        _harness.timed("job: award certificates (second run)", services.certificates_award)
        _harness.timed("calendar feed for one mentor", services.calendar_render, user=users[0])


if __name__ == "__main__":
    main()
