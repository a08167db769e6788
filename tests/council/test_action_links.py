"""Council and the action plan, linked without council importing it: the resolvers the action
plan autodiscovers, the "make this an action" link, and the finder for "became action Y"."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from council import action_links, action_sources, selectors, services
from tests.council.factories import meeting_for, members

pytestmark = pytest.mark.django_db


@pytest.fixture
def raised(world):
    """An item raised from two members' issues, with a decision under draft minutes."""
    other = members(world.city, 1, prefix="neighbour")[0]
    main = services.rep_issue_create(actor=world.member, constituency=world.city, problem="A")
    dup = services.rep_issue_create(actor=other, constituency=world.city, problem="B")
    services.rep_issue_merge(actor=world.rep, main=main, duplicates=[dup])
    meeting = meeting_for(world.council, world.staff, chair=world.rep, days=5)
    item = services.rep_issue_raise(actor=world.rep, issue=main, meeting=meeting, title="Curfews")
    meeting.starts_at -= datetime.timedelta(days=10)
    meeting.ends_at -= datetime.timedelta(days=10)
    meeting.save()
    services.minutes_save(actor=world.staff, meeting=meeting, summary="Met.")
    decision = services.decision_add(
        actor=world.staff, meeting=meeting, item=item, text="Later curfew for workers."
    )
    return item, decision, meeting, other


def test_the_agenda_item_resolver(world, raised):
    item, _decision, _meeting, other = raised
    found = action_sources.resolve_agenda_item(pk=str(item.pk), user=world.staff)
    assert found["summary"].startswith("Curfews. ")
    assert "Leicester City" in found["summary"]
    for person in (world.member, other):
        assert person.display_name not in found["summary"]
    assert found["count"] == 2
    assert found["link"] == reverse("council:agenda-item-detail", kwargs={"pk": item.pk})
    assert set(found["raised_by"]) == {world.member.pk, other.pk, world.rep.pk}
    assert action_sources.resolve_agenda_item(pk="999999", user=None) is None
    assert action_sources.resolve_agenda_item(pk="abc", user=None) is None


def test_the_decision_resolver_hides_unpublished_decisions_from_members(world, raised):
    _item, decision, meeting, _other = raised
    assert action_sources.resolve_decision(pk=str(decision.pk), user=world.member) is None
    found = action_sources.resolve_decision(pk=str(decision.pk), user=world.staff)
    assert found["summary"].startswith("Later curfew for workers. (decided at ")
    assert action_sources.resolve_decision(pk=str(decision.pk), user=None)["count"] == 2
    services.minutes_approve(actor=world.rep, meeting=meeting)
    services.minutes_publish(actor=world.staff, meeting=meeting)
    assert action_sources.resolve_decision(pk=str(decision.pk), user=world.member) is not None


def test_the_action_plan_finds_the_resolvers_through_its_registry(world, raised):
    from actionplan import sources

    sources.autodiscover()  # another app's tests may have swapped in a stand-in
    _item, decision, _meeting, _other = raised
    kind, found = sources.resolve(ref=f"council.decision:{decision.pk}", user=world.staff)
    assert kind == "council_decision" and found.count == 2
    assert sources.kind_for("council.agendaitem") == "council_agenda_item"


def test_a_long_decision_fits_the_action_plan_summary(world, raised):
    _item, decision, _meeting, _other = raised
    decision.text = "word " * 400
    decision.save()
    found = action_sources.resolve_decision(pk=str(decision.pk), user=None)
    assert len(found["summary"]) <= action_sources.SUMMARY_LIMIT


def test_make_this_an_action_url_and_no_url_without_the_action_plan(world, raised, monkeypatch):
    item, decision, _meeting, _other = raised
    url = action_links.action_create_url(decision)
    assert url == (
        f"{reverse('actionplan:action-create')}?source_kind=council_decision"
        f"&source_ref=council.decision%3A{decision.pk}"
    )
    assert "source_kind=council_agenda_item" in action_links.action_create_url(item)
    assert action_links.action_create_url(world.meeting) == ""
    monkeypatch.setattr(action_links, "ACTION_CREATE_URL_NAME", "actionplan:no-such-page")
    assert action_links.action_create_url(decision) == ""


def test_the_trail_shows_actions_from_a_registered_finder(world, raised):
    item, decision, meeting, _other = raised
    services.minutes_approve(actor=world.rep, meeting=meeting)
    services.minutes_publish(actor=world.staff, meeting=meeting)
    asked = []

    def finder(refs):
        asked.append(refs)
        return {
            f"council.decision:{decision.pk}": [
                {"title": "Later curfews", "status": "In progress", "link": "/action-plan/1/"}
            ]
        }

    issue = world.member.council_rep_issues.get()
    assert not any("Became an action" in s.title for s in selectors.issue_trail(issue=issue))
    action_links.register_action_finder(finder)
    try:
        steps = selectors.issue_trail(issue=issue)
    finally:
        action_links.register_action_finder(None)
    assert asked == [sorted([f"council.agendaitem:{item.pk}", f"council.decision:{decision.pk}"])]
    assert steps[-1].title == "Became an action: Later curfews"
    assert steps[-1].link == "/action-plan/1/"


def test_a_failing_finder_never_breaks_a_council_page(world, raised):
    def finder(refs):
        raise RuntimeError("boom")

    action_links.register_action_finder(finder)
    try:
        assert action_links.actions_for(["council.decision:1"]) == {}
    finally:
        action_links.register_action_finder(None)
