"""Meeting and "tell your rep" pages: each role's journey, bad input answered in plain English
with what was typed kept, wrong methods, unpublished minutes hidden, pinned query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from council import services
from council.models import AgendaItem, Decision, Meeting, Minutes, RepIssue
from tests import dates
from tests.council.factories import meeting_for, members

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _when(name: str, moment: datetime.datetime) -> dict[str, str]:
    """A date input and a time box, as the meeting form posts them."""
    return dates.posted(name, timezone.localtime(moment))


def test_staff_plan_a_meeting_and_bad_input_is_explained(client, world):
    client.force_login(world.staff)
    url = reverse("council:meeting-create", kwargs={"slug": world.council.slug})
    assert client.get(url).status_code == 200
    start = timezone.now() + datetime.timedelta(days=20)
    bad = {
        "title": "Summer council",
        **{"starts_at_0": "45", "starts_at_1": "13", "starts_at_2": "2026", "starts_at_3": "10am"},
        **_when("ends_at", start),
        "place": "",
        "online_link": "not a link",
        "chair": "nobody-at-all",
        "invitees": f"{world.manager.username}, ghost",
        "invite_representatives": "on",
    }
    response = client.post(url, bad)
    text = _text(response)
    assert response.status_code == 200
    assert "When the meeting starts must be a real date" in text
    assert "Enter a web address" in text
    assert "There is no one with the username nobody-at-all" in text
    assert "There is no one with the username ghost" in text
    assert "Summer council" in text  # kept
    response = client.post(
        url,
        {**bad, **_when("starts_at", start), **_when("ends_at", start), "online_link": ""},
    )
    assert "The meeting must end after it starts" in _text(response)
    assert "Say where the meeting is" in _text(response)
    good = {
        **bad,
        **_when("starts_at", start),
        **_when("ends_at", start + datetime.timedelta(hours=2)),
        "place": "Room 4",
        "online_link": "meet.example.org/abc",
        "chair": world.rep.username.upper(),
        "invitees": world.manager.username,
    }
    response = client.post(url, good)
    assert response.status_code == 302, _text(response)
    meeting = Meeting.objects.get(title="Summer council")
    assert meeting.chair == world.rep and meeting.online_link == "https://meet.example.org/abc"
    assert set(meeting.attendees.values_list("user_id", flat=True)) == {
        world.rep.pk,
        world.other_rep.pk,
        world.manager.pk,
    }


def test_members_do_not_see_the_online_link_but_attendees_do(client, world):
    world.meeting.online_link = "https://meet.example.org/secret-room"
    world.meeting.save()
    url = reverse("council:meeting-detail", kwargs={"pk": world.meeting.pk})
    client.force_login(world.member)
    text = _text(client.get(url))
    assert "secret-room" not in text and "link is sent to the people expected" in text
    assert world.manager.display_name not in text  # who is expected: a count for members
    ics = client.get(reverse("council:meeting-ics", kwargs={"pk": world.meeting.pk}))
    assert ics["Content-Type"].startswith("text/calendar") and b"secret-room" not in ics.content
    client.force_login(world.rep)
    assert "secret-room" in _text(client.get(url))
    ics = client.get(reverse("council:meeting-ics", kwargs={"pk": world.meeting.pk}))
    assert b"secret-room" in ics.content.replace(b"\r\n ", b"")


def test_a_rep_adds_an_item_and_a_senior_manager_answers_it(client, world):
    client.force_login(world.rep)
    url = reverse("council:agenda-item-create", kwargs={"pk": world.meeting.pk})
    response = client.post(url, {"title": "", "description": "Typed text", "constituency": ""})
    assert "Give the item a short title" in _text(response) and "Typed text" in _text(response)
    response = client.post(url, {"title": "Buses", "constituency": world.county.pk})
    assert "Choose one of your constituencies, or the whole council" in _text(response)
    response = client.post(url, {"title": "Buses", "constituency": world.city.pk})
    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Buses")
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    client.force_login(world.manager)
    respond = reverse("council:agenda-item-respond", kwargs={"pk": item.pk})
    assert "Write your response" in _text(client.post(respond, {"body": "  "}))
    response = client.post(respond, {"body": "We will ask the bus company."})
    assert response.status_code == 302
    client.force_login(world.member)
    detail = _text(client.get(reverse("council:meeting-detail", kwargs={"pk": world.meeting.pk})))
    assert "We will ask the bus company." in detail and "Buses" in detail


def test_minutes_are_invisible_to_members_until_published(client, world):
    meeting = meeting_for(world.council, world.staff, chair=world.rep, days=-3, title="Winter")
    item = services.agenda_item_add(actor=world.staff, meeting=meeting, title="Buses")
    minutes_url = reverse("council:meeting-minutes", kwargs={"pk": meeting.pk})
    detail_url = reverse("council:meeting-detail", kwargs={"pk": meeting.pk})

    client.force_login(world.staff)
    edit = reverse("council:minutes-edit", kwargs={"pk": meeting.pk})
    response = client.post(edit, {"summary": "x" * 20001, f"note_{item.pk}": "Said things"})
    assert "Keep it to 20000 characters or fewer" in _text(response)
    assert "Said things" in _text(response)
    response = client.post(edit, {"summary": "We met.", f"note_{item.pk}": "SECRET-NOTE"})
    assert response.status_code == 302
    decide = reverse("council:decision-create", kwargs={"pk": meeting.pk})
    assert "Write what was decided" in _text(client.post(decide, {"item": item.pk, "text": ""}))
    response = client.post(decide, {"item": "banana", "text": "Kept text"})
    assert "Kept text" in _text(response) and "Choose an item on this meeting" in _text(response)
    client.post(decide, {"item": item.pk, "text": "SECRET-DECISION"})
    decision = Decision.objects.get(text="SECRET-DECISION")
    # Removing a draft decision asks first; only the "Yes" removes it.
    client.post(decide, {"item": item.pk, "text": "Undo me"})
    undo = reverse(
        "council:decision-delete", kwargs={"pk": Decision.objects.get(text="Undo me").pk}
    )
    asked = _text(client.get(undo))
    assert "Remove this decision?" in asked and "Undo me" in asked and "No, go back" in asked
    client.post(undo)
    assert Decision.objects.filter(text="Undo me").exists()
    client.post(undo, {"confirm": "yes"})
    assert not Decision.objects.filter(text="Undo me").exists()

    for person in (world.member, world.mentor):
        client.force_login(person)
        assert client.get(minutes_url).status_code == 404
        assert (
            client.get(
                reverse("council:meeting-minutes-print", kwargs={"pk": meeting.pk})
            ).status_code
            == 404
        )
        assert (
            client.get(reverse("council:decision-detail", kwargs={"pk": decision.pk})).status_code
            == 404
        )
        text = _text(client.get(detail_url))
        assert "SECRET-NOTE" not in text and "SECRET-DECISION" not in text
    client.force_login(world.manager)
    assert "SECRET-DECISION" in _text(client.get(minutes_url))

    # Only the chair approves; staff publish.
    approve = reverse("council:minutes-approve", kwargs={"pk": meeting.pk})
    publish = reverse("council:minutes-publish", kwargs={"pk": meeting.pk})
    client.force_login(world.staff)
    assert client.post(approve).status_code == 403
    client.force_login(world.rep)
    assert client.post(approve).status_code == 302
    client.force_login(world.member)
    assert client.get(minutes_url).status_code == 404
    client.force_login(world.staff)
    client.post(publish)
    assert Minutes.objects.get(meeting=meeting).is_published
    client.force_login(world.member)
    text = _text(client.get(minutes_url))
    assert "SECRET-NOTE" in text and "SECRET-DECISION" in text and "We met." in text
    assert "SECRET-DECISION" in _text(client.get(detail_url))
    assert (
        client.get(reverse("council:decision-detail", kwargs={"pk": decision.pk})).status_code
        == 200
    )
    # Once approved, the draft page is closed and decisions cannot be removed.
    client.force_login(world.staff)
    assert client.get(edit).status_code == 302
    client.post(reverse("council:decision-delete", kwargs={"pk": decision.pk}), {"confirm": "yes"})
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_wrong_methods_are_refused(client, world):
    item = services.agenda_item_add(actor=world.staff, meeting=world.meeting, title="A")
    client.force_login(world.staff)
    pk = world.meeting.pk
    for name, kwargs in (
        ("minutes-approve", {"pk": pk}),
        ("minutes-publish", {"pk": pk}),
        ("meeting-attendee-add", {"pk": pk}),
        ("agenda-item-move", {"pk": item.pk}),
    ):
        assert client.get(reverse(f"council:{name}", kwargs=kwargs)).status_code == 405
    assert client.post(reverse("council:meeting-list")).status_code == 405
    assert client.post(reverse("council:meeting-ics", kwargs={"pk": pk})).status_code == 405


def test_attendance_page_and_bad_values(client, world):
    client.force_login(world.staff)
    url = reverse("council:meeting-attendance", kwargs={"pk": world.meeting.pk})
    assert client.get(url).status_code == 200
    attendees = list(world.meeting.attendees.all())
    data = {f"attendance_{a.pk}": "present" for a in attendees}
    data[f"attendance_{attendees[0].pk}"] = "asleep"
    response = client.post(url, data)
    assert response.status_code == 200 and "Choose present, sent apologies or absent" in _text(
        response
    )
    data[f"attendance_{attendees[0].pk}"] = "apologies"
    assert client.post(url, data).status_code == 302
    add = reverse("council:meeting-attendee-add", kwargs={"pk": world.meeting.pk})
    response = client.post(add, {"username": "ghost"})
    assert "There is no one with the username ghost" in _text(response)
    response = client.post(add, {"username": world.manager.username})
    assert "already expected" in _text(response)
    # The chair may record attendance too; a member may not.
    client.force_login(world.rep)
    assert client.get(url).status_code == 200
    client.force_login(world.member)
    assert client.get(url).status_code == 403


def test_tell_your_rep_checks_answers_before_sending(client, world):
    """Issue 16: "Check your answers" with a Change link each, then send; nothing is sent
    before that, and Change brings the answers back."""
    from council.models import RepIssue

    client.force_login(world.member)
    url = reverse("council:issue-create")
    check = reverse("council:issue-check")
    assert client.get(check).status_code == 302  # nothing to check yet
    response = client.post(
        url,
        {
            "constituency": world.city.pk,
            "problem": "Curfew clashes with work",
            "what_would_help": "Later curfew",
            "name_shared": "nobody",
        },
    )
    assert response.status_code == 302 and response.url == check
    assert not RepIssue.objects.filter(raised_by=world.member).exists()
    text = _text(client.get(check))
    assert "Check your answers" in text and "Curfew clashes with work" in text
    assert client.get(check).content.decode().count(">Change<") == 5
    assert "Curfew clashes with work" in _text(client.get(url))
    response = client.post(check)
    issue = RepIssue.objects.get(raised_by=world.member)
    assert response.status_code == 302 and issue.problem == "Curfew clashes with work"
    assert client.get(check).status_code == 302  # the draft is gone once sent


def test_tell_your_rep_form_keeps_what_was_typed(client, world):
    client.force_login(world.member)
    url = reverse("council:issue-create")
    page = _text(client.get(url))
    assert "Who may see your name?" in page and "Nobody. Do not share my name." in page
    response = client.post(url, {"problem": "", "what_would_help": "Typed help"})
    text = _text(response)
    assert "Say what the problem is" in text and "Typed help" in text
    response = client.post(
        url,
        {
            "constituency": world.county.pk,  # not theirs
            "problem": "Typed problem",
            "name_shared": "nobody",
        },
    )
    assert "Choose the representatives of one of your own areas" in _text(response)
    assert "Typed problem" in _text(response)
    response = client.post(
        url, {"constituency": world.city.pk, "problem": "p" * 3001, "name_shared": "nobody"}
    )
    assert "Keep it to 3000 characters or fewer" in _text(response)
    response = client.post(
        url,
        {"constituency": world.city.pk, "problem": "Curfew", "name_shared": "everyone please"},
    )
    assert response.status_code == 200 and "Choose who may see your name" in _text(response)
    response = client.post(
        url, {"constituency": world.city.pk, "problem": "Curfew at 7pm", "name_shared": "nobody"}
    )
    assert response.status_code == 302
    assert client.post(reverse("council:issue-check")).status_code == 302
    issue = RepIssue.objects.get()
    assert issue.name_shared == "nobody" and issue.raised_by == world.member
    assert "Curfew at 7pm" in _text(client.get(reverse("council:issue-mine")))


def test_rep_pages_for_an_issue(client, world):
    issue = services.rep_issue_create(actor=world.member, constituency=world.city, problem="P1")
    other = services.rep_issue_create(actor=world.mentor, constituency=world.city, problem="P2")
    client.force_login(world.rep)
    detail = reverse("council:issue-detail", kwargs={"pk": issue.pk})
    assert "Write your message" in _text(client.post(detail, {"body": ""}))
    assert client.post(detail, {"body": "Thanks, noted."}).status_code == 302
    merge = reverse("council:issue-merge", kwargs={"pk": issue.pk})
    assert "P2" in _text(client.get(merge))
    assert "Choose at least one issue" in _text(client.post(merge, {}))
    assert "no longer be joined" in _text(client.post(merge, {"duplicates": ["999999"]}))
    assert client.post(merge, {"duplicates": [other.pk]}).status_code == 302
    raise_url = reverse("council:issue-raise", kwargs={"pk": issue.pk})
    response = client.post(raise_url, {"meeting": "nope", "title": ""})
    assert "Give the agenda item a title" in _text(response)
    assert "That meeting can no longer take new items" in _text(response)
    response = client.post(raise_url, {"meeting": world.meeting.pk, "title": "Curfews"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.agenda_item.people_count == 2
    # Raised: the page says so and the raise page sends you back.
    assert client.get(raise_url).status_code == 302
    close = reverse("council:issue-close", kwargs={"pk": issue.pk})
    assert "Say why you are closing it" in _text(client.post(close, {"reason": ""}))


def test_the_raise_page_says_when_no_meeting_can_take_items(client, world):
    issue = services.rep_issue_create(actor=world.member, constituency=world.city, problem="P1")
    services.meeting_cancel(actor=world.staff, meeting=world.meeting, reason="Snow")
    client.force_login(world.rep)
    text = _text(client.get(reverse("council:issue-raise", kwargs={"pk": issue.pk})))
    assert "no council meeting coming up" in text


def test_make_this_an_action_links_for_staff_only(client, world):
    item = services.agenda_item_add(actor=world.staff, meeting=world.meeting, title="Buses")
    url = reverse("council:agenda-item-detail", kwargs={"pk": item.pk})
    expected = (
        f"{reverse('actionplan:action-create')}?source_kind=council_agenda_item"
        f"&amp;source_ref=council.agendaitem%3A{item.pk}"
    )
    client.force_login(world.staff)
    assert expected in _text(client.get(url))
    client.force_login(world.member)
    assert "action-plan/actions/new" not in _text(client.get(url))


def test_council_page_shows_representatives_meetings_minutes_and_tell_your_rep(client, world):
    url = reverse("council:council-detail", kwargs={"slug": world.council.slug})
    client.force_login(world.member)
    text = _text(client.get(url))
    assert world.rep.display_name in text and "Leicester City" in text
    assert world.meeting.title in text and reverse("council:issue-create") in text
    client.logout()
    text = _text(client.get(url))
    assert world.meeting.title not in text and "Sign in to tell your rep" in text


# --- query counts -----------------------------------------------------------------------------


def _own_queries(client, url: str, django_assert_max_num_queries, limit: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    noise = ("usersessions_usersession", "django_session", "SAVEPOINT", "RELEASE SAVEPOINT")
    client.get(url)
    with django_assert_max_num_queries(limit + 8), CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    own = [q for q in ctx.captured_queries if not any(n in q["sql"] for n in noise)]
    assert len(own) <= limit, [q["sql"][:90] for q in own]
    return len(own)


def test_meeting_list_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.member)
    url = reverse("council:meeting-list")
    counts = []
    for total in (3, 30):
        day = 1
        while Meeting.objects.count() < total:
            meeting_for(world.council, world.staff, days=day if day % 2 else -day)
            day += 1
        counts.append(_own_queries(client, url, django_assert_max_num_queries, 12))
    assert counts[0] == counts[1]


def test_agenda_and_minutes_queries_do_not_grow(client, world, django_assert_max_num_queries):
    meeting = meeting_for(world.council, world.staff, chair=world.rep, days=-1)
    services.minutes_save(actor=world.staff, meeting=meeting, summary="Met.")
    urls = [
        reverse(f"council:{name}", kwargs={"pk": meeting.pk})
        for name in ("meeting-detail", "meeting-agenda-print", "meeting-minutes")
    ]
    counts = []
    for total in (2, 12):
        while meeting.agenda_items.count() < total:
            item = services.agenda_item_add(
                actor=world.rep, meeting=meeting, title="Item", constituency=world.city
            )
            services.response_post(actor=world.manager, item=item, body="Answer")
            services.decision_add(actor=world.staff, meeting=meeting, item=item, text="Do it")
        client.force_login(world.staff)
        counts.append([_own_queries(client, u, django_assert_max_num_queries, 16) for u in urls])
    assert counts[0] == counts[1], counts


def test_issue_lists_and_agenda_item_queries_do_not_grow(
    client, world, django_assert_max_num_queries
):
    people = members(world.city, 30, prefix="member")
    main = services.rep_issue_create(actor=world.member, constituency=world.city, problem="Main")
    item = services.rep_issue_raise(
        actor=world.rep, issue=main, meeting=world.meeting, title="Curfews"
    )
    counts = []
    for total in (3, 30):
        for person in people[: total - RepIssue.objects.filter(raised_by__in=people).count()]:
            issue = services.rep_issue_create(
                actor=person, constituency=world.city, problem="Same", name_shared="answering"
            )
            services.rep_issue_message(actor=world.rep, issue=issue, body="Thanks")
        for issue in RepIssue.objects.filter(status="open")[:2]:
            services.rep_issue_merge(actor=world.rep, main=main, duplicates=[issue])
        row = []
        client.force_login(world.rep)
        row.append(
            _own_queries(client, reverse("council:issue-inbox"), django_assert_max_num_queries, 10)
        )
        client.force_login(world.staff)
        row.append(
            _own_queries(
                client,
                reverse("council:agenda-item-detail", kwargs={"pk": item.pk}),
                django_assert_max_num_queries,
                14,
            )
        )
        client.force_login(world.member)
        row.append(
            _own_queries(client, reverse("council:issue-mine"), django_assert_max_num_queries, 8)
        )
        row.append(
            _own_queries(
                client,
                reverse("council:issue-detail", kwargs={"pk": main.pk}),
                django_assert_max_num_queries,
                16,
            )
        )
        counts.append(row)
    assert counts[0] == counts[1], counts
