"""Meetings: who is expected, the agenda, written responses, minutes draft -> approved ->
published, decisions, cancelling and changing, reminders and the calendar file."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Notification
from council import services
from council.calendar import meeting_ics
from council.models import AgendaItem, Meeting, MeetingAttendee, Minutes
from tests import dates
from tests.council.factories import meeting_for
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_a_new_meeting_expects_the_representatives_chair_and_invitees(world):
    expected = {a.user_id: a.capacity for a in world.meeting.attendees.all()}
    assert expected == {
        world.rep.pk: "representative",
        world.other_rep.pk: "representative",
        world.manager.pk: "senior_manager",
    }
    alone = meeting_for(
        world.council, world.staff, days=9, invite_representatives=False, invitees=[world.staff]
    )
    assert [a.capacity for a in alone.attendees.all()] == ["staff"]


def test_meeting_times_and_place_are_checked(world):
    start = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            actor=world.staff,
            council=world.council,
            title="Backwards",
            starts_at=start,
            ends_at=start - datetime.timedelta(hours=1),
            place="Room 1",
        )
    assert "end after it starts" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            actor=world.staff,
            council=world.council,
            title="Nowhere",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )
    assert "Say where the meeting is" in str(exc.value)


def test_agenda_items_are_ordered_and_moved(world):
    a = services.agenda_item_add(actor=world.staff, meeting=world.meeting, title="A")
    b = services.agenda_item_add(
        actor=world.rep, meeting=world.meeting, title="B", constituency=world.city
    )
    c = services.agenda_item_add(actor=world.staff, meeting=world.meeting, title="C")
    assert b.raised_as == AgendaItem.RaisedAs.REPRESENTATIVE and b.owner == world.rep
    assert a.raised_as == AgendaItem.RaisedAs.STAFF
    services.agenda_item_move(actor=world.staff, item=c, direction="up")
    services.agenda_item_move(actor=world.staff, item=c, direction="up")
    assert not services.agenda_item_move(actor=world.staff, item=c, direction="up")
    order = list(world.meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert order == ["C", "A", "B"]
    with pytest.raises(ValidationError):
        services.agenda_item_move(actor=world.staff, item=c, direction="sideways")


def test_a_representative_raises_items_only_for_their_own_constituency(world):
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(
            actor=world.rep, meeting=world.meeting, title="X", constituency=world.county
        )
    assert "constituency you represent" in str(exc.value)
    with pytest.raises(ValidationError):
        services.agenda_item_add(actor=world.member, meeting=world.meeting, title="X")


def test_owner_must_be_expected_at_the_meeting(world):
    stranger = make_user(Role.STAFF)
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(
            actor=world.staff, meeting=world.meeting, title="X", owner=stranger
        )
    assert "expected at the meeting" in str(exc.value)
    item = services.agenda_item_add(
        actor=world.staff, meeting=world.meeting, title="X", owner=world.manager
    )
    assert item.owner == world.manager
    # Whoever adds an item owns it by default, and is then expected at the meeting.
    services.agenda_item_add(actor=world.staff, meeting=world.meeting, title="Y")
    assert world.meeting.attendees.filter(user=world.staff).exists()


def test_a_written_response_tells_the_representative_who_raised_the_item(world):
    item = services.agenda_item_add(
        actor=world.rep, meeting=world.meeting, title="Buses", constituency=world.city
    )
    services.response_post(actor=world.manager, item=item, body="We will look at bus passes.")
    assert "council_agenda_answered" in _kinds(world.rep)
    assert "council_agenda_answered" not in _kinds(world.manager)
    with pytest.raises(ValidationError):
        services.response_post(actor=world.manager, item=item, body="   ")


def _held(world, **values):
    return meeting_for(world.council, world.staff, chair=world.rep, days=-2, **values)


def test_minutes_go_draft_approved_published_and_then_cannot_change(world):
    meeting = _held(world)
    item = services.agenda_item_add(actor=world.staff, meeting=meeting, title="Buses")
    with pytest.raises(ValidationError) as exc:
        services.minutes_publish(actor=world.staff, meeting=meeting)
    assert "chair must approve" in str(exc.value)
    services.minutes_save(
        actor=world.rep, meeting=meeting, summary="We met.", notes={item.pk: "Talked."}
    )
    decision = services.decision_add(actor=world.staff, meeting=meeting, item=item, text="Passes.")
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(actor=world.staff, meeting=meeting)
    assert "Only the chair" in str(exc.value)
    admin = make_user(Role.ADMINISTRATOR)
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=admin, meeting=meeting)
    assert services.minutes_approve(actor=world.rep, meeting=meeting)
    assert not services.minutes_approve(actor=world.rep, meeting=meeting)
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.APPROVED and minutes.approved_by == world.rep
    for change in (
        lambda: services.minutes_save(actor=world.staff, meeting=meeting, summary="Changed"),
        lambda: services.decision_add(actor=world.staff, meeting=meeting, text="More"),
        lambda: services.decision_delete(actor=world.staff, decision=decision),
        lambda: services.agenda_item_add(actor=world.staff, meeting=meeting, title="Late"),
        lambda: services.agenda_item_update(actor=world.staff, item=item, title="New"),
    ):
        with pytest.raises(ValidationError):
            change()
    with pytest.raises(ValidationError):
        services.minutes_publish(actor=world.member, meeting=meeting)
    assert services.minutes_publish(actor=world.staff, meeting=meeting)
    assert not services.minutes_publish(actor=world.rep, meeting=meeting)
    minutes.refresh_from_db()
    assert minutes.is_published and minutes.published_at


def test_minutes_need_content_and_a_meeting_that_has_happened(world):
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(actor=world.rep, meeting=world.meeting)
    assert "not happened yet" in str(exc.value)
    meeting = _held(world)
    services.minutes_save(actor=world.staff, meeting=meeting, summary="")
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(actor=world.rep, meeting=meeting)
    assert "Write the minutes" in str(exc.value)


def test_a_decision_must_be_about_an_item_of_the_same_meeting(world):
    meeting = _held(world)
    other = services.agenda_item_add(actor=world.staff, meeting=world.meeting, title="Other")
    with pytest.raises(ValidationError) as exc:
        services.decision_add(actor=world.staff, meeting=meeting, item=other, text="X")
    assert "this meeting's agenda" in str(exc.value)


def test_attendance_is_recorded(world):
    marks = {a.pk: "present" for a in world.meeting.attendees.all()}
    first = next(iter(marks))
    marks[first] = "apologies"
    assert services.attendance_record(actor=world.staff, meeting=world.meeting, marks=marks) == 3
    assert MeetingAttendee.objects.get(pk=first).attendance == "apologies"
    with pytest.raises(ValidationError):
        services.attendance_record(actor=world.staff, meeting=world.meeting, marks={first: "x"})
    with pytest.raises(ValidationError) as exc:
        services.attendee_add(actor=world.staff, meeting=world.meeting, user=world.manager)
    assert "already expected" in str(exc.value)


def test_moving_a_meeting_tells_everyone_and_bumps_the_calendar_sequence(world):
    meeting = world.meeting
    services.meeting_update(
        actor=world.staff,
        meeting=meeting,
        title=meeting.title,
        starts_at=meeting.starts_at + datetime.timedelta(days=1),
        ends_at=meeting.ends_at + datetime.timedelta(days=1),
        place=meeting.place,
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    for person in (world.rep, world.other_rep, world.manager):
        assert _kinds(person).count("council_meeting_changed") == 1
    # A new title only: no message, no new sequence.
    services.meeting_update(
        actor=world.staff,
        meeting=meeting,
        title="Renamed",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and _kinds(world.rep).count("council_meeting_changed") == 1


def test_cancelling_tells_everyone_once(world):
    assert services.meeting_cancel(actor=world.staff, meeting=world.meeting, reason="Snow")
    assert not services.meeting_cancel(actor=world.staff, meeting=world.meeting, reason="Snow")
    world.meeting.refresh_from_db()
    assert world.meeting.is_cancelled and world.meeting.sequence == 1
    assert _kinds(world.manager) == ["council_meeting_cancelled"]
    assert "STATUS:CANCELLED" in meeting_ics(world.meeting, with_link=False)
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=world.staff, meeting=world.meeting, reason=" ")
    with pytest.raises(ValidationError):
        services.agenda_item_add(actor=world.staff, meeting=world.meeting, title="X")


def test_calendar_file_is_rfc5545_and_keeps_the_link_for_attendees(world):
    meeting = world.meeting
    meeting.online_link = "https://meet.example.org/a-very-long-address-that-will-need-folding-ok"
    meeting.title = "Council; with, commas"
    meeting.save()
    text = meeting_ics(meeting, with_link=True)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "SUMMARY:Council\\; with\\, commas" in text
    assert f"UID:council-meeting-{meeting.pk}@" in text
    assert "meet.example.org" in text.replace("\r\n ", "")
    assert "meet.example.org" not in meeting_ics(meeting, with_link=False).replace("\r\n ", "")


# --- reminders --------------------------------------------------------------------------------


def test_agenda_three_days_before_and_reminder_the_day_before_each_once(world):
    meeting = world.meeting  # five days away
    now = timezone.now()
    assert services.meeting_reminders_due(now=now) == 0
    three_days_before = meeting.starts_at - datetime.timedelta(days=2, hours=23)
    assert services.meeting_reminders_due(now=three_days_before) == 3
    assert services.meeting_reminders_due(now=three_days_before) == 0
    apologies = meeting.attendees.get(user=world.other_rep)
    services.attendance_record(
        actor=world.staff, meeting=meeting, marks={apologies.pk: "apologies"}
    )
    day_before = meeting.starts_at - datetime.timedelta(hours=20)
    assert services.meeting_reminders_due(now=day_before) == 2
    assert services.meeting_reminders_due(now=day_before) == 0
    assert sorted(_kinds(world.rep)) == ["council_meeting_agenda", "council_meeting_reminder"]
    assert "council_meeting_reminder" not in _kinds(world.other_rep)


def test_a_reminder_claim_sends_nothing_the_second_time_even_when_asked_directly(world):
    when = world.meeting.starts_at - datetime.timedelta(hours=2)
    assert services.meeting_reminder_send(meeting_id=world.meeting.pk, kind="reminder", now=when)
    assert (
        services.meeting_reminder_send(meeting_id=world.meeting.pk, kind="reminder", now=when) == 0
    )


def test_a_moved_meeting_is_reminded_again_and_a_cancelled_one_not_at_all(world):
    meeting = world.meeting
    when = meeting.starts_at - datetime.timedelta(hours=2)
    services.meeting_reminders_due(now=when)
    later = meeting.starts_at + datetime.timedelta(days=7)
    services.meeting_update(
        actor=world.staff,
        meeting=meeting,
        title=meeting.title,
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=2),
        place=meeting.place,
    )
    assert services.meeting_reminders_due(now=later - datetime.timedelta(hours=2)) == 6
    other = meeting_for(world.council, world.staff, days=1)
    services.meeting_cancel(actor=world.staff, meeting=other, reason="No room")
    assert services.meeting_reminders_due(now=timezone.now()) == 0


def test_the_reminder_task_runs_the_job():
    from council.tasks import send_meeting_reminders

    assert send_meeting_reminders() == 0
    assert Meeting.objects.count() == 0


def test_a_persons_meetings_are_ready_for_a_shared_calendar_feed(world):
    from council.calendar import meeting_events_for, render_calendar

    old = meeting_for(world.council, world.staff, days=-200)
    services.attendee_add(actor=world.staff, meeting=old, user=world.manager)
    events = meeting_events_for(user=world.manager)
    assert [e.uid.split("@")[0] for e in events] == [f"council-meeting-{world.meeting.pk}"]
    assert meeting_events_for(user=world.member) == []
    text = render_calendar(events, name="My council meetings")
    assert text.count("BEGIN:VEVENT") == 1 and "X-WR-CALNAME:My council meetings" in text


def test_a_too_long_title_is_explained_not_a_crash(client, world):
    from django.urls import reverse

    client.force_login(world.staff)
    response = client.post(
        reverse("council:meeting-create", kwargs={"slug": world.council.slug}),
        {
            "title": "t" * 250,
            **dates.posted("starts_at", "2026-05-01T10:00"),
            **dates.posted("ends_at", "2026-05-01T12:00"),
        },
    )
    assert response.status_code == 200
    assert "Keep it to 200 characters or fewer. You have typed 250." in response.content.decode()
