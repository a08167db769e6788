"""The election lifecycle, nominations, freezing, the log and the schedule job."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from core.models import Notification
from council import services
from council.models import Election, ElectionLogEntry, Nomination, Representative, RollEntry
from council.services.log import election_fingerprint, election_fingerprint_payload
from tests.council.factories import (
    ConstituencyFactory,
    candidates_for,
    join,
    members,
    new_election,
    published_election,
    voting_election,
)
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db
S = Election.Status


def test_whole_lifecycle_by_hand(returning_officer):
    constituency = ConstituencyFactory()
    standing = members(constituency, 3, "candidate")
    voters = members(constituency, 4)
    outsider_member = make_user(Role.MEMBER)  # not in the constituency
    election = new_election(returning_officer, constituency, seats=1, include_ron=True)
    assert election.status == S.DRAFT
    assert services.election_open_nominations(election=election, actor=returning_officer)
    assert not services.election_open_nominations(election=election, actor=returning_officer)
    noms = candidates_for(election, returning_officer, standing)
    assert services.election_close_nominations(election=election, actor=returning_officer)
    assert services.election_open_voting(election=election, actor=returning_officer)
    election.refresh_from_db()
    assert election.status == S.VOTING_OPEN and election.is_frozen
    assert election.roll_size == 7
    assert not RollEntry.objects.filter(election=election, voter=outsider_member).exists()
    ron = Nomination.objects.get(election=election, is_ron=True)
    a, b, c = (n.pk for n in noms)
    for voter, ranking in zip(voters, [[a, b], [a], [b, ron.pk], [c, a]], strict=True):
        code = services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)
        assert len(code) == 10
    assert services.election_close_voting(election=election, actor=returning_officer)
    count = services.election_count(actor=returning_officer, election=election)
    assert count.report["elected"] == [noms[0].ballot_name]
    election.refresh_from_db()
    assert election.status == S.COUNTED
    services.election_release(actor=returning_officer, election=election)
    election.refresh_from_db()
    assert election.status == S.PUBLISHED
    rep = Representative.objects.get(election=election)
    assert rep.user == standing[0] and rep.source == Representative.Source.ELECTED
    assert rep.user.has_role(Role.REPRESENTATIVE)
    actions = list(
        ElectionLogEntry.objects.filter(election=election).values_list("action", flat=True)
    )
    for step in [
        "created",
        "nominations opened",
        "nominations closed",
        "roll frozen",
        "voting opened",
        "voting closed",
        "count started",
        "counted",
        "result released",
    ]:
        assert step in actions
    assert services.election_log_verify(election=election) == (True, None)


def test_schedule_job_takes_each_step_once(returning_officer):
    constituency = ConstituencyFactory()
    standing = members(constituency, 2, "candidate")
    members(constituency, 2)
    now = timezone.now()
    election = new_election(
        returning_officer,
        constituency,
        nominations_open_at=now - datetime.timedelta(hours=4),
        nominations_close_at=now + datetime.timedelta(hours=1),
        voting_open_at=now + datetime.timedelta(hours=2),
        voting_close_at=now + datetime.timedelta(hours=3),
    )
    assert services.election_schedule_run(now=now) == 1
    assert services.election_schedule_run(now=now) == 0  # running twice changes nothing
    election.refresh_from_db()
    assert election.status == S.NOMINATIONS_OPEN
    candidates_for(election, returning_officer, standing)
    assert services.election_schedule_run(now=now + datetime.timedelta(hours=1, minutes=1)) == 1
    assert services.election_schedule_run(now=now + datetime.timedelta(hours=2, minutes=1)) == 1
    election.refresh_from_db()
    assert election.status == S.VOTING_OPEN and election.roll_size == 4
    assert services.election_schedule_run(now=now + datetime.timedelta(hours=3, minutes=1)) == 1
    election.refresh_from_db()
    assert election.status == S.VOTING_CLOSED
    log = ElectionLogEntry.objects.filter(election=election, action="voting opened").get()
    assert log.actor_label == "Scheduled job"


def test_scheduled_voting_open_waits_for_pending_nominations(returning_officer):
    constituency = ConstituencyFactory()
    [person] = members(constituency, 1)
    election = new_election(returning_officer, constituency, voting_open_at=timezone.now())
    services.election_open_nominations(election=election, actor=returning_officer)
    services.nomination_create(actor=person, election=election, nominee=person, statement="Hi")
    services.election_close_nominations(election=election, actor=returning_officer)
    assert services.election_schedule_run() == 0
    election.refresh_from_db()
    assert election.status == S.NOMINATIONS_CLOSED


def test_schedule_times_must_be_in_order(returning_officer):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        new_election(
            returning_officer,
            nominations_open_at=now,
            nominations_close_at=now - datetime.timedelta(hours=1),
        )
    assert "nominations_close_at" in exc.value.message_dict


def test_frozen_election_cannot_change(returning_officer):
    election, noms, _people = voting_election(returning_officer)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.election_update(actor=returning_officer, election=election, seats=2)
    with pytest.raises(ValidationError, match="too late to withdraw"):
        services.nomination_withdraw(actor=noms[0].nominee, nomination=noms[0])
    assert services.election_fingerprint_check(election=election)


def test_fingerprint_covers_candidates_settings_and_roll(returning_officer):
    election, noms, _people = voting_election(returning_officer)
    payload = election_fingerprint_payload(election=election)
    assert election.fingerprint == election_fingerprint(payload=payload)
    assert payload["roll_size"] == election.roll_size
    # Any change behind the services' back is detected.
    Nomination.objects.filter(pk=noms[0].pk).update(ballot_name="Someone else")
    assert not services.election_fingerprint_check(election=election)
    Nomination.objects.filter(pk=noms[0].pk).update(ballot_name=noms[0].ballot_name)
    assert services.election_fingerprint_check(election=election)
    RollEntry.objects.create(election=election, voter=make_user(Role.MEMBER))
    assert not services.election_fingerprint_check(election=election)


def test_log_hash_chain_detects_tampering(returning_officer):
    election, _noms, _people = voting_election(returning_officer)
    assert services.election_log_verify(election=election) == (True, None)
    entries = list(ElectionLogEntry.objects.filter(election=election).order_by("seq"))
    assert entries[0].prev_hash == "0" * 64
    assert all(e.prev_hash == p.entry_hash for p, e in zip(entries, entries[1:], strict=False))
    with pytest.raises(ValueError):
        entries[1].save()
    if connection.vendor == "sqlite":
        ElectionLogEntry.objects.filter(pk=entries[1].pk).update(message="Nothing happened.")
        assert services.election_log_verify(election=election) == (False, entries[1].seq)


@pytest.mark.postgres
def test_log_is_append_only_in_postgres(returning_officer):
    from django.db import DatabaseError, transaction

    election, _noms, _people = voting_election(returning_officer)
    entry = ElectionLogEntry.objects.filter(election=election).first()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL portal.allow_audit_purge = 'off'")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            ElectionLogEntry.objects.filter(pk=entry.pk).update(message="Nothing happened.")


# --- nominations -----------------------------------------------------------------------------


def test_self_nomination_word_limit_and_decision(returning_officer):
    constituency = ConstituencyFactory()
    [person] = members(constituency, 1)
    election = new_election(returning_officer, constituency, statement_word_limit=10)
    with pytest.raises(ValidationError, match="not open"):
        services.nomination_create(actor=person, election=election, nominee=person)
    services.election_open_nominations(election=election, actor=returning_officer)
    with pytest.raises(ValidationError) as exc:
        services.nomination_create(
            actor=person, election=election, nominee=person, statement="word " * 11
        )
    assert "11 words" in exc.value.message_dict["statement"][0]
    nomination = services.nomination_create(
        actor=person, election=election, nominee=person, statement="Hello there"
    )
    assert nomination.status == Nomination.Status.PENDING
    with pytest.raises(ValidationError, match="already been nominated"):
        services.nomination_create(actor=person, election=election, nominee=person)
    with pytest.raises(ValidationError) as exc:
        services.nomination_decide(actor=returning_officer, nomination=nomination, accept=False)
    assert "reason" in exc.value.message_dict
    services.nomination_decide(
        actor=returning_officer,
        nomination=nomination,
        accept=False,
        reason="Not a member long enough.",
    )
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.REJECTED
    note = Notification.objects.get(user=person, kind="council_nomination_decided")
    assert "Not a member long enough." in note.body


def test_nominating_someone_else_needs_their_agreement(returning_officer):
    constituency = ConstituencyFactory()
    proposer, nominee = members(constituency, 2)
    stranger = make_user(Role.MEMBER)
    election = new_election(returning_officer, constituency)
    services.election_open_nominations(election=election, actor=returning_officer)
    with pytest.raises(ValidationError):
        services.nomination_create(actor=proposer, election=election, nominee=stranger)
    with pytest.raises(ValidationError):
        services.nomination_create(actor=stranger, election=election, nominee=proposer)
    nomination = services.nomination_create(actor=proposer, election=election, nominee=nominee)
    assert nomination.status == Nomination.Status.AWAITING_NOMINEE
    assert Notification.objects.filter(user=nominee, kind="council_nominated").exists()
    with pytest.raises(ValidationError):
        services.nomination_respond(actor=proposer, nomination=nomination, accept=True)
    services.nomination_respond(
        actor=nominee, nomination=nomination, accept=True, statement="I agree."
    )
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.PENDING and nomination.statement == "I agree."
    services.nomination_withdraw(actor=nominee, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN


def test_unanswered_nominations_lapse_at_close(returning_officer):
    constituency = ConstituencyFactory()
    proposer, nominee = members(constituency, 2)
    election = new_election(returning_officer, constituency)
    services.election_open_nominations(election=election, actor=returning_officer)
    nomination = services.nomination_create(actor=proposer, election=election, nominee=nominee)
    services.election_close_nominations(election=election, actor=returning_officer)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DECLINED


def test_voting_cannot_open_with_no_candidates_or_duplicate_names(returning_officer):
    constituency = ConstituencyFactory()
    a, b = members(constituency, 2)
    election = new_election(returning_officer, constituency)
    services.election_open_nominations(election=election, actor=returning_officer)
    services.election_close_nominations(election=election, actor=returning_officer)
    with pytest.raises(ValidationError, match="No candidates"):
        services.election_open_voting(election=election, actor=returning_officer)
    election = new_election(returning_officer, constituency)
    services.election_open_nominations(election=election, actor=returning_officer)
    na, nb = candidates_for(election, returning_officer, [a, b])
    Nomination.objects.filter(pk=nb.pk).update(ballot_name=na.ballot_name)
    services.election_close_nominations(election=election, actor=returning_officer)
    with pytest.raises(ValidationError, match="same name"):
        services.election_open_voting(election=election, actor=returning_officer)


def test_ron_win_sets_up_a_new_election(returning_officer):
    election, noms, people = voting_election(returning_officer, include_ron=True, voters=3)
    ron = Nomination.objects.get(election=election, is_ron=True)
    for voter in people:
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=[ron.pk])
    services.election_close_voting(election=election, actor=returning_officer)
    services.election_count(actor=returning_officer, election=election)
    services.election_release(actor=returning_officer, election=election)
    assert not Representative.objects.filter(election=election).exists()
    rerun = Election.objects.exclude(pk=election.pk).get(constituency=election.constituency)
    assert rerun.status == S.DRAFT and rerun.seats == 1
    assert ElectionLogEntry.objects.filter(
        election=election, action="nominations to re-open"
    ).exists()


def test_count_only_once_and_release_only_after_count(returning_officer):
    election, _noms, _people = published_election(returning_officer)
    with pytest.raises(ValidationError):
        services.election_count(actor=returning_officer, election=election)
    with pytest.raises(ValidationError):
        services.election_release(actor=returning_officer, election=election)


def test_tie_by_lot_is_logged_privately_until_release(returning_officer):
    election, noms, people = voting_election(returning_officer, candidates=2, voters=2)
    services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[0].pk])
    services.ballot_cast(election_id=election.pk, voter=people[1], ranking=[noms[1].pk])
    services.election_close_voting(election=election, actor=returning_officer)
    count = services.election_count(actor=returning_officer, election=election)
    draw = ElectionLogEntry.objects.get(election=election, action="tie draw")
    assert draw.private_until_release
    assert draw.detail["method"] == "lot"
    started = ElectionLogEntry.objects.get(election=election, action="count started")
    assert started.detail["seed"] == count.seed and started.seq < draw.seq


# --- reminders --------------------------------------------------------------------------------


def test_reminders_sent_once_and_closing_only_to_non_voters(
    returning_officer, django_capture_on_commit_callbacks
):
    constituency = ConstituencyFactory()
    people = members(constituency, 3)
    standing = members(constituency, 1, "candidate")
    election = new_election(
        returning_officer,
        constituency,
        voting_close_at=timezone.now() + datetime.timedelta(hours=20),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.election_open_nominations(election=election, actor=returning_officer)
    assert Notification.objects.filter(kind="council_nominations_open").count() == 4
    assert services.election_reminders_send(election_id=election.pk, kind="nominations_open") == 0
    [nom] = candidates_for(election, returning_officer, standing)
    services.election_close_nominations(election=election, actor=returning_officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.election_open_voting(election=election, actor=returning_officer)
    assert Notification.objects.filter(kind="council_voting_open").count() == 4
    services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[nom.pk])
    assert services.election_reminders_due() == 3
    assert services.election_reminders_due() == 0
    closing = set(
        Notification.objects.filter(kind="council_closing").values_list("user_id", flat=True)
    )
    assert closing == {people[1].pk, people[2].pk, standing[0].pk}


def test_membership_and_representatives(staff, returning_officer):
    constituency = ConstituencyFactory()
    person = make_user(Role.MEMBER)
    membership = services.membership_add(actor=staff, constituency=constituency, user=person)
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_add(actor=staff, constituency=constituency, user=person)
    with pytest.raises(ValidationError, match="Only members"):
        services.membership_add(actor=staff, constituency=constituency, user=make_user(Role.STAFF))
    services.membership_end(actor=staff, membership=membership)
    services.membership_add(actor=staff, constituency=constituency, user=person)
    rep = services.representative_coopt(
        actor=staff,
        council=constituency.council,
        user=person,
        constituency=constituency,
        portfolios=[],
        term_start=datetime.date(2026, 1, 1),
        term_end=None,
        note="Nobody stood.",
    )
    person.__dict__.pop("roles", None)
    assert person.has_role(Role.REPRESENTATIVE)
    services.representative_stand_down(actor=staff, representative=rep, reason="Moved away")
    person.__dict__.pop("roles", None)
    assert not person.has_role(Role.REPRESENTATIVE)
    selection = services.recorded_selection_create(
        actor=returning_officer,
        council=constituency.council,
        constituency=None,
        title="Forum delegates",
        held_on=datetime.date(2026, 3, 1),
        method="Show of hands at the March workshop, 14 present.",
        selected=[person],
    )
    assert (
        Representative.objects.get(recorded_selection=selection).source
        == Representative.Source.RECORDED
    )


def test_join_helper_is_current_membership():
    constituency = ConstituencyFactory()
    person = make_user(Role.MEMBER)
    join(constituency, person)
    assert person.council_memberships.filter(left_on=None).count() == 1
