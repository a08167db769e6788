"""Database constraints and concurrency, on PostgreSQL (CI runs these with DATABASE_URL)."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Notification
from peersupport import services
from peersupport.models import Certificate, Occurrence, SignUp, SignUpStatus
from tests.concurrency import race_each
from tests.peersupport.factories import active_mentor, first_occurrence, make_series

# reference_data: the roles, qualifications and certificate rules come from data
# migrations, which each transactional test's flush empties.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_exclusion_constraint_refuses_overlap_even_behind_the_service(staff):
    mentor = active_mentor(staff)
    anchor = first_occurrence(make_series(staff)).local_date
    a = first_occurrence(make_series(staff, title="A", anchor_date=anchor))
    b = first_occurrence(make_series(staff, title="B", anchor_date=anchor))
    services.signup_create(occurrence=a, user=mentor)
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.create(
            occurrence=b,
            user=mentor,
            role="mentor",
            status=SignUpStatus.CONFIRMED,
            starts_at=b.starts_at,
            ends_at=b.ends_at,
            queued_at=now,
        )
    # A withdrawn row does not block.
    SignUp.objects.create(
        occurrence=b,
        user=mentor,
        role="mentor",
        status=SignUpStatus.WITHDRAWN,
        starts_at=b.starts_at,
        ends_at=b.ends_at,
        queued_at=now,
    )


def test_concurrent_clashing_signups_one_wins(staff):
    mentor = active_mentor(staff)
    anchor = first_occurrence(make_series(staff)).local_date
    occurrences = [
        first_occurrence(make_series(staff, title=f"S{i}", anchor_date=anchor)) for i in range(6)
    ]

    def sign(occurrence_id):
        return services.signup_create(
            occurrence=Occurrence.objects.get(pk=occurrence_id), user=mentor
        )

    results, errors = race_each(sign, [(o.pk,) for o in occurrences])
    assert len(results) == 1
    assert len(errors) == 5
    assert SignUp.objects.filter(user=mentor, status__in=("confirmed", "waiting")).count() == 1


def test_concurrent_signups_fill_places_exactly(staff):
    mentors = [active_mentor(staff) for _ in range(8)]
    occurrence = first_occurrence(make_series(staff, mentor_places=3))

    def sign(user_id):
        from users.models import User

        return services.signup_create(occurrence=occurrence, user=User.objects.get(pk=user_id))

    results, errors = race_each(sign, [(m.pk,) for m in mentors])
    assert not errors
    assert SignUp.objects.filter(occurrence=occurrence, status="confirmed").count() == 3
    assert SignUp.objects.filter(occurrence=occurrence, status="waiting").count() == 5


def test_two_overlapping_reminder_runs_send_once(staff):
    mentors = [active_mentor(staff) for _ in range(5)]
    occurrence = first_occurrence(make_series(staff, mentor_places=5))
    for mentor in mentors:
        services.signup_create(occurrence=occurrence, user=mentor)
    now = occurrence.starts_at - timedelta(hours=3)
    results, errors = race_each(lambda: services.reminders_send(now=now), [(), (), ()])
    assert not errors
    assert sum(results) == 5
    assert Notification.objects.filter(kind="peersupport_reminder").count() == 5


def test_two_overlapping_award_runs_award_once(staff):
    from peersupport.models import Attendance
    from tests.peersupport.factories import past_occurrences

    mentor = active_mentor(staff)
    for occurrence in past_occurrences(staff, 5):
        signup = services.signup_create(occurrence=occurrence, user=mentor, actor=staff)
        SignUp.objects.filter(pk=signup.pk).update(attendance=Attendance.ATTENDED)
    results, errors = race_each(lambda: len(services.certificates_award()), [(), (), ()])
    assert not errors
    assert (
        Certificate.objects.filter(
            user=mentor, rule__name="Group sessions as a peer mentor"
        ).count()
        == 1
    )
    assert Notification.objects.filter(user=mentor, kind="peersupport_certificate").count() == 2


def test_two_overlapping_generation_runs_make_no_duplicates(staff):
    series = make_series(staff, weeks_ahead=4)
    Occurrence.objects.filter(series=series).delete()
    results, errors = race_each(
        lambda: services.occurrences_generate(series_id=series.pk), [(), (), ()]
    )
    assert not errors
    days = list(series.occurrences.values_list("local_date", flat=True))
    assert len(days) == len(set(days)) > 0
