"""Fixtures for council business: a council with two constituencies, their representatives,
members, staff, a senior manager and an upcoming meeting chaired by a representative."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.council.browsing import new_device  # noqa: F401  (browser journeys)
from tests.council.factories import ConstituencyFactory, join, meeting_for, represent
from tests.factories import make_user
from users.roles import Role


@pytest.fixture
def world(member, mentor, representative, staff, senior_manager):
    city = ConstituencyFactory(name="Leicester City")
    council = city.council
    county = ConstituencyFactory(council=council, name="Leicestershire County")
    join(city, member, mentor)
    represent(city, staff, representative)
    other_rep = make_user(Role.MEMBER, Role.REPRESENTATIVE, display_name="Olu Other")
    represent(county, staff, other_rep)
    meeting = meeting_for(
        council, staff, chair=representative, days=5, invitees=[senior_manager], title="Spring"
    )
    return SimpleNamespace(
        council=council,
        city=city,
        county=county,
        member=member,
        mentor=mentor,
        rep=representative,
        other_rep=other_rep,
        staff=staff,
        manager=senior_manager,
        meeting=meeting,
    )


def find_public_actions(refs: list[str]) -> dict[str, list[dict]]:
    """What the action plan should register with ``council.action_links`` (see the council
    report): the public actions citing each council record, in one query."""
    from django.db.models import Q
    from django.urls import reverse

    from actionplan.models import ActionSource

    wanted = Q(pk__in=[])
    for ref in refs:
        model, _sep, pk = ref.partition(":")
        wanted |= Q(ref_model=model, ref_id=pk)
    found: dict[str, list[dict]] = {}
    for source in (
        ActionSource.objects.filter(wanted, action__is_public=True)
        .select_related("action")
        .order_by("action_id")
    ):
        found.setdefault(f"{source.ref_model}:{source.ref_id}", []).append(
            {
                "title": source.action.title,
                "status": source.action.get_status_display(),
                "link": reverse("actionplan:board-detail", args=[source.action_id]),
            }
        )
    return found


@pytest.fixture
def action_plan_wired():
    """The action plan's side of the link, until it registers its own finder: its source
    registry knows council's resolvers, and council can find the actions citing its records."""
    from actionplan import sources
    from council import action_links

    sources.autodiscover()  # another app's tests may have swapped in a stand-in resolver
    had_finder = action_links.has_action_finder()
    if not had_finder:
        action_links.register_action_finder(find_public_actions)
    yield
    if not had_finder:
        action_links.register_action_finder(None)
