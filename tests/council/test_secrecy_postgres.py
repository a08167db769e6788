"""Secrecy and concurrency on PostgreSQL: the properties a sceptic would check.

- 200 simultaneous casts by one voter give exactly one ballot and one participation, every
  time; 200 different voters at once give 200 ballots; votes racing the close are counted or
  refused, never half-recorded.
- While voting is open, every row written near a voter's (``xmin`` a few transaction ids
  away, either side) holds nothing readable about how they voted: held ballots are sealed
  boxes of one length, and nothing is written to the counted box or the receipts.
- After close no ballot (or receipt) can be joined to a participation by ``xmin``, by
  physical order (``ctid``) or by key.

PostgreSQL allows 100 connections here, so the 200 requests start together at a barrier and
pass through at most ``MAX_CONNECTIONS`` database connections at a time.
"""

from __future__ import annotations

import itertools
import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from council import services
from council.models import Ballot, Election, HeldBallot, Participation, Receipt
from tests.council.factories import ConstituencyFactory, candidates_for, members, new_election

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
MAX_CONNECTIONS = 40


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """A transactional test empties every table afterwards, the role groups included."""
    from django.contrib.auth.models import Group

    from users.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _open_election(ro, *, voters: int, candidates: int = 3):
    constituency = ConstituencyFactory()
    standing = members(constituency, candidates, "candidate")
    people = members(constituency, voters)
    election = new_election(ro, constituency)
    services.election_open_nominations(election=election, actor=ro)
    noms = candidates_for(election, ro, standing)
    services.election_close_nominations(election=election, actor=ro)
    services.election_open_voting(election=election, actor=ro)
    return election, noms, people


def _run_together(jobs):
    """Start every job at the same instant; return what each returned (or raised)."""
    barrier = threading.Barrier(len(jobs))
    gate = threading.Semaphore(MAX_CONNECTIONS)
    results: list = [None] * len(jobs)

    def worker(i, job):
        try:
            barrier.wait()
            with gate:
                try:
                    results[i] = job()
                except Exception as exc:  # noqa: BLE001 - the test inspects it
                    results[i] = exc
                finally:
                    connections.close_all()
        except threading.BrokenBarrierError as exc:
            results[i] = exc

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _cast(election, voter, ranking):
    return lambda: services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)


def test_200_simultaneous_casts_by_one_voter_give_exactly_one_ballot(returning_officer):
    election, noms, people = _open_election(returning_officer, voters=5)
    for run, voter in enumerate(people[:5]):
        results = _run_together([_cast(election, voter, [noms[i % 3].pk]) for i in range(200)])
        receipts = [r for r in results if isinstance(r, str)]
        refused = [r for r in results if isinstance(r, ValidationError)]
        others = [r for r in results if not isinstance(r, str | ValidationError)]
        assert not others, others[:3]
        assert len(receipts) == 1, f"run {run}: {len(receipts)} receipts"
        assert all("already voted" in " ".join(e.messages) for e in refused)
        assert Participation.objects.filter(election=election, voter=voter).count() == 1
        assert HeldBallot.objects.filter(election=election).count() == run + 1


def test_200_different_voters_at_once_give_200_ballots(returning_officer):
    election, noms, people = _open_election(returning_officer, voters=200)
    results = _run_together([_cast(election, voter, [noms[0].pk]) for voter in people])
    assert all(isinstance(r, str) for r in results), [r for r in results if not isinstance(r, str)][
        :3
    ]
    assert len(set(results)) == 200
    assert Participation.objects.filter(election=election).count() == 200
    assert HeldBallot.objects.filter(election=election).count() == 200


def test_votes_racing_the_close_are_counted_or_refused(returning_officer):
    election, noms, people = _open_election(returning_officer, voters=80)
    jobs = [_cast(election, voter, [noms[1].pk]) for voter in people]
    jobs.insert(
        40,
        lambda: services.election_close_voting(
            election=Election.objects.get(pk=election.pk), actor=None
        ),
    )
    results = _run_together(jobs)
    receipts = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(receipts) + len(refused) == 80
    assert all("closed" in " ".join(e.messages) for e in refused)
    election.refresh_from_db()
    assert election.status == Election.Status.VOTING_CLOSED
    # Every counted vote is in the sealed box; nothing is left half-recorded.
    assert not HeldBallot.objects.filter(election=election).exists()
    assert Ballot.objects.filter(election=election).count() == len(receipts)
    assert Participation.objects.filter(election=election).count() == len(receipts)
    assert Receipt.objects.filter(election=election).count() == len(receipts)


def _xmins(table: str, election_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table} WHERE election_id = %s", [election_id])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _spearman(xs: list[int]) -> float:
    n = len(xs)
    d2 = sum((i - x) ** 2 for i, x in enumerate(xs))
    return 1 - 6 * d2 / (n * (n * n - 1))


XID_REACH = 5


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        return [row[0] for row in cursor.fetchall()]


def _xid_now() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")
        return int(cursor.fetchone()[0])


def _rows_near(xids: set[int], *, after: int) -> dict[str, list[dict]]:
    """Every row, in any table, written after transaction ``after`` whose ``xmin`` is
    within ``XID_REACH`` of one of ``xids``."""
    near: dict[str, list[dict]] = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'SELECT xmin::text::bigint, row_to_json(t)::text FROM "{table}" t')  # noqa: S608
            rows = [
                json.loads(text)
                for xid, text in cursor.fetchall()
                if xid > after and any(abs(xid - v) <= XID_REACH for v in xids)
            ]
            if rows:
                near[table] = rows
    return near


def test_while_voting_is_open_nothing_near_a_voter_is_readable(returning_officer):
    """The issue's query, widened to any small xid distance, pairs voters with ciphertext."""
    election, noms, people = _open_election(returning_officer, voters=30, candidates=5)
    ids = [n.pk for n in noms]
    rankings = [list(p) for p in itertools.islice(itertools.permutations(ids, 2), 20)]
    rankings += [[ids[i % 5]] for i in range(10)]  # shorter ballots too: same length sealed
    setup_done = _xid_now()  # rows written by opening the election are not the casts'
    for voter, ranking in zip(people, rankings, strict=True):
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.voter_id, row_to_json(h)::text FROM council_participation p "
            "JOIN council_heldballot h "
            "ON abs(p.xmin::text::bigint - h.xmin::text::bigint) <= %s "
            "WHERE p.election_id = %s",
            [XID_REACH, election.pk],
        )
        paired = cursor.fetchall()
    assert paired, "held ballots do sit near their voters: that is why they are sealed"
    assert {tuple(sorted(json.loads(row))) for _voter, row in paired} == {
        ("election_id", "id", "sealed")
    }

    voter_xids = {int(x) for x in _xmins("council_participation", election.pk)}
    near = _rows_near(voter_xids, after=setup_done)
    # Only the voters' own rows and sealed ballots were written in or next to a cast.
    assert set(near) == {"council_participation", "council_heldballot"}, set(near)
    assert not Ballot.objects.filter(election=election).exists()
    assert not Receipt.objects.filter(election=election).exists()
    names = [n.ballot_name for n in noms]
    sealed_lengths = set()
    for row in near["council_heldballot"]:
        text = json.dumps(row)
        assert not any(name in text for name in names)
        assert "ranking" not in text and "receipt" not in text
        blob = bytes(HeldBallot.objects.get(pk=row["id"]).sealed)
        assert b'{"r":' not in blob
        sealed_lengths.add(len(blob))
    assert len(near["council_heldballot"]) == 30
    assert len(sealed_lengths) == 1, "a sealed ballot's length must not say how many were ranked"


def test_no_ballot_can_be_relinked_by_xmin_order_or_key(returning_officer):
    election, noms, people = _open_election(returning_officer, voters=60, candidates=6)
    ids = [n.pk for n in noms]
    rankings = [list(p) for p in itertools.islice(itertools.permutations(ids, 3), 60)]
    for voter, ranking in zip(people, rankings, strict=True):
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)
        # Nothing reaches the counted box while voting is open.
        assert not Ballot.objects.filter(election=election).exists()
    held_ids = {
        str(pk) for pk in HeldBallot.objects.filter(election=election).values_list("pk", flat=True)
    }
    assert len(held_ids) == 60

    # Held ballots sit next to their participation: that is why they are sealed.
    services.election_close_voting(election=election, actor=returning_officer)
    voter_xmins = set(_xmins("council_participation", election.pk))
    ballot_xmins = _xmins("council_ballot", election.pk)
    receipt_xmins = _xmins("council_receipt", election.pk)
    assert len(voter_xmins) == 60  # one transaction per voter
    assert len(ballot_xmins) == 60
    assert not voter_xmins & set(ballot_xmins)
    assert not voter_xmins & set(receipt_xmins)
    assert len(set(ballot_xmins)) == 1, "after the seal every ballot shares one transaction id"
    assert set(receipt_xmins) == set(ballot_xmins)
    assert not HeldBallot.objects.filter(election=election).exists()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id::text, ranking FROM council_ballot WHERE election_id = %s ORDER BY ctid",
            [election.pk],
        )
        physical = [(pk, json.loads(r) if isinstance(r, str) else r) for pk, r in cursor.fetchall()]
    cast_order = {tuple(r): i for i, r in enumerate(rankings)}
    positions = [cast_order[tuple(r)] for _id, r in physical]
    assert positions != sorted(positions)
    assert abs(_spearman(positions)) < 0.5, "physical order must not follow voting order"
    by_key = [cast_order[tuple(r)] for _id, r in sorted(physical)]
    assert abs(_spearman(by_key)) < 0.5, "keys must not follow voting order"
    assert not held_ids & {pk for pk, _r in physical}, "keys are new after each move"
