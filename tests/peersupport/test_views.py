"""Pages: the staff journey through the browser forms, bad input, query counts, home and nav."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peersupport.models import (
    Certificate,
    MentorProfile,
    MentorStatus,
    Occurrence,
    Qualification,
    SessionSeries,
    SignUp,
)
from tests import dates
from tests.factories import make_user
from tests.peersupport.factories import (
    active_mentor,
    first_occurrence,
    make_series,
    past_occurrences,
    run_on_commit,
)

pytestmark = pytest.mark.django_db


def test_staff_take_a_member_from_referral_to_active_in_the_forms(client_for, staff, member):
    client = client_for(staff)
    response = client.post(
        reverse("peersupport:referral-create"),
        {
            "username": member.username.upper(),
            "referrer_name": "Pat Officer",
            "referrer_role": "probation_officer",
            "reason": "Doing well",
            "consent": "on",
        },
    )
    profile = MentorProfile.objects.get(user=member)
    assert response.status_code == 302
    today = timezone.localdate().isoformat()
    client.post(
        reverse("peersupport:assessment-create", kwargs={"pk": profile.pk}),
        {
            "assessed_on": today,
            "motivation": "m",
            "engagement": "e",
            "stability": "s",
            "outcome": "suitable",
        },
    )
    course = Qualification.objects.get(required_to_start=True)
    with run_on_commit():
        client.post(
            reverse("peersupport:qualification-create", kwargs={"pk": profile.pk}),
            {"qualification": course.pk, "completed_on": today},
        )
    client.post(reverse("peersupport:mentor-activate", kwargs={"pk": profile.pk}))
    profile.refresh_from_db()
    assert profile.status == MentorStatus.ACTIVE
    assert Certificate.objects.filter(user=member).count() == 1
    page = client.get(reverse("peersupport:mentor-detail", kwargs={"pk": profile.pk}))
    assert page.content.decode().count("govuk-table__row") >= 4  # header + 3 history rows


def test_referral_form_keeps_input_and_explains(client_for, staff):
    response = client_for(staff).post(
        reverse("peersupport:referral-create"),
        {
            "username": "nobody-here",
            "referrer_name": "Pat <b>",
            "reason": "Because",
            "referrer_role": "x",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is no member with that username." in body
    assert "Only refer someone who has agreed to it." in body
    assert 'value="Pat &lt;b&gt;"' in body
    assert "Because" in body


def test_series_form_builds_the_rule_and_refuses_nonsense(client_for, staff):
    client = client_for(staff)
    anchor = timezone.localdate() + timedelta(days=3)
    data = {
        "title": "Peer Support Group",
        "session_type": "peer_support_group",
        **dates.posted("anchor_date", anchor),
        "start_time": "6pm",
        "duration_minutes": "120",
        "repeat": "fortnightly",
        "place": "Room 1",
        "mentor_places": "2",
        "participant_places": "0",
        "weeks_ahead": "8",
        "skip_bank_holidays": "on",
    }
    response = client.post(reverse("peersupport:series-create"), data)
    assert response.status_code == 302
    series = SessionSeries.objects.get()
    assert series.rrule.startswith("FREQ=WEEKLY;INTERVAL=2;BYDAY=")
    assert series.occurrences.count() >= 4

    bad = dict(
        data,
        repeat="custom",
        rrule="FREQ=SECONDLY",
        start_time="25:99",
        duration_minutes="lots",
        mentor_places="-1",
        **{"anchor_date_0": "31", "anchor_date_1": "2", "anchor_date_2": "2027"},
    )
    response = client.post(reverse("peersupport:series-create"), bad)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Start time must be a real time, like 9:30am or 14:30" in body
    assert "First date must be a real date" in body
    assert "Enter a whole number" in body
    assert 'value="FREQ=SECONDLY"' in body
    assert SessionSeries.objects.count() == 1


def test_mentor_signs_up_and_withdraws_through_the_page(client_for, staff):
    mentor = active_mentor(staff)
    occurrence = first_occurrence(make_series(staff))
    client = client_for(mentor)
    url = reverse("peersupport:occurrence-detail", kwargs={"pk": occurrence.pk})
    assert b"Sign up" in client.get(url).content
    response = client.post(
        reverse("peersupport:signup-create", kwargs={"pk": occurrence.pk}), follow=True
    )
    assert "You are signed up" in response.content.decode()
    response = client.post(
        reverse("peersupport:signup-create", kwargs={"pk": occurrence.pk}), follow=True
    )
    assert "already signed up" in response.content.decode()
    response = client.post(
        reverse("peersupport:signup-withdraw", kwargs={"pk": occurrence.pk}), follow=True
    )
    assert "no longer signed up" in response.content.decode()
    assert SignUp.objects.get().status == "withdrawn"
    # Bad role value: plain message, no 500.
    response = client.post(
        reverse("peersupport:signup-create", kwargs={"pk": occurrence.pk}),
        {"role": "boss"},
        follow=True,
    )
    assert "no places of that kind" in response.content.decode()


def test_staff_record_attendance_through_the_page(client_for, staff):
    mentor = active_mentor(staff)
    past = past_occurrences(staff, 1)[0]
    client = client_for(staff)
    client.post(reverse("peersupport:signup-assign", kwargs={"pk": past.pk}), {"user": mentor.pk})
    signup = SignUp.objects.get(occurrence=past)
    page = client.get(
        reverse("peersupport:occurrence-detail", kwargs={"pk": past.pk})
    ).content.decode()
    assert reverse("peersupport:attendance-record", kwargs={"pk": past.pk}) in page
    client.post(
        reverse("peersupport:attendance-record", kwargs={"pk": past.pk}),
        {f"signup_{signup.pk}": "attended"},
    )
    signup.refresh_from_db()
    assert signup.attendance == "attended"
    response = client.post(
        reverse("peersupport:attendance-record", kwargs={"pk": past.pk}),
        {f"signup_{signup.pk}": "nonsense"},
        follow=True,
    )
    assert "Choose attended" in response.content.decode()
    response = client.post(
        reverse("peersupport:signup-assign", kwargs={"pk": past.pk}), {"user": "abc"}, follow=True
    )
    assert "Choose a mentor from the list." in response.content.decode()


def test_occurrence_edit_and_cancel_forms(client_for, staff):
    occurrence = first_occurrence(make_series(staff))
    client = client_for(staff)
    url = reverse("peersupport:occurrence-edit", kwargs={"pk": occurrence.pk})
    response = client.post(
        url,
        {
            "day": occurrence.local_date.isoformat(),
            "start_time": "19:00",
            "end_time": "18:00",
            "place": "X",
            "mentor_places": "1",
            "participant_places": "0",
        },
    )
    assert "The end time must be after the start time." in response.content.decode()
    response = client.post(
        url,
        {
            "day": occurrence.local_date.isoformat(),
            "start_time": "17:00",
            "end_time": "18:30",
            "place": "Hall",
            "mentor_places": "1",
            "participant_places": "0",
        },
    )
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert timezone.localtime(occurrence.starts_at).hour == 17 and occurrence.is_detached
    cancel = reverse("peersupport:occurrence-cancel", kwargs={"pk": occurrence.pk})
    assert "Say why" in client.post(cancel, {"reason": ""}).content.decode()
    assert client.post(cancel, {"reason": "Snow"}).status_code == 302
    assert client.post(cancel, {"reason": "Snow"}).status_code == 200  # already cancelled: message


def test_missing_objects_are_404(client_for, staff):
    client = client_for(staff)
    for name in (
        "occurrence-detail",
        "mentor-detail",
        "series-detail",
        "certificate-detail",
        "rule-edit",
    ):
        assert client.get(reverse(f"peersupport:{name}", kwargs={"pk": 999999})).status_code == 404


def _seed_sessions(staff, n):
    """``n`` more mentors and ``n`` more series, each with sign-ups on its first dates."""
    from peersupport import services

    mentors = [active_mentor(staff) for _ in range(n)]
    for hour in range(8, 8 + n):
        series = make_series(
            staff,
            title=f"Series {SessionSeries.objects.count()}",
            mentor_places=3,
            start_time=time(hour, 0),
            duration_minutes=30,
        )
        for occurrence in series.occurrences.all()[:3]:
            for mentor in mentors[:2]:
                services.signup_create(occurrence=occurrence, user=mentor)
    return mentors


@pytest.mark.parametrize(
    "url_name,who",
    [
        ("peersupport:occurrence-list", "mentor"),
        ("peersupport:my-schedule", "mentor"),
        ("peersupport:series-list", "staff"),
        ("peersupport:mentor-list", "staff"),
        ("peersupport:staff-home", "staff"),
        ("peersupport:certificate-list", "mentor"),
        ("peersupport:minutes-list", "mentor"),
    ],
)
def test_list_pages_do_not_grow_queries_with_rows(
    client, staff, url_name, who, django_assert_max_num_queries
):
    mentors = _seed_sessions(staff, 2)
    viewer = mentors[0] if who == "mentor" else staff
    client.force_login(viewer)
    url = reverse(url_name)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    _seed_sessions(staff, 5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_occurrence_and_series_detail_queries_are_fixed(
    client, staff, django_assert_max_num_queries
):
    series = make_series(staff, mentor_places=20)
    occurrence = first_occurrence(series)
    from peersupport import services

    for _ in range(2):
        services.signup_create(occurrence=occurrence, user=active_mentor(staff))
    client.force_login(staff)
    urls = [
        reverse("peersupport:occurrence-detail", kwargs={"pk": occurrence.pk}),
        reverse("peersupport:series-detail", kwargs={"pk": series.pk}),
    ]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(30) as q:
            client.get(url)
        counts.append(len(q.captured_queries))
    for _ in range(8):
        services.signup_create(occurrence=occurrence, user=active_mentor(staff))
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_home_sections_and_navigation(client_for, staff):
    mentor = active_mentor(staff)
    home = client_for(mentor).get("/").content.decode()
    for name in ("my-schedule", "occurrence-list", "certificate-list", "calendar"):
        assert reverse(f"peersupport:{name}") in home
    staff_home = client_for(staff).get("/").content.decode()
    assert reverse("peersupport:staff-home") in staff_home
    member_home = client_for(make_user("member")).get("/").content.decode()
    assert reverse("peersupport:my-schedule") not in member_home


def test_minutes_draft_hidden_until_published(client_for, staff, member):
    from peersupport import services
    from peersupport.models import SessionType

    past = past_occurrences(
        staff, 1, session_type=SessionType.CONSULTATION_GROUP, mentor_places=0, participant_places=5
    )[0]
    url = reverse("peersupport:minutes-detail", kwargs={"pk": past.pk})
    services.occurrence_minutes_save(
        occurrence=past, actor=staff, minutes="Draft text", publish=False
    )
    assert client_for(member).get(url).status_code == 404
    assert client_for(staff).get(url).status_code == 200
    services.occurrence_minutes_save(
        occurrence=past, actor=staff, minutes="Final text", publish=True
    )
    assert "Final text" in client_for(member).get(url).content.decode()
    assert Occurrence.objects.filter(minutes_published_at__isnull=False).count() == 1


def test_series_edit_form(client_for, staff):
    series = make_series(staff)
    url = reverse("peersupport:series-edit", kwargs={"pk": series.pk})
    client = client_for(staff)
    assert series.rrule in client.get(url).content.decode()
    form = {
        "title": "Renamed",
        "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=XX",
        "start_time": "18:00",
        "duration_minutes": "120",
        "place": "Room",
        "mentor_places": "2",
        "participant_places": "0",
        "weeks_ahead": "8",
        "is_active": "on",
    }
    response = client.post(url, form)
    assert "That repeat rule is not valid" in response.content.decode()
    assert 'value="Renamed"' in response.content.decode()
    form["rrule"] = series.rrule
    assert client.post(url, form).status_code == 302
    series.refresh_from_db()
    assert series.title == "Renamed"
    assert set(series.occurrences.values_list("title", flat=True)) == {"Renamed"}


def test_jobs_are_scheduled():
    from config.schedule import BEAT_SCHEDULE

    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {
        "peersupport.tasks.generate_occurrences",
        "peersupport.tasks.send_session_reminders",
        "peersupport.tasks.award_certificates",
        "peersupport.tasks.prompt_reviews",
    } <= tasks
