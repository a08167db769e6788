"""The "You said, we did" board: plain English, public actions only, and no one identified."""

from __future__ import annotations

import pytest

from actionplan import services
from actionplan.models import SourceKind, Status, Theme
from actionplan.services import SourceInput
from tests.actionplan.factories import create_action
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "owner": make_user(Role.STAFF, display_name="Olivia Ownername", username="olivia.owner"),
        "boss": make_user(
            Role.SENIOR_MANAGER, display_name="Bernard Bossname", username="bern.boss"
        ),
        "champion": make_user(
            Role.MEMBER,
            Role.REPRESENTATIVE,
            display_name="Chloe Championname",
            username="chloe.champ",
        ),
        "raiser": make_user(Role.MEMBER, display_name="Ravi Raisername", username="ravi.raiser"),
    }


def _names(people):
    return [v for p in people.values() for v in (p.display_name, p.username)]


def test_board_shows_what_was_said_and_done_without_naming_anyone(
    client_for, member, people, fake_council
):
    fake_council.add(
        5, summary="Officers should explain breach rules", raised_by=[people["raiser"].pk]
    )
    action = create_action(
        by=people["owner"],
        owner=people["boss"],
        champion=people["champion"],
        title="Explain breach rules in plain English",
        is_public=True,
        theme=Theme.OFFICERS,
        sources=[
            SourceInput(kind=SourceKind.COUNCIL_DECISION, ref="council.decision:5"),
            SourceInput(kind=SourceKind.CONSULTATION_CODE, summary="Rules feel unfair", count=23),
        ],
    )
    services.update_post(
        action=action,
        actor=people["champion"],
        note="Leaflet drafted.",
        status=Status.IN_PROGRESS,
        progress=40,
    )
    create_action(by=people["owner"], title="Internal only", is_public=False)
    client = client_for(member)
    for url in ("/action-plan/", f"/action-plan/you-said-we-did/{action.pk}/"):
        page = client.get(url).content.decode()
        assert "Explain breach rules in plain English" in page
        assert "Officers should explain breach rules" in page
        assert "23 people said this" in page
        assert "A senior manager" in page and "with a user champion" in page
        assert "Leaflet drafted." in page and "40% done" in page
        assert "Internal only" not in page
        for name in _names(people):
            assert name not in page, f"{name} leaked on {url}"
    detail = client.get(f"/action-plan/you-said-we-did/{action.pk}/").content.decode()
    assert "The user champion" in detail


def test_board_names_a_champion_only_by_the_name_they_chose(client_for, member, people):
    create_action(by=people["owner"], champion=people["champion"], is_public=True)
    services.champion_name_set(user=people["champion"], public_name="Chlo")
    page = client_for(member).get("/action-plan/").content.decode()
    assert "with Chlo, a user champion" in page
    assert "Chloe Championname" not in page and "chloe.champ" not in page


def test_board_shows_reasons_for_blocked_and_dropped(client_for, member, staff):
    action = create_action(by=staff, is_public=True)
    services.action_set_status(
        action=action, status=Status.DROPPED, actor=staff, reason="Members chose leaflets"
    )
    page = client_for(member).get("/action-plan/").content.decode()
    assert "Why it was dropped:" in page and "Members chose leaflets" in page
    assert "Not rated" in page


def test_board_filters_by_theme_and_status(client_for, member, staff):
    create_action(by=staff, title="Housing thing", theme=Theme.HOUSING, is_public=True)
    create_action(by=staff, title="Jobs thing", theme=Theme.EMPLOYMENT, is_public=True)
    client = client_for(member)
    page = client.get("/action-plan/?theme=housing").content.decode()
    assert "Housing thing" in page and "Jobs thing" not in page
    page = client.get("/action-plan/?status=done").content.decode()
    assert "No actions match" in page


def test_private_actions_are_not_found_on_the_board(client_for, member, staff):
    action = create_action(by=staff, is_public=False)
    assert client_for(member).get(f"/action-plan/you-said-we-did/{action.pk}/").status_code == 404


def test_board_items_carry_no_personal_fields(staff):
    from actionplan.selectors import BoardItem

    fields = set(BoardItem.__dataclass_fields__)
    assert not fields & {"owner", "champion", "author", "raisers", "created_by", "username"}
