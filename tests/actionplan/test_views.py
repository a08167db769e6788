"""Pages: happy paths, wrong methods, refusals, and bad input that never gives a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actionplan import services
from actionplan.models import (
    Action,
    ActionUpdate,
    ChampionProfile,
    Milestone,
    Objective,
    Plan,
    Status,
)
from core.models import AuditEvent
from tests.actionplan.factories import ObjectiveFactory, PlanFactory, create_action

pytestmark = pytest.mark.django_db


def _action_data(objective, owner, **extra):
    data = {
        "objective": objective.pk,
        "title": "Housing pack",
        "description": "Write it with members.",
        "owner": owner.pk,
        "due_on": "2027-02-28",
        "status": "not_started",
        "progress": "0",
        "theme": "housing",
    }
    data.update(extra)
    return data


def test_staff_build_a_plan_from_the_report(client_for, staff):
    client = client_for(staff)
    response = client.post(
        "/action-plan/plans/new/",
        {"title": "User involvement 2026–28", "starts_on": "2026-04-01", "ends_on": "2028-03-31"},
    )
    plan = Plan.objects.get()
    assert response.url == f"/action-plan/plans/{plan.pk}/"
    for rec in (1, 2, 3, 4):
        response = client.post(
            f"/action-plan/plans/{plan.pk}/objectives/new/",
            {
                "title": f"Objective for recommendation {rec}",
                "term": "short",
                "recommendation": rec,
            },
        )
        assert response.status_code == 302
    assert list(plan.objectives.values_list("number", "recommendation")) == [
        (1, 1),
        (2, 2),
        (3, 3),
        (4, 4),
    ]
    page = client.get(f"/action-plan/plans/{plan.pk}/").content.decode()
    assert "Recommendation 3: Develop user champions" in page
    assert AuditEvent.objects.filter(action="actionplan.objective.create").count() == 4


def test_plan_dates_must_be_in_order_and_are_kept(client_for, staff):
    response = client_for(staff).post(
        "/action-plan/plans/new/",
        {"title": "Backwards", "starts_on": "2027-01-01", "ends_on": "2026-01-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end date must be on or after the start date." in page
    assert 'value="Backwards"' in page
    assert not Plan.objects.exists()


def test_create_edit_and_update_an_action(client_for, staff, representative):
    objective = ObjectiveFactory()
    client = client_for(staff)
    response = client.post(
        "/action-plan/actions/new/",
        _action_data(objective, staff, champion=representative.pk, is_public="on"),
    )
    action = Action.objects.get()
    assert response.url == f"/action-plan/actions/{action.pk}/"
    assert action.champion == representative and action.is_public
    response = client.post(
        f"/action-plan/actions/{action.pk}/edit/",
        _action_data(objective, staff, status="blocked", status_reason="", title="Changed"),
    )
    assert response.status_code == 200
    assert "Say why the action is blocked." in response.content.decode()
    assert 'value="Changed"' in response.content.decode()
    response = client.post(
        f"/action-plan/actions/{action.pk}/edit/",
        _action_data(objective, staff, status="blocked", status_reason="No funding"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.status_reason, action.champion) == ("blocked", "No funding", None)


def test_a_champion_posts_an_update_with_evidence(client_for, staff, representative):
    action = create_action(by=staff, champion=representative)
    client = client_for(representative)
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes", "application/pdf")
    response = client.post(
        f"/action-plan/actions/{action.pk}/update/",
        {
            "note": "Met the housing team.",
            "status": "in_progress",
            "progress": "30",
            "evidence_file": upload,
        },
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get()
    assert update.author == representative and update.author_was_champion
    download = client.get(f"/action-plan/updates/{update.pk}/evidence/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 notes"


def test_update_form_keeps_what_was_typed_on_bad_input(client_for, staff):
    action = create_action(by=staff)
    response = client_for(staff).post(
        f"/action-plan/actions/{action.pk}/update/",
        {
            "note": "Typed note",
            "status": "dropped",
            "progress": "250",
            **{"happened_on_0": "31", "happened_on_1": "2", "happened_on_2": "2026"},
            "evidence_link": "javascript:alert(1)",
            "evidence_file": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    for message in (
        "Enter a whole number from 0 to 100.",
        "Date must be a real date",
        "Enter a web address",
        "The file must be one of these types",
        "Say why the action was dropped.",
    ):
        assert message in page, message
    assert "Typed note" in page
    assert not ActionUpdate.objects.exists()


def test_future_update_date_is_refused_on_the_page(client_for, staff):
    action = create_action(by=staff)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(staff).post(
        f"/action-plan/actions/{action.pk}/update/",
        {"note": "Soon", "status": "not_started", "happened_on": tomorrow},
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()


def test_milestones_and_sources_from_the_action_page(client_for, staff):
    action = create_action(by=staff)
    client = client_for(staff)
    assert (
        client.post(
            f"/action-plan/actions/{action.pk}/milestones/new/",
            {"title": "Draft", "due_on": "2027-01-10"},
        ).status_code
        == 302
    )
    milestone = Milestone.objects.get()
    assert (
        client.post(
            f"/action-plan/milestones/{milestone.pk}/edit/",
            {"title": "Draft", "due_on": "2027-01-10", "done_on": timezone.localdate().isoformat()},
        ).status_code
        == 302
    )
    response = client.post(
        f"/action-plan/actions/{action.pk}/sources/new/",
        {
            "source_kind": "consultation_code",
            "source_summary": "Housing is hard to understand",
            "source_count": "23",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/action-plan/actions/{action.pk}/").content.decode()
    assert "23 people said this" in page and "Draft" in page


def test_bulk_status_from_the_list(client_for, staff):
    a, b = create_action(by=staff), create_action(by=staff)
    client = client_for(staff)
    response = client.post(
        "/action-plan/actions/change-status/",
        {
            "actions": [a.pk, b.pk],
            "status": "blocked",
            "status_reason": "",
            "next": "/action-plan/actions/?status=",
        },
    )
    assert response.url == "/action-plan/actions/?status="
    assert set(Action.objects.values_list("status", flat=True)) == {Status.NOT_STARTED}
    page = client.get(response.url).content.decode()
    assert "Say why the action is blocked." in page
    response = client.post(
        "/action-plan/actions/change-status/",
        {"actions": [a.pk, b.pk], "status": "in_progress", "next": "https://evil.example/"},
    )
    assert response.url == "/action-plan/actions/"
    assert set(Action.objects.values_list("status", flat=True)) == {Status.IN_PROGRESS}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"actions": ["abc", "-1"], "status": "done"},
        {"actions": ["1"], "status": "nonsense"},
        {"actions": ["99999999"], "status": "done"},
        {"actions": ["9" * 30], "status": "done"},
        {"actions": ["²"], "status": "done"},
        {"actions": ["99999999999999999999"], "status": "done"},
    ],
)
def test_bulk_status_with_junk_never_fails(client_for, staff, data):
    response = client_for(staff).post("/action-plan/actions/change-status/", data)
    assert response.status_code == 302


def test_champion_chooses_a_public_name(client_for, representative):
    client = client_for(representative)
    assert client.post("/action-plan/champion-name/", {"public_name": "  Sam  "}).status_code == 302
    assert ChampionProfile.objects.get(user=representative).public_name == "Sam"
    client.post("/action-plan/champion-name/", {"public_name": ""})
    assert ChampionProfile.objects.get(user=representative).public_name == ""
    response = client.post("/action-plan/champion-name/", {"public_name": "x" * 61})
    assert (
        response.status_code == 200 and "Use 60 characters or fewer." in response.content.decode()
    )


@pytest.mark.parametrize(
    "url",
    [
        "/action-plan/?theme=nonsense&status=zzz&page=abc",
        "/action-plan/?page=99999",
        "/action-plan/actions/?plan=abc&status=x&rag=purple&public=maybe&q=" + "a" * 500,
        "/action-plan/actions/?page=-1",
        "/action-plan/actions/export/csv/?plan=999999&rag=nope",
        "/action-plan/actions/export/excel/?status=zzz",
    ],
)
def test_bad_query_strings_never_fail(client_for, staff, url):
    assert client_for(staff).get(url).status_code == 200


def test_a_nul_byte_in_a_query_string_is_a_400(client_for, staff):
    """PostgreSQL refuses NUL in text; the portal refuses it first (core.middleware)."""
    assert client_for(staff).get("/action-plan/?status=%00").status_code == 400


@pytest.mark.parametrize("objective", ["99999999999999999999", "²", "-1", "0"])
def test_a_bad_objective_number_is_a_plain_400(client_for, staff, objective):
    response = client_for(staff).get("/action-plan/actions/new/", {"objective": objective})
    assert response.status_code == 400
    assert "Sorry, there is a problem with that request" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/action-plan/"),
        ("post", "/action-plan/actions/"),
        ("get", "/action-plan/actions/change-status/"),
        ("put", "/action-plan/actions/export/csv/"),
        ("put", "/action-plan/actions/new/"),
    ],
)
def test_wrong_methods_are_refused(client_for, staff, method, url):
    assert getattr(client_for(staff), method)(url).status_code == 405


def test_unknown_ids_are_not_found(client_for, staff):
    client = client_for(staff)
    for url in (
        "/action-plan/plans/999999/",
        "/action-plan/actions/999999/",
        "/action-plan/actions/999999/history/",
        "/action-plan/milestones/999999/edit/",
        "/action-plan/updates/999999/evidence/",
        "/action-plan/you-said-we-did/999999/",
        f"/action-plan/plans/{PlanFactory().pk}/import/cats-template.csv",
    ):
        assert client.get(url).status_code == 404, url


def test_objective_edit_keeps_its_number(client_for, staff):
    objective = ObjectiveFactory(number=3)
    response = client_for(staff).post(
        f"/action-plan/objectives/{objective.pk}/edit/",
        {"title": "Renamed", "term": "long", "recommendation": ""},
    )
    assert response.status_code == 302
    objective = Objective.objects.get(pk=objective.pk)
    assert (objective.number, objective.title, objective.recommendation) == (3, "Renamed", None)


def test_home_page_links_by_role(client_for, staff, member, representative):
    assert "/action-plan/plans/" in client_for(staff).get("/").content.decode()
    member_home = client_for(member).get("/").content.decode()
    assert "/action-plan/" in member_home and "/action-plan/plans/" not in member_home
    assert "/action-plan/champion-name/" in client_for(representative).get("/").content.decode()


def test_my_actions_lists_what_i_own_or_champion(client_for, staff, representative):
    mine = create_action(by=staff, champion=representative, title="Mine")
    create_action(by=staff, title="Not mine")
    page = client_for(representative).get("/action-plan/mine/").content.decode()
    assert "Mine" in page and "Not mine" not in page
    services.action_set_status(action=mine, status="done", actor=staff)
