"""Cancelling an election while something else is happening to it, on PostgreSQL.

Cancel takes the election's row lock, like close, count and release (and every vote being
cast holds a share lock on it), so the two never interleave: whichever comes second sees
what the first did. Whatever the order, a cancelled election ends with nothing cast left.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from council import services
from council.models import Ballot, Election, HeldBallot, Participation, Receipt
from tests.concurrency import race
from tests.council.factories import voting_election

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = Election.Status
REASON = "The constituency is being merged with the county."


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    from django.contrib.auth.models import Group

    from users.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _nothing_cast_is_left(election: Election) -> None:
    for model in (HeldBallot, Ballot, Receipt, Participation):
        assert not model.objects.filter(election=election).exists(), model.__name__


@pytest.mark.parametrize("attempt", range(3))
def test_cancel_racing_close_voting_ends_cancelled_with_nothing_kept(returning_officer, attempt):
    election, noms, people = voting_election(returning_officer, voters=4)
    for voter in people[:3]:
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=[noms[0].pk])

    outcomes = race(
        [
            lambda: services.election_cancel(
                actor=returning_officer, election=election, reason=REASON
            ),
            lambda: services.election_close_voting(election=election, actor=returning_officer),
        ]
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    election.refresh_from_db()
    assert election.status == S.CANCELLED
    _nothing_cast_is_left(election)
    # The close either came first (and sealed the box the cancel then destroyed) or found the
    # election cancelled and did nothing.
    closed = [o for o in outcomes if isinstance(o, bool)]
    assert closed in ([True], [False])
    assert (election.cancelled_from == S.VOTING_CLOSED) is closed[0]


@pytest.mark.parametrize("attempt", range(3))
def test_cancel_racing_release_exactly_one_wins(returning_officer, attempt):
    election, noms, people = voting_election(returning_officer, voters=3)
    for voter in people[:2]:
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=[noms[0].pk])
    services.election_close_voting(election=election, actor=returning_officer)
    services.election_count(actor=returning_officer, election=election)

    outcomes = race(
        [
            lambda: services.election_cancel(
                actor=returning_officer, election=election, reason=REASON
            ),
            lambda: services.election_release(actor=returning_officer, election=election),
        ]
    )

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1, outcomes
    election.refresh_from_db()
    if election.status == S.PUBLISHED:
        # Released first: the cancel was refused and the published result is whole.
        assert "released" in str(refused[0])
        assert Ballot.objects.filter(election=election).count() == 2
    else:
        assert election.status == S.CANCELLED
        _nothing_cast_is_left(election)


def test_a_vote_racing_the_cancel_is_either_destroyed_or_refused(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=6)

    def vote(voter):
        return lambda: services.ballot_cast(
            election_id=election.pk, voter=voter, ranking=[noms[0].pk]
        )

    outcomes = race(
        [
            lambda: services.election_cancel(
                actor=returning_officer, election=election, reason=REASON
            ),
            *(vote(v) for v in people[:4]),
        ]
    )

    assert all(isinstance(o, ValidationError) for o in outcomes if isinstance(o, Exception))
    election.refresh_from_db()
    assert election.status == S.CANCELLED
    _nothing_cast_is_left(election)
