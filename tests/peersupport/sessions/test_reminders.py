"""Reminders 24 hours before, sent once even when the job runs twice."""

from datetime import timedelta

import pytest

from core.models import Notification
from peersupport import services
from tests.peersupport.factories import active_mentor, first_occurrence, make_series

pytestmark = pytest.mark.django_db


def test_reminder_sent_once_in_the_24_hours_before(staff):
    mentor = active_mentor(staff)
    occurrence = first_occurrence(make_series(staff))
    services.signup_create(occurrence=occurrence, user=mentor)
    assert services.reminders_send(now=occurrence.starts_at - timedelta(hours=25)) == 0
    now = occurrence.starts_at - timedelta(hours=23)
    assert services.reminders_send(now=now) == 1
    assert services.reminders_send(now=now) == 0
    assert services.reminders_send(now=now + timedelta(hours=1)) == 0
    reminders = Notification.objects.filter(user=mentor, kind="peersupport_reminder")
    assert reminders.count() == 1
    assert occurrence.title in reminders.get().subject
    assert "6pm" in reminders.get().body


def test_even_if_the_claim_is_lost_the_dedupe_key_holds(staff):
    mentor = active_mentor(staff)
    occurrence = first_occurrence(make_series(staff))
    signup = services.signup_create(occurrence=occurrence, user=mentor)
    now = occurrence.starts_at - timedelta(hours=2)
    services.reminders_send(now=now)
    signup.refresh_from_db()
    type(signup).objects.filter(pk=signup.pk).update(reminded_for=None)  # as if a worker died
    services.reminders_send(now=now)
    assert Notification.objects.filter(user=mentor, kind="peersupport_reminder").count() == 1


def test_no_reminder_for_waiting_list_withdrawn_or_cancelled(staff):
    a, b = active_mentor(staff), active_mentor(staff)
    series = make_series(staff, mentor_places=1)
    occurrence = first_occurrence(series)
    services.signup_create(occurrence=occurrence, user=a)
    services.signup_create(occurrence=occurrence, user=b)  # waiting
    services.occurrence_cancel(occurrence=occurrence, actor=staff, reason="Closed")
    assert services.reminders_send(now=occurrence.starts_at - timedelta(hours=1)) == 0


def test_moved_session_gets_a_new_reminder(staff):
    mentor = active_mentor(staff)
    occurrence = first_occurrence(make_series(staff))
    services.signup_create(occurrence=occurrence, user=mentor)
    services.reminders_send(now=occurrence.starts_at - timedelta(hours=20))
    later = occurrence.starts_at + timedelta(hours=1)
    services.occurrence_update(
        occurrence=occurrence,
        actor=staff,
        starts_at=later,
        ends_at=later + timedelta(hours=1),
        place=occurrence.place,
        facilitator=None,
        mentor_places=2,
        participant_places=0,
    )
    assert services.reminders_send(now=later - timedelta(hours=20)) == 1
    assert Notification.objects.filter(user=mentor, kind="peersupport_reminder").count() == 2


def test_tasks_are_thin_wrappers(staff):
    from peersupport import tasks

    mentor = active_mentor(staff)
    make_series(staff)
    assert tasks.generate_occurrences.delay().get() == 0  # already generated ahead
    assert tasks.send_session_reminders.delay().get() == 0
    assert tasks.award_certificates.delay([mentor.pk]).get() == 0  # training one already given
    assert tasks.prompt_reviews.delay().get() == 0
