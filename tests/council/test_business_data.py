"""Demo data for council business, and what a person's data download and deletion do."""

from __future__ import annotations

import pytest

from core.personal_data import registry
from council import services
from council.models import AgendaItem, Meeting, MeetingAttendee, RepIssue, RepIssueMessage

pytestmark = pytest.mark.django_db


def test_demo_has_past_minutes_an_upcoming_agenda_and_issues_and_runs_twice():
    from council import demo
    from users import demo as user_demo

    users = user_demo.seed()
    demo.seed(users)
    counts = (Meeting.objects.count(), AgendaItem.objects.count(), RepIssue.objects.count())
    demo.seed(users)
    assert (Meeting.objects.count(), AgendaItem.objects.count(), RepIssue.objects.count()) == counts
    past = Meeting.objects.get(title=demo.PAST_MEETING)
    assert past.minutes.is_published and past.decisions.count() == 2
    assert past.agenda_items.filter(responses__isnull=False).exists()
    upcoming = Meeting.objects.get(title=demo.NEXT_MEETING)
    assert upcoming.agenda_items.count() == 2
    raised = upcoming.agenda_items.get(people_count=4)
    assert raised.rep_issues.count() == 4
    assert RepIssue.objects.filter(status=RepIssue.Status.OPEN).count() == 2
    rep = users["representative"]
    assert rep.representative_terms.filter(stood_down_on=None).exists()
    assert RepIssueMessage.objects.filter(author=rep).exists()


def test_download_my_data_has_my_issues_and_erasure_removes_them(world, client):
    issue = services.rep_issue_create(
        actor=world.member, constituency=world.city, problem="My words about curfews."
    )
    services.rep_issue_message(actor=world.member, issue=issue, body="More of my words.")
    services.rep_issue_message(actor=world.rep, issue=issue, body="A rep's reply.")
    item = services.rep_issue_raise(
        actor=world.rep, issue=issue, meeting=world.meeting, title="Curfews"
    )
    data = registry.export_for(world.member)
    assert data["council.repissue"]["records"][0]["problem"] == "My words about curfews."
    assert data["council.repissuemessage"]["records"][0]["body"] == "More of my words."
    rep_data = registry.export_for(world.rep)
    assert rep_data["council.agendaitem"]["records"][0]["title"] == "Curfews"
    assert rep_data["council.meetingattendee"]["records"]

    registry.erase_for(world.member)
    assert not RepIssue.objects.filter(pk=issue.pk).exists()
    assert not RepIssueMessage.objects.filter(body="More of my words.").exists()
    item.refresh_from_db()
    assert item.people_count == 1  # the council's record keeps the count

    registry.erase_for(world.rep)
    item.refresh_from_db()
    assert item.raised_by is None and item.owner is None
    assert not MeetingAttendee.objects.filter(user=world.rep).exists()
    world.meeting.refresh_from_db()
    assert world.meeting.chair is None


def test_every_council_model_linked_to_a_person_is_registered_or_exempted():
    from django.apps import apps
    from django.conf import settings

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    missing = [
        model._meta.label
        for model in apps.get_app_config("council").get_models()
        if any(
            f.is_relation and f.concrete and f.related_model is user_model
            for f in model._meta.get_fields()
        )
        and not registry.is_covered(model)
    ]
    assert missing == []


def test_erasing_the_member_whose_issue_others_joined_keeps_the_others_together(world):
    from tests.council.factories import members

    others = members(world.city, 2, prefix="neighbour")
    main = services.rep_issue_create(actor=world.member, constituency=world.city, problem="M")
    dups = [
        services.rep_issue_create(actor=p, constituency=world.city, problem=f"D{i}")
        for i, p in enumerate(others)
    ]
    services.rep_issue_merge(actor=world.rep, main=main, duplicates=dups)
    item = services.rep_issue_raise(actor=world.rep, issue=main, meeting=world.meeting, title="T")
    registry.erase_for(world.member)
    heir, rest = (RepIssue.objects.get(pk=d.pk) for d in dups)
    assert heir.status == RepIssue.Status.RAISED and heir.merged_into is None
    assert rest.merged_into == heir and rest.agenda_item == item == heir.agenda_item
