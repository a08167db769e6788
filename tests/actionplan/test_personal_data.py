"""Download my data and account deletion, for what the action plan holds."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings

from actionplan import services
from actionplan.models import ActionSourceRaiser, ChampionProfile, SourceKind
from actionplan.services import SourceInput
from core.personal_data import registry
from tests.actionplan.factories import create_action
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


def test_every_actionplan_model_linked_to_a_person_is_covered():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_app_config("actionplan").get_models():
        links = [
            f
            for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model is user_model
        ]
        if links:
            assert registry.is_covered(model), model._meta.label


def test_my_data_has_what_i_champion_raised_and_wrote(fake_council, staff, representative):
    fake_council.add(1, summary="Fares to appointments", raised_by=[representative.pk])
    action = create_action(
        by=staff,
        champion=representative,
        title="Pay bus fares",
        sources=[SourceInput(kind=SourceKind.COUNCIL_DECISION, ref="council.decision:1")],
    )
    services.update_post(
        action=action, actor=representative, note="Asked the finance team", progress=10
    )
    services.champion_name_set(user=representative, public_name="Sam")
    data = registry.export_for(representative)
    assert [r["title"] for r in data["actionplan.action"]["records"]] == ["Pay bus fares"]
    assert data["actionplan.actionupdate"]["records"][0]["note"] == "Asked the finance team"
    assert (
        data["actionplan.actionsourceraiser"]["records"][0]["source__summary"]
        == "Fares to appointments"
    )
    assert data["actionplan.championprofile"]["records"][0]["public_name"] == "Sam"
    assert [r["progress"] for r in data["actionplan.historicalaction"]["records"]] == [10]
    assert registry.export_for(staff)["actionplan.actionsourceraiser"]["records"] == []


def test_deleting_an_account_stops_naming_and_telling_them(fake_council, staff):
    person = make_user(Role.MEMBER, Role.REPRESENTATIVE)
    fake_council.add(2, summary="x", raised_by=[person.pk])
    create_action(
        by=staff,
        champion=person,
        sources=[SourceInput(kind=SourceKind.COUNCIL_DECISION, ref="council.decision:2")],
    )
    services.champion_name_set(user=person, public_name="Pat")
    registry.erase_for(person)
    assert not ActionSourceRaiser.objects.filter(user=person).exists()
    assert not ChampionProfile.objects.filter(user=person).exists()
