""" "Tell your rep": who sees an issue and its sender, joining duplicates, raising onto an
agenda with a count of people, the member told at each step, and the trail they follow."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent, Notification
from council import permissions, selectors, services
from council.models import RepIssue
from tests.council.factories import join, meeting_for, members
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db
N = RepIssue.NameShared


def _issue(world, person=None, *, name_shared=N.NOBODY, problem="The hostel curfew is 7pm."):
    return services.rep_issue_create(
        actor=person or world.member,
        constituency=world.city,
        problem=problem,
        what_would_help="A later curfew.",
        name_shared=name_shared,
    )


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_a_member_can_only_write_to_their_own_constituency(world):
    with pytest.raises(ValidationError) as exc:
        services.rep_issue_create(actor=world.member, constituency=world.county, problem="x")
    assert "your own area" in str(exc.value)
    with pytest.raises(ValidationError):
        services.rep_issue_create(actor=world.member, constituency=world.city, problem=" ")


def test_the_constituencys_representatives_are_told_without_the_name(world):
    issue = _issue(world)
    note = Notification.objects.get(user=world.rep)
    assert note.kind == "council_issue_received"
    for text in (note.subject, note.body):
        assert world.member.display_name not in text and world.member.username not in text
    assert "chose not to share their name" in note.body
    assert _kinds(world.other_rep) == [] and _kinds(world.staff) == []
    # The member's own action is not in the audit log (which would link them to the issue).
    assert not AuditEvent.objects.filter(object_id=str(issue.pk), actor=world.member).exists()
    assert world.member.display_name not in str(issue)


@pytest.mark.parametrize(
    ("shared", "rep_sees", "other_rep_sees", "staff_sees", "manager_sees"),
    [
        (N.NOBODY, False, False, False, False),
        (N.REPRESENTATIVES, True, False, False, False),
        (N.EVERYONE_ANSWERING, True, True, True, True),
    ],
)
def test_who_may_see_the_sender(world, shared, rep_sees, other_rep_sees, staff_sees, manager_sees):
    issue = _issue(world, name_shared=shared)
    admin = make_user(Role.ADMINISTRATOR)
    assert permissions.can_see_raiser(world.member, issue)
    assert permissions.can_see_raiser(world.rep, issue) is rep_sees
    assert permissions.can_see_raiser(world.other_rep, issue) is other_rep_sees
    assert permissions.can_see_raiser(world.staff, issue) is staff_sees
    assert permissions.can_see_raiser(world.manager, issue) is manager_sees
    assert permissions.can_see_raiser(world.mentor, issue) is False
    assert permissions.can_see_raiser(admin, issue) is (shared == N.EVERYONE_ANSWERING)


def test_only_the_raiser_and_that_constituencys_representatives_can_open_an_issue(
    world, client, administrator
):
    issue = _issue(world)
    url = reverse("council:issue-detail", kwargs={"pk": issue.pk})
    for person in (world.member, world.rep):
        client.force_login(person)
        assert client.get(url).status_code == 200
    for person in (world.other_rep, world.staff, world.manager, world.mentor, administrator):
        client.force_login(person)
        assert client.get(url).status_code in (403, 404), person
    # A representative who stands down loses the inbox at once.
    rep_term = world.rep.representative_terms.get()
    services.representative_stand_down(actor=world.staff, representative=rep_term)
    world.rep.refresh_from_db()
    client.force_login(world.rep)
    assert client.get(url).status_code in (403, 404)


def test_inbox_shows_only_the_constituencies_a_rep_speaks_for(world, client):
    mine = _issue(world)
    join(world.county, world.mentor)
    theirs = services.rep_issue_create(
        actor=world.mentor, constituency=world.county, problem="County buses"
    )
    client.force_login(world.rep)
    text = client.get(reverse("council:issue-inbox")).content.decode()
    assert mine.problem in text and theirs.problem not in text
    assert "Name not shared" in text and world.member.display_name not in text
    client.force_login(world.other_rep)
    text = client.get(reverse("council:issue-inbox")).content.decode()
    assert theirs.problem in text and mine.problem not in text


def test_merging_and_raising_counts_people_and_tells_each_of_them(world):
    others = members(world.city, 3, prefix="neighbour")
    main = _issue(world)
    dups = [_issue(world, person, problem=f"Curfew problem {i}") for i, person in enumerate(others)]
    assert services.rep_issue_merge(actor=world.rep, main=main, duplicates=dups[:2]) == 2
    with pytest.raises(ValidationError):
        services.rep_issue_merge(actor=world.rep, main=main, duplicates=dups[:1])  # not open now
    with pytest.raises(ValidationError):
        services.rep_issue_merge(actor=world.other_rep, main=main, duplicates=dups[2:])
    item = services.rep_issue_raise(
        actor=world.rep, issue=main, meeting=world.meeting, title="Hostel curfews"
    )
    assert item.people_count == 3 and item.constituency == world.city
    assert item.raised_by == world.rep and item.owner == world.rep
    main.refresh_from_db()
    assert main.status == RepIssue.Status.RAISED and main.agenda_item == item
    assert RepIssue.objects.filter(agenda_item=item).count() == 3
    for person in (world.member, *others[:2]):
        assert _kinds(person) == ["council_issue_raised"]
    # A fourth person says the same after it was raised: joined, counted and told.
    services.rep_issue_merge(actor=world.rep, main=main, duplicates=dups[2:])
    item.refresh_from_db()
    assert item.people_count == 4
    assert _kinds(others[2]) == ["council_issue_raised"]
    # The raised-issue message never names anyone else.
    for note in Notification.objects.filter(kind="council_issue_raised"):
        for person in (world.member, *others):
            if note.user_id != person.pk:
                assert person.display_name not in note.body


def test_joining_brings_the_duplicates_of_a_duplicate_along(world):
    a, b, c = (_issue(world, problem=p) for p in "abc")
    services.rep_issue_merge(actor=world.rep, main=b, duplicates=[c])
    services.rep_issue_merge(actor=world.rep, main=a, duplicates=[b])
    assert set(RepIssue.objects.filter(merged_into=a).values_list("pk", flat=True)) == {b.pk, c.pk}


def test_raising_is_refused_for_a_meeting_that_is_cancelled_or_other_council(world):
    issue = _issue(world)
    services.meeting_cancel(actor=world.staff, meeting=world.meeting, reason="Snow")
    with pytest.raises(ValidationError) as exc:
        services.rep_issue_raise(actor=world.rep, issue=issue, meeting=world.meeting, title="X")
    assert "cancelled" in str(exc.value)
    from tests.council.factories import CouncilFactory

    elsewhere = meeting_for(CouncilFactory(), world.staff, days=3)
    with pytest.raises(ValidationError):
        services.rep_issue_raise(actor=world.rep, issue=issue, meeting=elsewhere, title="X")


def test_replies_go_both_ways_and_only_between_the_member_and_their_reps(world):
    issue = _issue(world)
    services.rep_issue_message(actor=world.rep, issue=issue, body="Which hostel?")
    assert "council_issue_reply" in _kinds(world.member)
    services.rep_issue_message(actor=world.member, issue=issue, body="The one on King St.")
    assert "council_issue_member_wrote" in _kinds(world.rep)
    with pytest.raises(ValidationError):
        services.rep_issue_message(actor=world.staff, issue=issue, body="Hello")
    with pytest.raises(ValidationError):
        services.rep_issue_message(actor=world.other_rep, issue=issue, body="Hello")


def test_answer_and_minutes_are_sent_to_every_member_behind_an_item(world):
    other = members(world.city, 1, prefix="neighbour")[0]
    main, dup = _issue(world), _issue(world, other)
    services.rep_issue_merge(actor=world.rep, main=main, duplicates=[dup])
    item = services.rep_issue_raise(
        actor=world.rep, issue=main, meeting=world.meeting, title="Hostel curfews"
    )
    services.response_post(actor=world.manager, item=item, body="We will review curfews.")
    for person in (world.member, other):
        note = Notification.objects.get(user=person, kind="council_issue_answered")
        assert "We will review curfews." in note.body
        assert note.link == reverse(
            "council:issue-detail", kwargs={"pk": (main if person == world.member else dup).pk}
        )
    # The meeting happens; minutes are approved and published.
    world.meeting.starts_at -= datetime.timedelta(days=10)
    world.meeting.ends_at -= datetime.timedelta(days=10)
    world.meeting.save()
    services.minutes_save(actor=world.staff, meeting=world.meeting, summary="Met.")
    services.decision_add(
        actor=world.staff, meeting=world.meeting, item=item, text="Curfew 10pm for workers."
    )
    services.minutes_approve(actor=world.rep, meeting=world.meeting)
    services.minutes_publish(actor=world.staff, meeting=world.meeting)
    for person in (world.member, other):
        note = Notification.objects.get(user=person, kind="council_issue_minutes")
        assert "Curfew 10pm for workers." in note.body


def test_closing_tells_the_member_why(world):
    issue = _issue(world)
    with pytest.raises(ValidationError):
        services.rep_issue_close(actor=world.rep, issue=issue, reason="")
    services.rep_issue_close(actor=world.rep, issue=issue, reason="Sorted with your officer.")
    note = Notification.objects.get(user=world.member, kind="council_issue_closed")
    assert "Sorted with your officer." in note.body
    with pytest.raises(ValidationError):
        services.rep_issue_raise(actor=world.rep, issue=issue, meeting=world.meeting, title="X")


def test_the_trail_follows_the_issue_to_the_decision(world):
    issue = _issue(world)
    steps = selectors.issue_trail(issue=issue)
    assert [s.done for s in steps] == [True, False]
    item = services.rep_issue_raise(
        actor=world.rep, issue=issue, meeting=world.meeting, title="Hostel curfews"
    )
    services.response_post(actor=world.manager, item=item, body="We will look.")
    issue.refresh_from_db()
    titles = [s.title for s in selectors.issue_trail(issue=issue)]
    assert titles[1] == f"Raised at {world.meeting.title}"
    assert titles[2] == f"Answered by {world.manager}"
    assert titles[-1] == "Waiting for the meeting and its minutes"
    assert selectors.issue_stage(selectors.issues_for_member(user=world.member).get()) == "Answered"


def test_staff_never_see_an_unnamed_sender_on_the_agenda(world, client):
    issue = _issue(world, name_shared=N.REPRESENTATIVES)
    named = _issue(
        world, members(world.city, 1, prefix="open")[0], name_shared=N.EVERYONE_ANSWERING
    )
    services.rep_issue_merge(actor=world.rep, main=issue, duplicates=[named])
    item = services.rep_issue_raise(
        actor=world.rep, issue=issue, meeting=world.meeting, title="Hostel curfews"
    )
    url = reverse("council:agenda-item-detail", kwargs={"pk": item.pk})
    for person in (world.staff, world.manager, world.other_rep):
        client.force_login(person)
        text = client.get(url).content.decode()
        assert issue.problem in text  # what was said, for the people who answer it
        assert world.member.display_name not in text and world.member.username not in text
        assert named.raised_by.display_name in text  # this member agreed
    client.force_login(world.rep)
    assert world.member.display_name in client.get(url).content.decode()
    # Members reading the agenda see neither what was written nor who wrote it.
    client.force_login(world.mentor)
    text = client.get(url).content.decode()
    assert issue.problem not in text and world.member.display_name not in text
    assert "2" in text  # how many people raised it


def test_a_member_without_a_constituency_is_told_how_to_join_one(client):
    person = make_user(Role.MEMBER)
    client.force_login(person)
    response = client.get(reverse("council:issue-create"))
    assert "not yet a member of a council constituency" in response.content.decode()
