"""Migration 0004_sealed_ballots on PostgreSQL: ballots held when it runs are sealed in place
(so an election open during the upgrade carries on and counts them), it refuses to run
without PORTAL_BALLOT_KEY, and going back opens them again."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from council import services
from council.models import Ballot, Election, HeldBallot, Receipt
from tests.council.factories import voting_election

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BEFORE = [("council", "0003_meetings_and_rep_issues")]
AFTER = [("council", "0004_sealed_ballots")]


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


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table]
        )
        return {row[0] for row in cursor.fetchall()}


def test_held_ballots_are_sealed_in_place_and_still_counted(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=3)
    a, b, c = (n.pk for n in noms)
    services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[a, b])
    try:
        _migrate(BEFORE)
        # Going back opened the sealed ballot into the old plaintext columns.
        with connection.cursor() as cursor:
            cursor.execute("SELECT ranking FROM council_heldballot")
            assert [json.loads(r) if isinstance(r, str) else r for (r,) in cursor.fetchall()] == [
                [a, b]
            ]
            # A ballot cast by the old code while the upgrade waits.
            cursor.execute(
                "INSERT INTO council_heldballot (id, election_id, ranking, receipt_hash) "
                "VALUES (%s, %s, %s, %s)",
                [str(uuid.uuid4()), election.pk, json.dumps([c]), "f" * 64],
            )
        with override_settings(BALLOT_KEY=""), pytest.raises(ImproperlyConfigured) as exc:
            _migrate(AFTER)
        assert "Set PORTAL_BALLOT_KEY before running this migration" in str(exc.value)
    finally:
        _migrate(AFTER)
        # Back to the newest council migration, so later tests see today's tables.
        _migrate(_latest())

    assert _columns("council_heldballot") == {"id", "election_id", "sealed"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(h)::text FROM council_heldballot h")
        rows = [text for (text,) in cursor.fetchall()]
    assert len(rows) == 2
    assert all("ranking" not in text and "f" * 64 not in text for text in rows)
    assert len({len(bytes(s)) for s in HeldBallot.objects.values_list("sealed", flat=True)}) == 1

    election = Election.objects.get(pk=election.pk)
    assert election.ballot_public_key and election.status == Election.Status.VOTING_OPEN
    services.ballot_cast(election_id=election.pk, voter=people[1], ranking=[b])
    services.election_close_voting(election=election, actor=returning_officer)
    counted = sorted(Ballot.objects.filter(election=election).values_list("ranking", flat=True))
    assert counted == sorted([[a, b], [c], [b]])
    assert sorted(Receipt.objects.filter(election=election).values_list("code_hash", flat=True))[
        -1
    ] == ("f" * 64)
    assert Receipt.objects.filter(election=election).count() == 3
    assert not HeldBallot.objects.exists()
