"""Migration 0008_election_ballot_seal on PostgreSQL: elections that exist when it runs keep
the X25519 sealed box (their held ballots still open at close), and going back re-seals the
held ballots of symmetric-seal elections as sealed boxes the older code can open."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from council import sealing, services
from council.models import Ballot, Election, HeldBallot, Receipt
from tests.council.factories import voting_election

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BEFORE = [("council", "0007_election_cancelled")]


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    from django.contrib.auth.models import Group

    from users.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _latest():
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "council"]


def test_going_back_reseals_and_an_upgraded_election_still_closes(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=3)
    a, b, c = (n.pk for n in noms)
    assert election.ballot_seal == Election.BallotSeal.AEAD
    codes = [
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)
        for voter, ranking in zip(people[:2], [[a, b], [c]], strict=True)
    ]
    before = {bytes(s) for s in HeldBallot.objects.values_list("sealed", flat=True)}
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ballot_key_salt, ballot_public_key FROM council_election WHERE id = %s",
                [election.pk],
            )
            salt, public = cursor.fetchone()
            cursor.execute("SELECT sealed FROM council_heldballot")
            sealed = [bytes(s) for (s,) in cursor.fetchall()]
        # Re-sealed as X25519 sealed boxes, still one length, that the older code opens.
        assert not before & set(sealed) and len({len(s) for s in sealed}) == 1
        box = sealing.opener(election_id=election.pk, salt=salt, public_key=public)
        assert sorted(sealing.unseal(box, s)[0] for s in sealed) == [[a, b], [c]]
    finally:
        _migrate(_latest())

    # The election existed when 0008 ran again: it keeps the sealed box, casts and closes.
    election = Election.objects.get(pk=election.pk)
    assert election.ballot_seal == Election.BallotSeal.SEALED_BOX
    codes.append(services.ballot_cast(election_id=election.pk, voter=people[2], ranking=[b]))
    services.election_close_voting(election=election, actor=returning_officer)
    counted = sorted(Ballot.objects.filter(election=election).values_list("ranking", flat=True))
    assert counted == sorted([[a, b], [c], [b]])
    assert Receipt.objects.filter(election=election).count() == 3
    assert all(services.receipt_is_published(election=election, code=code) for code in codes)
    assert not HeldBallot.objects.exists()
    # An election opened after the upgrade seals symmetrically.
    fresh, _noms, _people = voting_election(returning_officer, voters=1)
    assert fresh.ballot_seal == Election.BallotSeal.AEAD
