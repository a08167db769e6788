"""The source registry: how council and consultations will plug in, tested with a fake."""

from __future__ import annotations

import pytest

from actionplan import sources
from actionplan.models import Action, ActionSource, ActionSourceRaiser, SourceKind
from actionplan.selectors import actions_for_source
from tests.actionplan.factories import ObjectiveFactory
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("ref", "parsed"),
    [
        ("council.decision:12", ("council.decision", "12")),
        ("Council.Decision:12", ("council.decision", "12")),
        (" consultations.code:ab-3 ", ("consultations.code", "ab-3")),
    ],
)
def test_parse_ref(ref, parsed):
    assert sources.parse_ref(ref) == parsed


@pytest.mark.parametrize(
    "ref",
    [
        "",
        "council",
        "council.decision",
        "council:12",
        "council.decision:",
        "a.b:1;DROP",
        "x.y:" + "9" * 65,
    ],
)
def test_parse_ref_refuses_junk(ref):
    with pytest.raises(sources.SourceRefError):
        sources.parse_ref(ref)


def test_register_checks_its_arguments():
    with pytest.raises(ValueError):
        sources.register("not-a-label", kind="council_decision", resolve=lambda **kw: None)
    with pytest.raises(ValueError):
        sources.register("council.decision", kind="gossip", resolve=lambda **kw: None)


def test_resolve_with_and_without_a_resolver(fake_council, staff):
    fake_council.add(
        3, summary="Later appointments for people in work", raised_by=[staff.pk], count=9
    )
    kind, resolved = sources.resolve(ref="council.decision:3", user=staff)
    assert kind == "council_decision"
    assert resolved.summary == "Later appointments for people in work"
    assert resolved.count == 9 and resolved.raised_by == (staff.pk,)
    assert fake_council.calls[-1] == ("3", staff)
    assert sources.resolve(ref="council.paperitem:3", user=staff) is None  # no resolver
    with pytest.raises(sources.SourceNotFound):
        sources.resolve(ref="council.decision:404", user=staff)


def test_autodiscover_reads_the_action_sources_apps_declare_in_their_hooks():
    from core import hooks

    def resolve(*, pk, user):
        return sources.ResolvedSource(summary=f"Theme {pk}")

    real = hooks.registry.action_sources.get("consultations.code")
    hooks.register_action_source("consultations.code", kind="consultation_code", resolve=resolve)
    try:
        sources.autodiscover()
        assert sources.kind_for("consultations.code") == "consultation_code"
        assert sources.resolve(ref="consultations.code:5")[1].summary == "Theme 5"
    finally:
        if real is not None:
            hooks.registry.action_sources["consultations.code"] = real
        sources.autodiscover()


def test_council_and_consultations_declare_their_sources_in_hooks():
    sources.autodiscover()
    assert sources.kind_for("council.decision") == "council_decision"
    assert sources.kind_for("council.agendaitem") == "council_agenda_item"
    assert sources.kind_for("consultations.code") == "consultation_code"


# --- The create page, as another app's "make this an action" button would call it ----------


def test_create_page_fills_in_a_registered_source(client_for, staff, fake_council):
    alice = make_user(Role.MEMBER, display_name="Alice Unique")
    rep = make_user(Role.MEMBER, Role.REPRESENTATIVE, display_name="Raj Rep")
    fake_council.add(
        7,
        summary="Appointments should not clash with work",
        raised_by=[alice.pk, rep.pk],
        link="/council/decisions/7/",
    )
    objective = ObjectiveFactory()
    client = client_for(staff)
    url = "/action-plan/actions/new/?source_kind=council_decision&source_ref=council.decision:7"
    page = client.get(url + f"&objective={objective.pk}").content.decode()
    assert "Appointments should not clash with work" in page
    assert "The 2 people who raised it will each be told" in page
    inset = page.split("govuk-inset-text", 1)[1].split("</div>", 1)[0]
    assert "Alice Unique" not in page and "Raj Rep" not in inset
    # Made from a council decision: on the "You said, we did" board unless staff untick it.
    assert "checked" in _checkbox(page, "is_public")
    response = client.post(
        "/action-plan/actions/new/",
        {
            "objective": objective.pk,
            "title": "Evening appointments",
            "description": "Offer appointments after 5pm.",
            "owner": staff.pk,
            "due_on": "2027-01-31",
            "status": "not_started",
            "theme": "officers",
            "is_public": "on",
            "source_kind": "council_decision",
            "source_summary": "Appointments should not clash with work",
            "source_ref": "council.decision:7",
        },
    )
    action = Action.objects.get(title="Evening appointments")
    assert response.status_code == 302
    source = action.sources.get()
    assert (source.kind, source.ref_model, source.ref_id) == (
        "council_decision",
        "council.decision",
        "7",
    )
    assert source.link == "/council/decisions/7/"
    assert set(ActionSourceRaiser.objects.values_list("user_id", flat=True)) == {alice.pk, rep.pk}
    assert list(actions_for_source(ref_model="council.decision", ref_id="7")) == [action]


def test_raisers_come_from_the_resolver_never_from_the_form(client_for, staff, fake_council):
    fake_council.add(8, summary="Bus fares", raised_by=[])
    intruder = make_user(Role.MEMBER)
    objective = ObjectiveFactory()
    client_for(staff).post(
        "/action-plan/actions/new/",
        {
            "objective": objective.pk,
            "title": "Fares",
            "description": "Pay fares.",
            "owner": staff.pk,
            "due_on": "2027-01-31",
            "status": "not_started",
            "theme": "other",
            "source_kind": "council_decision",
            "source_ref": "council.decision:8",
            "raised_by": intruder.pk,
        },
    )
    assert Action.objects.filter(title="Fares").exists()
    assert not ActionSourceRaiser.objects.exists()


def test_create_page_when_the_resolver_finds_nothing(client_for, staff, fake_council):
    fake_council.add(9, summary="Hidden")
    fake_council.hidden_from.add(staff.pk)
    response = client_for(staff).get(
        "/action-plan/actions/new/?source_kind=council_decision&source_ref=council.decision:9"
    )
    assert response.status_code == 200
    assert "We could not find what this action is made from" in response.content.decode()
    assert "Hidden" not in response.content.decode()


def test_create_page_with_no_resolver_asks_for_a_typed_summary(client_for, staff):
    objective = ObjectiveFactory()
    client = client_for(staff)
    page = client.get(
        "/action-plan/actions/new/?source_kind=rep_issue&source_ref=council.repissue:4"
    ).content.decode()
    assert 'value="rep_issue" selected' in page
    assert "checked" not in _checkbox(page, "is_public")
    assert 'value="council.repissue:4"' in page
    data = {
        "objective": objective.pk,
        "title": "Women's hostel places",
        "description": "Find more places.",
        "owner": staff.pk,
        "due_on": "2027-03-31",
        "status": "not_started",
        "theme": "housing",
        "source_kind": "rep_issue",
        "source_ref": "council.repissue:4",
        "source_summary": "",
    }
    response = client.post("/action-plan/actions/new/", data)
    assert response.status_code == 200
    assert "Say in plain words what was said." in response.content.decode()
    data["source_summary"] = "Not enough hostel places for women"
    assert client.post("/action-plan/actions/new/", data).status_code == 302
    source = ActionSource.objects.get()
    assert (source.kind, source.ref) == (SourceKind.REP_ISSUE, "council.repissue:4")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("source_kind=gossip", "We did not recognise where this came from"),
        ("source_ref=%3Cscript%3E", "The reference should look like"),
        ("source_ref=council.decision", "The reference should look like"),
        # A bad objective id is a 400 page in plain English (core.http.get_int_or_400).
        ("objective=abc&source_kind=&source_ref=", ""),
    ],
)
def test_create_page_survives_bad_parameters(client_for, staff, query, message):
    response = client_for(staff).get(f"/action-plan/actions/new/?{query}")
    assert response.status_code == (400 if "objective=abc" in query else 200)
    assert message in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[0]


def _checkbox(page: str, name: str) -> str:
    """The ``<input>`` tag of a checkbox on the page."""
    return (
        page.split(f'name="{name}"', 1)[0].rsplit("<input", 1)[1]
        + page.split(f'name="{name}"', 1)[1].split(">", 1)[0]
    )
