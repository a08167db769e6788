"""The secret ballot: casting, one vote each, paper ballots, sealing, receipts, BLT import."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from core.models import AuditEvent, Notification
from council import sealing, services, stv
from council.models import (
    Ballot,
    Election,
    ElectionLogEntry,
    HeldBallot,
    Nomination,
    Participation,
    Receipt,
)
from council.services.ballots import RECEIPT_ALPHABET, receipt_hash
from tests.council.factories import voting_election
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def test_ballot_tables_have_no_link_to_a_person_and_no_time():
    for model in (Ballot, HeldBallot, Receipt):
        names = _field_names(model)
        assert not any(
            f.is_relation and f.related_model._meta.label == "users.User"
            for f in model._meta.get_fields()
        )
        assert not names & {"created_at", "updated_at", "cast_at", "ip_address", "voter", "user"}
        assert model._meta.pk.get_internal_type() == "UUIDField"
    assert not _field_names(Participation) & {"created_at", "updated_at", "ballot", "receipt"}


def test_cast_writes_participation_and_held_ballot_and_nothing_else(returning_officer):
    election, noms, people = voting_election(returning_officer)
    audit_before = AuditEvent.objects.count()
    notes_before = Notification.objects.count()
    code = services.ballot_cast(
        election_id=election.pk, voter=people[0], ranking=[noms[1].pk, noms[0].pk]
    )
    assert len(code) == 10 and set(code) <= set(RECEIPT_ALPHABET)
    assert Participation.objects.get(election=election, voter=people[0]).channel == "online"
    held = HeldBallot.objects.get(election=election)
    assert _field_names(HeldBallot) == {"id", "election", "sealed"}
    assert _open(election, held) == (
        [noms[1].pk, noms[0].pk],
        receipt_hash(election_id=election.pk, code=code),
    )
    assert code not in str(held.__dict__)
    # Casting leaves no trace with a time and a name: no audit event, no message.
    assert AuditEvent.objects.count() == audit_before
    assert Notification.objects.count() == notes_before


def test_one_voter_one_ballot(returning_officer):
    election, noms, people = voting_election(returning_officer)
    services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[0].pk])
    with pytest.raises(ValidationError, match="already voted"):
        services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[1].pk])
    assert HeldBallot.objects.filter(election=election).count() == 1
    assert Participation.objects.filter(election=election).count() == 1


def test_failure_leaves_neither_row(returning_officer):
    election, noms, people = voting_election(returning_officer)
    with pytest.raises(ValidationError):
        services.ballot_cast(
            election_id=election.pk, voter=people[0], ranking=[noms[0].pk, noms[0].pk]
        )
    with pytest.raises(ValidationError):
        services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[999999])
    with pytest.raises(ValidationError):
        services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[])
    assert not Participation.objects.filter(election=election).exists()
    assert not HeldBallot.objects.filter(election=election).exists()


def test_only_people_on_the_roll_while_open(returning_officer):
    election, noms, people = voting_election(returning_officer)
    stranger = make_user(Role.MEMBER)
    with pytest.raises(ValidationError, match="not on the voter roll"):
        services.ballot_cast(election_id=election.pk, voter=stranger, ranking=[noms[0].pk])
    election.voting_close_at = timezone.now() - datetime.timedelta(minutes=1)
    election.save()
    with pytest.raises(ValidationError, match="closed"):
        services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[0].pk])


def test_vote_after_close_is_refused(returning_officer):
    election, noms, people = voting_election(returning_officer)
    services.election_close_voting(election=election, actor=returning_officer)
    with pytest.raises(ValidationError, match="closed"):
        services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[0].pk])


def _open(election, held):
    election.refresh_from_db()
    [opened] = sealing.unseal_all(
        scheme=election.ballot_seal,
        election_id=election.pk,
        salt=election.ballot_key_salt,
        public_key=election.ballot_public_key,
        sealed=[bytes(held.sealed)],
    )
    return opened


def test_the_election_stores_only_its_public_key(returning_officer):
    election, _noms, _people = voting_election(returning_officer)
    election.refresh_from_db()
    assert len(election.ballot_public_key) == 64 and len(election.ballot_key_salt) == 32
    private = sealing.private_key(election_id=election.pk, salt=election.ballot_key_salt)
    assert bytes(private.public_key).hex() == election.ballot_public_key
    row = Election.objects.filter(pk=election.pk).values().get()
    stored = " ".join(str(v) for v in row.values())
    assert bytes(private).hex() not in stored
    assert election.ballot_seal == Election.BallotSeal.AEAD
    assert sealing.aead_key(election_id=election.pk, salt=election.ballot_key_salt).hex() not in (
        stored
    )
    with override_settings(BALLOT_KEY="another-key"):
        other = sealing.private_key(election_id=election.pk, salt=election.ballot_key_salt)
    assert bytes(other) != bytes(private)


def test_ballots_stay_sealed_and_one_length_until_close(returning_officer):
    """No job moves anything while voting is open; ranking one or three looks the same."""
    election, noms, people = voting_election(returning_officer, voters=5)
    for voter, ranking in zip(
        people, [[noms[0].pk], [noms[2].pk, noms[1].pk, noms[0].pk], [noms[1].pk]], strict=False
    ):
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)
    services.paper_vote_mark(actor=returning_officer, election=election, voter=people[4])
    services.paper_ballots_enter(actor=returning_officer, election=election, rankings=[[]])
    assert not Ballot.objects.filter(election=election).exists()
    assert not Receipt.objects.filter(election=election).exists()
    sealed = [bytes(s) for s in HeldBallot.objects.values_list("sealed", flat=True)]
    assert len(sealed) == 4 and len({len(s) for s in sealed}) == 1
    for blob in sealed:
        for nom in noms:
            assert nom.ballot_name.encode() not in blob
        assert b'{"r":' not in blob  # the plaintext payload's start
    from council.tasks import mix_ballot_boxes

    assert mix_ballot_boxes() == 0  # retired: a leftover beat entry does nothing
    assert HeldBallot.objects.count() == 4


def test_close_opens_everything_with_fresh_ids(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=5)
    codes = [
        services.ballot_cast(election_id=election.pk, voter=v, ranking=[noms[0].pk]) for v in people
    ]
    before = set(HeldBallot.objects.values_list("pk", flat=True))
    services.election_close_voting(election=election, actor=returning_officer)
    after = set(Ballot.objects.values_list("pk", flat=True))
    assert len(after) == 5 and not before & after
    assert not HeldBallot.objects.exists()
    for code in codes:
        assert services.receipt_is_published(election=election, code=code)
        assert services.receipt_is_published(
            election=election, code=code.lower()[:5] + "-" + code[5:]
        )
    assert not services.receipt_is_published(election=election, code="AAAAAAAAAA")
    assert Ballot.objects.filter(election=election, ranking=[noms[0].pk]).count() == 5


def test_close_with_the_wrong_key_is_refused_and_changes_nothing(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=3)
    services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[0].pk])
    with (
        override_settings(BALLOT_KEY="not-the-key-it-was-sealed-with"),
        pytest.raises(ValidationError, match="cannot be opened"),
    ):
        services.election_close_voting(election=election, actor=returning_officer)
    election.refresh_from_db()
    assert election.status == Election.Status.VOTING_OPEN
    assert HeldBallot.objects.filter(election=election).count() == 1
    services.election_close_voting(election=election, actor=returning_officer)
    assert Ballot.objects.filter(election=election).count() == 1


def test_paper_votes(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=4)
    a, b, _c = (n.pk for n in noms)
    services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[a])
    with pytest.raises(ValidationError, match="already voted"):
        services.paper_vote_mark(actor=returning_officer, election=election, voter=people[0])
    services.paper_vote_mark(actor=returning_officer, election=election, voter=people[1])
    with pytest.raises(ValidationError, match="already voted"):
        services.ballot_cast(election_id=election.pk, voter=people[1], ranking=[a])
    with pytest.raises(ValidationError):
        services.paper_vote_mark(
            actor=returning_officer, election=election, voter=make_user(Role.MEMBER)
        )
    services.paper_ballots_enter(actor=returning_officer, election=election, rankings=[[b, a]])
    with pytest.raises(ValidationError, match="only 0 more"):
        services.paper_ballots_enter(actor=returning_officer, election=election, rankings=[[b]])
    services.paper_vote_mark(actor=returning_officer, election=election, voter=people[2])
    services.election_close_voting(election=election, actor=returning_officer)
    with pytest.raises(ValidationError, match="Enter the rest"):
        services.election_count(actor=returning_officer, election=election)
    services.paper_ballots_enter(actor=returning_officer, election=election, rankings=[[b]])
    count = services.election_count(actor=returning_officer, election=election)
    assert count.report["ballots"] == 3
    assert Participation.objects.filter(election=election, channel="paper").count() == 2
    # The log says a paper vote was marked, never whose.
    marks = ElectionLogEntry.objects.filter(election=election, action="paper vote marked")
    assert marks.count() == 2
    assert all(people[1].username not in (m.message + str(m.detail)) for m in marks)


def test_paper_ballots_from_blt(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=4)
    for voter in people[:3]:
        services.paper_vote_mark(actor=returning_officer, election=election, voter=voter)
    names = [n.ballot_name for n in sorted(noms, key=lambda n: n.ballot_name)]
    text = stv.write_blt(candidates=names, seats=1, ballots=[(names[0],), (names[1], names[0]), ()])
    assert (
        services.paper_ballots_import_blt(actor=returning_officer, election=election, text=text)
        == 3
    )
    assert HeldBallot.objects.filter(election=election).count() == 3
    with pytest.raises(ValidationError) as exc:
        services.paper_ballots_import_blt(
            actor=returning_officer, election=election, text='2 1\n1 1 0\n0\n"X" "Y"\n'
        )
    assert "do not match" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as exc:
        services.paper_ballots_import_blt(
            actor=returning_officer, election=election, text="nonsense"
        )
    assert "file" in exc.value.message_dict
    # Held sealed until close, then opened into the counted box as entered.
    services.election_close_voting(election=election, actor=returning_officer)
    by_name = {n.ballot_name: n.pk for n in noms}
    assert sorted(Ballot.objects.filter(election=election).values_list("ranking", flat=True)) == (
        sorted([[by_name[names[0]]], [by_name[names[1]], by_name[names[0]]], []])
    )


def test_published_blt_recounts_to_the_same_result(returning_officer):
    election, noms, people = voting_election(returning_officer, candidates=3, voters=7, seats=2)
    a, b, c = (n.pk for n in noms)
    for voter, ranking in zip(
        people, [[a, b], [a, c], [a], [b], [c, b], [b, a], [a, b, c]], strict=True
    ):
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)
    services.election_close_voting(election=election, actor=returning_officer)
    count = services.election_count(actor=returning_officer, election=election)
    parsed = stv.parse_blt(count.ballots_blt)
    again = stv.count(
        candidates=parsed.candidates, ballots=parsed.ballots, seats=parsed.seats, seed=count.seed
    )
    assert again.as_dict() == count.report
    assert sum(parsed.ballots.values()) == 7
    assert "(" not in count.ballots_blt  # no ballot ids
    names = dict(Nomination.objects.filter(election=election).values_list("pk", "ballot_name"))
    assert parsed.ballots[(names[a], names[b])] == 1
    assert parsed.ballots[(names[a], names[b], names[c])] == 1


@pytest.mark.parametrize("scheme", [sealing.AEAD, sealing.SEALED_BOX])
def test_many_ballots_open_in_the_order_given(scheme):
    """``sealing.unseal_all``: several chunks come back in the order given, in either
    format; a damaged box or the wrong key refuses the lot."""
    salt = sealing.new_salt()
    public = sealing.public_key_hex(election_id=7, salt=salt)
    seal = sealing.sealer(scheme=scheme, election_id=7, salt=salt, public_key=public, size=128)
    rankings = [[i % 5, (i + 1) % 5] if i % 3 else [] for i in range(sealing.CHUNK * 2 + 7)]
    boxes = [seal(r, f"{i:064x}") for i, r in enumerate(rankings)]
    assert len({len(b) for b in boxes}) == 1
    shares = []
    opened = sealing.unseal_all(
        scheme=scheme,
        election_id=7,
        salt=salt,
        public_key=public,
        sealed=boxes,
        progress=shares.append,
    )
    assert opened == [(r, f"{i:064x}") for i, r in enumerate(rankings)]
    assert shares[-1] == 1 and len(shares) == 3
    damaged = list(boxes)
    damaged[sealing.CHUNK + 3] = boxes[0][:-1] + bytes([boxes[0][-1] ^ 1])
    with pytest.raises(ValidationError, match="could not be opened"):
        sealing.unseal_all(
            scheme=scheme, election_id=7, salt=salt, public_key=public, sealed=damaged
        )
    with pytest.raises(ValidationError, match="PORTAL_BALLOT_KEY"):
        sealing.unseal_all(scheme=scheme, election_id=8, salt=salt, public_key=public, sealed=boxes)
    with (
        override_settings(BALLOT_KEY="another-key"),
        pytest.raises(ValidationError, match="PORTAL_BALLOT_KEY"),
    ):
        sealing.unseal_all(scheme=scheme, election_id=7, salt=salt, public_key=public, sealed=boxes)


def test_a_symmetric_box_is_bound_to_its_key_and_its_election():
    """The AEAD format: nonce, ciphertext and tag, one length; each of a flipped bit, a cut
    box, another key and another election id (the associated data) is refused."""
    salt = sealing.new_salt()
    public = sealing.public_key_hex(election_id=7, salt=salt)
    key = sealing.aead_key(election_id=7, salt=salt)
    assert key != bytes(sealing.private_key(election_id=7, salt=salt))
    size = sealing.sealed_size([1, 2, 3])
    boxes = [
        sealing.seal_aead(key=key, election_id=7, ranking=r, receipt_hash="a" * 64, size=size)
        for r in ([1], [3, 2, 1], [])
    ]
    assert {len(b) for b in boxes} == {sealing.NONCE + size + 16}
    assert len({b[: sealing.NONCE] for b in boxes}) == 3  # a fresh nonce each time

    def opens(box: bytes) -> bool:
        try:
            sealing.unseal_all(
                scheme=sealing.AEAD, election_id=7, salt=salt, public_key=public, sealed=[box]
            )
        except ValidationError as error:
            assert error.code == "ballot_damaged"
            return False
        return True

    assert opens(boxes[1])
    for i in (0, sealing.NONCE, len(boxes[1]) - 1):
        flipped = bytearray(boxes[1])
        flipped[i] ^= 0x80
        assert not opens(bytes(flipped))
    assert not opens(boxes[1][:30])
    assert not opens(b"")
    other_key = sealing.aead_key(election_id=7, salt=sealing.new_salt())
    assert not opens(
        sealing.seal_aead(key=other_key, election_id=7, ranking=[1], receipt_hash="", size=size)
    )
    # The right key but another election's associated data.
    assert not opens(
        sealing.seal_aead(key=key, election_id=8, ranking=[1], receipt_hash="", size=size)
    )


def test_new_elections_seal_symmetrically_and_round_trip(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=3)
    assert election.ballot_seal == Election.BallotSeal.AEAD
    code = services.ballot_cast(
        election_id=election.pk, voter=people[0], ranking=[noms[2].pk, noms[0].pk]
    )
    held = HeldBallot.objects.get(election=election)
    size = sealing.sealed_size(n.pk for n in noms)
    assert len(bytes(held.sealed)) == sealing.NONCE + size + 16
    assert _open(election, held) == (
        [noms[2].pk, noms[0].pk],
        receipt_hash(election_id=election.pk, code=code),
    )
    services.election_close_voting(election=election, actor=returning_officer)
    assert list(Ballot.objects.filter(election=election).values_list("ranking", flat=True)) == [
        [noms[2].pk, noms[0].pk]
    ]
    assert services.receipt_is_published(election=election, code=code)


def test_an_election_opened_with_the_sealed_box_still_seals_and_opens(returning_officer):
    """An election whose voting opened before the symmetric seal (the migration leaves it
    ``SEALED_BOX``) goes on sealing X25519 boxes, and its close opens them."""
    election, noms, people = voting_election(returning_officer, voters=4)
    Election.objects.filter(pk=election.pk).update(ballot_seal=Election.BallotSeal.SEALED_BOX)
    a, b, c = (n.pk for n in noms)
    codes = [
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)
        for voter, ranking in zip(people[:3], [[a], [b, a], [c, b, a]], strict=True)
    ]
    services.paper_vote_mark(actor=returning_officer, election=election, voter=people[3])
    services.paper_ballots_enter(actor=returning_officer, election=election, rankings=[[c]])
    election.refresh_from_db()
    box = sealing.opener(
        election_id=election.pk,
        salt=election.ballot_key_salt,
        public_key=election.ballot_public_key,
    )
    sealed = [bytes(s) for s in HeldBallot.objects.values_list("sealed", flat=True)]
    assert len({len(s) for s in sealed}) == 1
    assert sorted(sealing.unseal(box, s)[0] for s in sealed) == sorted(
        [[a], [b, a], [c, b, a], [c]]
    )
    services.election_close_voting(election=election, actor=returning_officer)
    counted = Ballot.objects.filter(election=election).values_list("ranking", flat=True)
    assert sorted(counted) == sorted([[a], [b, a], [c, b, a], [c]])
    assert all(services.receipt_is_published(election=election, code=code) for code in codes)


@pytest.mark.parametrize("scheme", [sealing.AEAD, sealing.SEALED_BOX])
def test_a_damaged_box_stops_the_close_and_changes_nothing(returning_officer, scheme):
    election, noms, people = voting_election(returning_officer, voters=3)
    Election.objects.filter(pk=election.pk).update(ballot_seal=scheme)
    for voter in people:
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=[noms[0].pk])
    held = HeldBallot.objects.filter(election=election).first()
    sealed = bytearray(held.sealed)
    sealed[-5] ^= 1
    held.sealed = bytes(sealed)
    held.save()
    with pytest.raises(ValidationError, match="could not be opened"):
        services.election_close_voting(election=election, actor=returning_officer)
    election.refresh_from_db()
    assert election.status == Election.Status.VOTING_OPEN
    assert HeldBallot.objects.filter(election=election).count() == 3
    assert not Ballot.objects.filter(election=election).exists()
    assert not Receipt.objects.filter(election=election).exists()


def test_casting_with_the_wrong_key_is_refused_and_writes_nothing(returning_officer):
    """A symmetric box sealed under a changed PORTAL_BALLOT_KEY could never be opened with
    the election's key, so casting is refused instead."""
    election, noms, people = voting_election(returning_officer, voters=3)
    with (
        override_settings(BALLOT_KEY="not-the-key-it-was-opened-with"),
        pytest.raises(ValidationError, match="No ballot can be stored"),
    ):
        services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[0].pk])
    assert not HeldBallot.objects.filter(election=election).exists()
    assert not Participation.objects.filter(election=election).exists()
    services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[0].pk])
    assert HeldBallot.objects.filter(election=election).count() == 1


def test_the_shuffle_is_a_permutation_and_moves_things():
    from council.services.ballot_box import _shuffled

    items = list(range(1000))
    mixed = _shuffled(items)
    assert sorted(mixed) == items and mixed != items
    assert _shuffled(items) != mixed  # a fresh order each time
    assert _shuffled([]) == [] and _shuffled([1]) == [1]
