"""Fault test (issue 19): the database connection drops in the middle of casting a vote.

The connection is cut from the server's side (``pg_terminate_backend``, as a database
restart or a network fault would) right after a statement of the cast has run. The voter
gets a plain "try again" page, not a 500, and afterwards there is one participation and one
ballot, or neither: never a "has voted" without a ballot, or a ballot without a voter. Trying
again then works. Counts are of every kind of ballot row (held and counted), so the test
holds whatever way ballots are stored.
"""

import re
import time

import psycopg2
import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from tests.council.factories import voting_election

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _dsn() -> str:
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"dbname={s['NAME']} user={s['USER']} host={host} port={port}"


def _terminate(pid: int) -> None:
    """Cut the connection ``pid`` from the server, and wait until it is gone."""
    admin = psycopg2.connect(_dsn())
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(100):
                cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone() is None:
                    return
                time.sleep(0.05)
    finally:
        admin.close()
    raise AssertionError("the connection was not terminated")


class DropAfter:
    """An execute wrapper: after the first statement matching ``pattern``, the server
    drops this connection (the statement itself has run, inside the open transaction)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern, re.IGNORECASE | re.DOTALL)
        self.fired = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not self.fired and self.pattern.search(sql):
            self.fired = True
            _terminate(context["connection"].connection.get_backend_pid())
        return result


def _counts(election) -> tuple[int, int]:
    participations = apps.get_model("council", "Participation").objects.filter(election=election)
    ballots = sum(
        apps.get_model("council", name).objects.filter(election=election).count()
        for name in ("HeldBallot", "Ballot")
    )
    return participations.count(), ballots


@pytest.mark.parametrize(
    "after",
    [
        pytest.param(r"FOR (SHARE|UPDATE)", id="after-the-election-is-locked"),
        pytest.param(r'INSERT INTO "council_participation"', id="after-has-voted-is-written"),
    ],
)
def test_a_dropped_connection_while_voting_says_try_again_and_leaves_all_or_nothing(
    returning_officer, client_for, after
):
    election, noms, people = voting_election(returning_officer)
    voter = people[0]
    client = client_for(voter)
    data = {f"rank_{noms[0].pk}": "1", f"rank_{noms[1].pk}": "2"}
    cast_url = reverse("council:vote-cast", kwargs={"pk": election.pk})

    drop = DropAfter(after)
    with connection.execute_wrapper(drop):
        response = client.post(cast_url, data)
    assert drop.fired, "the cast never ran the statement the connection was to drop after"

    assert response.status_code == 503
    page = response.content.decode()
    assert "please try again" in page
    assert "whether your vote was recorded" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert _counts(election) in {(0, 0), (1, 1)}
    assert _counts(election) == (0, 0)  # cut before the commit: rolled back

    # The voter tries again, and this time it works: one of each.
    response = client.post(cast_url, data)
    assert response.status_code == 200
    assert re.search(r"[A-Z0-9]{5}-[A-Z0-9]{5}", response.content.decode())
    assert _counts(election) == (1, 1)
