"""Reminders (due within 7 days, overdue) and the weekly digest: each sent once."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from actionplan import services, tasks
from actionplan.models import Action, Status
from config.schedule import BEAT_SCHEDULE
from core.models import Notification
from tests.actionplan.factories import ActionFactory
from tests.factories import make_user
from users.roles import Role

TODAY = date(2026, 6, 15)  # a Monday


def _kinds(kind):
    return Notification.objects.filter(kind=kind)


@pytest.mark.django_db
def test_due_soon_goes_to_owner_and_champion_once(representative):
    action = ActionFactory(due_on=TODAY + timedelta(days=7), champion=representative)
    ActionFactory(due_on=TODAY + timedelta(days=8))  # too far off
    assert services.reminders_send(today=TODAY) == 2
    assert services.reminders_send(today=TODAY) == 0
    # Next day: only the other action (now 7 days off) is reminded; this one is not again.
    assert services.reminders_send(today=TODAY + timedelta(days=1)) == 1
    sent = _kinds("actionplan_due_soon").filter(link=f"/action-plan/actions/{action.pk}/")
    assert sorted(n.user.pk for n in sent) == sorted([action.owner.pk, representative.pk])
    assert "Due in 7 days" in sent.first().subject


@pytest.mark.django_db
def test_due_today_is_due_soon_not_overdue():
    ActionFactory(due_on=TODAY)
    services.reminders_send(today=TODAY)
    assert _kinds("actionplan_due_soon").get().subject.startswith("Due today")
    assert not _kinds("actionplan_overdue").exists()


@pytest.mark.django_db
def test_overdue_once_and_again_after_the_date_moves():
    action = ActionFactory(due_on=TODAY - timedelta(days=1))
    assert services.reminders_send(today=TODAY) == 1
    assert services.reminders_send(today=TODAY + timedelta(days=3)) == 0
    # A new due date that is missed too earns a new reminder.
    Action.objects.filter(pk=action.pk).update(due_on=TODAY + timedelta(days=1))
    assert services.reminders_send(today=TODAY) == 1  # now due soon
    assert services.reminders_send(today=TODAY + timedelta(days=2)) == 1  # and overdue again
    assert _kinds("actionplan_overdue").count() == 2


@pytest.mark.django_db
def test_done_and_dropped_actions_get_no_reminders():
    ActionFactory(due_on=TODAY - timedelta(days=1), status=Status.DONE, progress=100)
    ActionFactory(due_on=TODAY + timedelta(days=1), status=Status.DROPPED, status_reason="x")
    assert services.reminders_send(today=TODAY) == 0


@pytest.mark.django_db
def test_inactive_people_are_not_reminded():
    action = ActionFactory(due_on=TODAY + timedelta(days=1))
    action.owner.is_active = False
    action.owner.save()
    assert services.reminders_send(today=TODAY) == 0


@pytest.mark.django_db
def test_weekly_digest_once_per_person_per_week(representative):
    owner = make_user(Role.STAFF)
    ActionFactory(owner=owner, due_on=TODAY - timedelta(days=2), champion=representative)
    ActionFactory(owner=owner, due_on=TODAY + timedelta(days=40))
    ActionFactory(owner=owner, due_on=TODAY, status=Status.DONE, progress=100)
    assert services.digest_send(today=TODAY) == 2
    assert services.digest_send(today=TODAY + timedelta(days=3)) == 0  # same ISO week
    digest = _kinds("actionplan_digest").get(user=owner)
    assert "2 open" in digest.subject
    assert "Overdue: 1." in digest.body
    assert services.digest_send(today=TODAY + timedelta(days=7)) == 2  # next week


@pytest.mark.django_db
def test_tasks_call_the_services_and_are_scheduled():
    ActionFactory(due_on=timezone_today() + timedelta(days=2))
    assert tasks.send_reminders.delay().get() == 1
    assert tasks.send_weekly_digest.delay().get() == 1
    tasks_scheduled = {e["task"] for e in BEAT_SCHEDULE.values()}
    assert {
        "actionplan.tasks.send_reminders",
        "actionplan.tasks.send_weekly_digest",
    } <= tasks_scheduled


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once():
    for days in range(-3, 8):
        ActionFactory(due_on=TODAY + timedelta(days=days))
    barrier = threading.Barrier(4)
    errors = []

    def run(job):
        try:
            barrier.wait()
            job(today=TODAY)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(job,))
        for job in (
            services.reminders_send,
            services.reminders_send,
            services.digest_send,
            services.digest_send,
        )
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert _kinds("actionplan_due_soon").count() == 8
    assert _kinds("actionplan_overdue").count() == 3
    assert _kinds("actionplan_digest").count() == Action.objects.values("owner").distinct().count()
