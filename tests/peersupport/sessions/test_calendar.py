"""The personal iCalendar feed: secret, revocable, RFC 5545, nobody else's names."""

from datetime import timedelta

import pytest
from django.urls import reverse

from peersupport import services
from peersupport.services.calendar import escape_text, fold
from tests.peersupport.factories import active_mentor, first_occurrence, make_series

pytestmark = pytest.mark.django_db
icalendar = pytest.importorskip("icalendar")


def _feed(client, token):
    return client.get(reverse("peersupport:calendar-feed", kwargs={"token": token}))


def test_feed_parses_back_with_stable_uid_and_rising_sequence(client, staff):
    mentor = active_mentor(staff)
    other = active_mentor(staff, display_name="Someone Else")
    series = make_series(staff, place="Room 1; upstairs, by the lift", facilitator=staff)
    occurrences = list(series.occurrences.order_by("starts_at")[:2])
    for occurrence in occurrences:
        services.signup_create(occurrence=occurrence, user=mentor)
    services.signup_create(occurrence=occurrences[0], user=other)
    token = services.calendar_feed_issue(user=mentor)

    response = _feed(client, token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    body = raw.decode()
    assert "Someone Else" not in body and staff.display_name not in body
    assert mentor.display_name not in body

    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 2
    first_uid = f"peer-occurrence-{occurrences[0].pk}@testserver"
    event = events[first_uid]
    assert str(event["LOCATION"]) == "Room 1; upstairs, by the lift"
    assert event.decoded("DTSTART") == occurrences[0].starts_at
    assert str(event["STATUS"]) == "CONFIRMED"
    sequence = int(event["SEQUENCE"])

    services.occurrence_cancel(occurrence=occurrences[0], actor=staff, reason="Heating broken")
    again = {
        str(e["UID"]): e
        for e in icalendar.Calendar.from_ical(_feed(client, token).content).walk("VEVENT")
    }
    assert str(again[first_uid]["STATUS"]) == "CANCELLED"
    assert int(again[first_uid]["SEQUENCE"]) > sequence
    assert "Heating broken" in str(again[first_uid]["DESCRIPTION"])

    signup = occurrences[1].signups.get(user=mentor)
    before = int(again[f"peer-occurrence-{occurrences[1].pk}@testserver"]["SEQUENCE"])
    services.signup_withdraw(signup=signup, actor=mentor)
    third = {
        str(e["UID"]): e
        for e in icalendar.Calendar.from_ical(_feed(client, token).content).walk("VEVENT")
    }
    withdrawn = third[f"peer-occurrence-{occurrences[1].pk}@testserver"]
    assert str(withdrawn["STATUS"]) == "CANCELLED"
    assert int(withdrawn["SEQUENCE"]) > before


def test_regenerating_kills_the_old_address(client, staff):
    mentor = active_mentor(staff)
    old = services.calendar_feed_issue(user=mentor)
    new = services.calendar_feed_issue(user=mentor)
    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200
    services.calendar_feed_revoke(user=mentor)
    assert _feed(client, new).status_code == 404
    assert _feed(client, "x" * 500).status_code == 404


def test_feed_page_shows_the_address_once(client_for, staff):
    mentor = active_mentor(staff)
    client = client_for(mentor)
    response = client.post(reverse("peersupport:calendar-regenerate"))
    assert response.status_code == 200
    assert "/sessions.ics" in response.content.decode()
    page = client.get(reverse("peersupport:calendar")).content.decode()
    assert "/sessions.ics" not in page
    assert "Make a new address" in page


def test_escaping_and_folding():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    long = "DESCRIPTION:" + "é" * 80
    folded = fold(long)
    lines = folded.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join([lines[0]] + [line[1:] for line in lines[1:]]) == long


def test_past_sessions_fall_out_after_90_days(client, staff):
    mentor = active_mentor(staff)
    occurrence = first_occurrence(make_series(staff))
    services.signup_create(occurrence=occurrence, user=mentor)
    body = services.calendar_render(user=mentor, now=occurrence.starts_at + timedelta(days=91))
    assert "BEGIN:VEVENT" not in body
