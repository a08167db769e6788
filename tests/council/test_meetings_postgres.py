"""Council business on PostgreSQL: jobs and clicks racing each other, and the database
constraints that hold when Python checks are bypassed."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import IntegrityError, connections, transaction

from core.models import Notification
from council import services
from council.models import Minutes, RepIssue
from tests.council.factories import ConstituencyFactory, join, meeting_for, represent
from tests.factories import make_user
from users.roles import Role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _together(jobs, repeat: int = 1):
    barrier = threading.Barrier(len(jobs) * repeat)
    results: list = []
    lock = threading.Lock()

    def worker(job):
        try:
            barrier.wait()
            value = job()
        except Exception as exc:  # the race's loser may raise; record it
            value = exc
        finally:
            connections.close_all()
        with lock:
            results.append(value)

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs * repeat]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def meeting_world():
    staff = make_user(Role.STAFF)
    place = ConstituencyFactory()
    reps = [make_user(Role.MEMBER, display_name=f"Rep {i}") for i in range(3)]
    represent(place, staff, *reps)
    chair = reps[0]
    meeting = meeting_for(place.council, staff, chair=chair, days=2)
    return place, staff, chair, meeting


def test_reminder_jobs_running_at_once_send_each_reminder_once(meeting_world):
    _place, _staff, _chair, meeting = meeting_world
    when = meeting.starts_at - datetime.timedelta(hours=3)
    results = _together([lambda: services.meeting_reminders_due(now=when)], repeat=8)
    assert sum(r for r in results if isinstance(r, int)) == 6  # 3 people x agenda + reminder
    assert Notification.objects.filter(kind="council_meeting_agenda").count() == 3
    assert Notification.objects.filter(kind="council_meeting_reminder").count() == 3


def test_approving_and_publishing_twice_at_once_happens_once(meeting_world):
    _place, staff, chair, meeting = meeting_world
    meeting.starts_at -= datetime.timedelta(days=5)
    meeting.ends_at -= datetime.timedelta(days=5)
    meeting.save()
    services.minutes_save(actor=staff, meeting=meeting, summary="Met.")
    approved = _together([lambda: services.minutes_approve(actor=chair, meeting=meeting)], 6)
    assert approved.count(True) == 1
    published = _together([lambda: services.minutes_publish(actor=staff, meeting=meeting)], 6)
    assert published.count(True) == 1
    assert Minutes.objects.get(meeting=meeting).is_published


def test_the_database_refuses_half_recorded_states(meeting_world):
    place, _staff, _chair, meeting = meeting_world
    member = make_user(Role.MEMBER)
    join(place, member)
    issue = services.rep_issue_create(actor=member, constituency=place, problem="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        RepIssue.objects.filter(pk=issue.pk).update(status=RepIssue.Status.MERGED)
    with pytest.raises(IntegrityError), transaction.atomic():
        RepIssue.objects.filter(pk=issue.pk).update(merged_into=issue)
    minutes = Minutes.objects.create(meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(meeting).objects.filter(pk=meeting.pk).update(ends_at=meeting.starts_at)


def test_two_representatives_raising_the_same_issue_at_once_make_one_agenda_item(meeting_world):
    from council.models import AgendaItem

    place, _staff, _chair, meeting = meeting_world
    member = make_user(Role.MEMBER)
    join(place, member)
    issue = services.rep_issue_create(actor=member, constituency=place, problem="Curfews")
    reps = [rep.user for rep in place.representatives.select_related("user")]

    def raise_as(rep):
        return lambda: services.rep_issue_raise(
            actor=rep, issue=issue, meeting=meeting, title="Curfews"
        )

    results = _together([raise_as(rep) for rep in reps], repeat=3)
    assert sum(isinstance(r, AgendaItem) for r in results) == 1
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    assert Notification.objects.filter(user=member, kind="council_issue_raised").count() == 1
