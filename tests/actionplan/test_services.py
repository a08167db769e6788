"""Business rules: owners and champions, status reasons, progress, updates, evidence,
bulk changes, history, audit and notifications to the people who raised a source."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from actionplan import services
from actionplan.models import Action, ActionSourceRaiser, ActionUpdate, SourceKind, Status
from actionplan.services import SourceInput
from core.models import AuditEvent, Notification
from tests.actionplan.factories import ActionFactory, ObjectiveFactory, create_action
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


# --- Owners and champions -----------------------------------------------------------------


def test_owner_must_be_staff_or_senior_manager(staff, member):
    with pytest.raises(ValidationError) as exc:
        create_action(by=staff, owner=member)
    assert "owner" in exc.value.message_dict


def test_champion_must_be_representative_or_mentor(staff, member, representative, mentor):
    with pytest.raises(ValidationError) as exc:
        create_action(by=staff, champion=member)
    assert "champion" in exc.value.message_dict
    assert create_action(by=staff, champion=representative).champion == representative
    assert create_action(by=staff, champion=mentor).champion == mentor


def test_senior_manager_can_own(staff, senior_manager):
    assert create_action(by=staff, owner=senior_manager).owner == senior_manager


def test_the_champion_is_told_once(staff, representative):
    action = create_action(by=staff, champion=representative)
    assert (
        Notification.objects.filter(user=representative, kind="actionplan_champion_added").count()
        == 1
    )
    services.action_set_status(action=action, status=Status.IN_PROGRESS, actor=staff)
    assert (
        Notification.objects.filter(user=representative, kind="actionplan_champion_added").count()
        == 1
    )


# --- Status, reasons and progress ---------------------------------------------------------


@pytest.mark.parametrize("status", [Status.BLOCKED, Status.DROPPED])
def test_blocked_and_dropped_need_a_reason(staff, status):
    action = create_action(by=staff)
    with pytest.raises(ValidationError) as exc:
        services.action_set_status(action=action, status=status, actor=staff, reason="   ")
    assert "status_reason" in exc.value.message_dict
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED
    services.action_set_status(action=action, status=status, actor=staff, reason="No money yet")
    action.refresh_from_db()
    assert (action.status, action.status_reason) == (status, "No money yet")


def test_reason_is_cleared_when_unblocked_and_kept_while_still_blocked(staff):
    action = create_action(by=staff)
    services.action_set_status(action=action, status=Status.BLOCKED, actor=staff, reason="Funding")
    services.update_post(action=action, actor=staff, note="Still waiting", progress=20)
    action.refresh_from_db()
    assert (action.status, action.status_reason, action.progress) == (Status.BLOCKED, "Funding", 20)
    services.action_set_status(action=action, status=Status.IN_PROGRESS, actor=staff)
    action.refresh_from_db()
    assert action.status_reason == ""


def test_done_means_100_percent(staff):
    action = create_action(by=staff)
    services.update_post(
        action=action, actor=staff, note="Finished", status=Status.DONE, progress=40
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == (Status.DONE, 100)


def test_the_database_refuses_broken_rows():
    action = ActionFactory()
    for bad in (
        {"status": Status.BLOCKED, "status_reason": ""},
        {"status": Status.DROPPED, "status_reason": ""},
        {"progress": 101},
        {"status": Status.DONE, "progress": 50},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Action.objects.filter(pk=action.pk).update(**bad)


# --- Updates and evidence -----------------------------------------------------------------


def test_update_moves_status_and_progress_and_is_recorded(staff, representative):
    action = create_action(by=staff, champion=representative)
    update = services.update_post(
        action=action,
        actor=representative,
        note="Draft done",
        status=Status.IN_PROGRESS,
        progress=40,
        evidence_link="https://example.org/draft",
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == (Status.IN_PROGRESS, 40)
    assert (update.status_before, update.status_after) == (Status.NOT_STARTED, Status.IN_PROGRESS)
    assert (update.progress_before, update.progress_after) == (0, 40)
    assert update.author_was_champion
    assert update.happened_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="actionplan.update.post", actor=representative).exists()


def test_update_cannot_be_dated_in_the_future(staff):
    action = create_action(by=staff)
    with pytest.raises(ValidationError) as exc:
        services.update_post(
            action=action,
            actor=staff,
            note="x",
            happened_on=timezone.localdate() + timedelta(days=1),
        )
    assert "happened_on" in exc.value.message_dict
    assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("script.exe", b"MZ\x90\x00", "must be one of these types"),
        ("report.pdf", b"<html>not a pdf</html>", "does not look like a PDF"),
        ("photo.png", b"GIF89a....", "does not look like a PNG"),
        ("notes.txt", b"text\x00with a NUL", "does not look like a plain text"),
        ("empty.pdf", b"", "empty"),
        ("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "smaller than 5 MB"),
    ],
)
def test_evidence_files_are_checked(staff, name, content, problem):
    action = create_action(by=staff)
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as exc:
        services.update_post(action=action, actor=staff, note="x", evidence_file=upload)
    assert problem in " ".join(exc.value.messages)
    assert not ActionUpdate.objects.exists()


def test_good_evidence_is_stored_under_a_random_name(staff):
    action = create_action(by=staff)
    upload = SimpleUploadedFile(
        "Minutes with Jo Bloggs.pdf", b"%PDF-1.7 minutes", "application/pdf"
    )
    update = services.update_post(action=action, actor=staff, note="Minutes", evidence_file=upload)
    assert update.evidence_content_type == "application/pdf"
    assert update.evidence_name == "Minutes with Jo Bloggs.pdf"
    assert "Bloggs" not in update.evidence_file.name
    assert update.evidence_file.name.startswith("actionplan/evidence/")


# --- Bulk status --------------------------------------------------------------------------


def test_bulk_status_is_all_or_nothing(staff):
    a, b = create_action(by=staff), create_action(by=staff)
    services.action_set_status(action=b, status=Status.DROPPED, actor=staff, reason="Not needed")
    with pytest.raises(ValidationError):
        # Blocked needs a reason; b already dropped with a reason, a has none: refused.
        services.actions_bulk_set_status(
            action_ids=[a.pk, b.pk], status=Status.BLOCKED, actor=staff
        )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (Status.NOT_STARTED, Status.DROPPED)
    changed = services.actions_bulk_set_status(
        action_ids=[a.pk, b.pk], status=Status.IN_PROGRESS, actor=staff
    )
    assert changed == 2
    assert set(Action.objects.values_list("status", flat=True)) == {Status.IN_PROGRESS}


def test_bulk_status_refuses_missing_and_too_many(staff):
    action = create_action(by=staff)
    with pytest.raises(ValidationError):
        services.actions_bulk_set_status(action_ids=[action.pk, 999999], status="done", actor=staff)
    with pytest.raises(ValidationError):
        services.actions_bulk_set_status(action_ids=list(range(1, 300)), status="done", actor=staff)
    with pytest.raises(ValidationError):
        services.actions_bulk_set_status(action_ids=[], status="done", actor=staff)
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


# --- History ------------------------------------------------------------------------------


def test_every_change_is_kept_with_who_made_it(staff, senior_manager, representative):
    action = create_action(by=staff, champion=representative)
    services.update_post(
        action=action, actor=representative, note="Going", status="in_progress", progress=30
    )
    services.action_update(
        action=action,
        actor=senior_manager,
        objective=action.objective,
        title="Housing pack, easy read too",
        description=action.description,
        owner=senior_manager,
        champion=representative,
        due_on=action.due_on + timedelta(days=30),
        theme=action.theme,
        is_public=True,
        status=Status.IN_PROGRESS,
    )
    records = list(action.history.order_by("history_id"))
    assert [r.history_user for r in records] == [staff, representative, senior_manager]
    assert records[0].history_type == "+"
    assert records[-1].title == "Housing pack, easy read too"
    assert records[1].progress == 30


def test_history_page_shows_each_change(client_for, staff):
    action = create_action(by=staff)
    services.milestone_create(action=action, title="Draft", due_on=action.due_on, actor=staff)
    services.update_post(
        action=action, actor=staff, note="Moving", status="in_progress", progress=35
    )
    page = client_for(staff).get(f"/action-plan/actions/{action.pk}/history/").content.decode()
    assert "Action created" in page and "Milestone added: Draft" in page
    assert "Not started" in page and "In progress" in page and "35" in page


# --- Sources and the people who raised them -------------------------------------------------


def _raised(fake_council, staff, *people, public=True):
    fake_council.add(7, summary="Appointments should run on time", raised_by=[p.pk for p in people])
    return create_action(
        by=staff,
        is_public=public,
        sources=[SourceInput(kind=SourceKind.COUNCIL_DECISION, ref="council.decision:7")],
    )


def test_each_raiser_is_told_separately_when_the_status_changes(fake_council, staff):
    alice = make_user(Role.MEMBER, display_name="Alice Unique")
    bob = make_user(Role.MEMBER, display_name="Bob Distinct")
    action = _raised(fake_council, staff, alice, bob)
    assert ActionSourceRaiser.objects.count() == 2
    services.action_set_status(action=action, status=Status.IN_PROGRESS, actor=staff)
    to_alice = Notification.objects.get(user=alice, kind="actionplan_status_changed")
    to_bob = Notification.objects.get(user=bob, kind="actionplan_status_changed")
    assert "Appointments should run on time" in to_alice.body
    assert "In progress" in to_alice.subject + to_alice.body
    # Neither learns who else raised it.
    for message, other in ((to_alice, bob), (to_bob, alice)):
        text = message.subject + message.body
        assert other.display_name not in text and other.username not in text
    assert to_alice.link == f"/action-plan/you-said-we-did/{action.pk}/"


def test_raisers_are_told_once_per_change_and_not_about_their_own_change(
    fake_council, staff, representative
):
    alice = make_user(Role.MEMBER)
    action = _raised(fake_council, staff, alice, representative)
    services.action_set_status(action=action, status=Status.IN_PROGRESS, actor=representative)
    services.update_post(action=action, actor=staff, note="No change of status", progress=50)
    services.action_set_status(action=action, status=Status.DONE, actor=staff)
    kinds = Notification.objects.filter(kind="actionplan_status_changed")
    assert kinds.filter(user=alice).count() == 2
    assert kinds.filter(user=representative).count() == 1  # not for the change they made


def test_raisers_of_a_private_action_get_no_title_or_link(fake_council, staff):
    alice = make_user(Role.MEMBER)
    action = _raised(fake_council, staff, alice, public=False)
    services.action_set_status(action=action, status=Status.BLOCKED, actor=staff, reason="Secret")
    message = Notification.objects.get(user=alice, kind="actionplan_status_changed")
    assert action.title not in message.subject + message.body
    assert "Secret" not in message.body and message.link == ""
    assert "Appointments should run on time" in message.body


def test_people_who_raise_it_later_are_told_too(fake_council, staff):
    alice, later = make_user(Role.MEMBER), make_user(Role.MEMBER)
    action = _raised(fake_council, staff, alice)
    fake_council.records["7"]["raised_by"].append(later.pk)
    services.action_set_status(action=action, status=Status.IN_PROGRESS, actor=staff)
    assert Notification.objects.filter(user=later, kind="actionplan_status_changed").exists()


def test_a_broken_resolver_does_not_stop_a_status_change(fake_council, staff, monkeypatch):
    alice = make_user(Role.MEMBER)
    action = _raised(fake_council, staff, alice)

    def broken(*, pk, user):
        raise RuntimeError("council is down")

    from actionplan import sources

    sources.register("council.decision", kind="council_decision", resolve=broken)
    services.action_set_status(action=action, status=Status.IN_PROGRESS, actor=staff)
    # The stored raiser is still told.
    assert Notification.objects.filter(user=alice, kind="actionplan_status_changed").exists()


def test_typed_sources_keep_their_reference_for_later_wiring(staff):
    action = create_action(
        by=staff,
        sources=[
            SourceInput(
                kind=SourceKind.COUNCIL_AGENDA_ITEM,
                summary="Bus fares to appointments",
                # A model with no resolver registered (council's agenda items have one now).
                ref="council.paperitem:12",
                count=4,
            )
        ],
    )
    source = action.sources.get()
    assert (source.ref_model, source.ref_id, source.count) == ("council.paperitem", "12", 4)
    with pytest.raises(ValidationError):
        services.source_add(
            action=action,
            source=SourceInput(
                kind="event_suggestion", summary="Again", ref="council.paperitem:12"
            ),
            actor=staff,
        )


@pytest.mark.parametrize(
    ("source", "field"),
    [
        (SourceInput(kind="nonsense", summary="x"), "source_kind"),
        (SourceInput(kind="event_suggestion", summary="  "), "source_summary"),
        (
            SourceInput(kind="event_suggestion", summary="x", link="javascript:alert(1)"),
            "source_link",
        ),
        (SourceInput(kind="event_suggestion", summary="x", ref="not a ref"), "source_ref"),
    ],
)
def test_bad_sources_are_refused(staff, source, field):
    with pytest.raises(ValidationError) as exc:
        create_action(by=staff, sources=[source])
    assert field in exc.value.message_dict
    assert not Action.objects.exists()


def test_objective_numbers_follow_on(staff):
    objective = ObjectiveFactory()
    second = services.objective_create(plan=objective.plan, title="Next", term="long", actor=staff)
    assert second.number == objective.number + 1


def test_milestone_done_date_cannot_be_in_the_future(staff):
    action = create_action(by=staff)
    milestone = services.milestone_create(
        action=action, title="x", due_on=action.due_on, actor=staff
    )
    with pytest.raises(ValidationError):
        services.milestone_update(
            milestone=milestone,
            title="x",
            due_on=action.due_on,
            done_on=timezone.localdate() + timedelta(days=2),
            actor=staff,
        )
