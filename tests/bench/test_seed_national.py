"""``seed_national``: loads a proportionate national data set, once, and the dashboard reads it."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from bench.seeding.national import Sizes
from consultations.models import Answer, Coding, FinalCode, Submission
from council.models import Ballot, Council, Membership, Participation
from dashboards.models import CaseloadFigure, Snapshot
from peersupport.models import Occurrence
from users.models import User

# The loader is for PostgreSQL benchmarks (bench/README.md): CI runs these on PostgreSQL only,
# where they also use COPY, and so saves its SQLite pass about 40 s (it is the slower one).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

SCALE = 0.0004


def _seed(**options):
    call_command("seed_national", scale=SCALE, not_production=True, stdout=io.StringIO(), **options)


@pytest.mark.usefixtures("role_groups")
def test_it_loads_every_part_in_proportion_and_the_dashboard_reads_it(client):
    _seed()
    sizes = Sizes.at(SCALE)
    assert Council.objects.filter(slug__startswith="national-").count() == 12
    assert User.objects.filter(username__startswith="nat0").count() == sizes.members
    assert Membership.objects.count() >= sizes.members
    # One "has voted" row per ballot, and ballots have no link to anyone.
    assert Participation.objects.count() == Ballot.objects.count() > 0
    assert [f.name for f in Ballot._meta.get_fields() if f.is_relation] == ["election"]
    assert Answer.objects.count() == Submission.objects.count() * 5
    assert Coding.objects.count() > FinalCode.objects.count() > 0
    assert Occurrence.objects.count() >= 24
    assert CaseloadFigure.objects.count() == 12 * (1 + 4 + 5 + 6)
    assert Snapshot.objects.filter(scope="all").count() == 4  # the preset periods
    client.force_login(User.objects.get(username="national-senior-manager"))
    page = client.get(reverse("dashboards:index"))
    assert page.status_code == 200
    assert "North East Probation Council" in page.content.decode()


def test_it_refuses_a_live_database_and_silly_sizes():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="not-production"):
        call_command("seed_national", scale=SCALE)
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_national", scale=0, not_production=True)


@pytest.mark.postgres
@pytest.mark.usefixtures("role_groups")
def test_copy_loads_consistent_rows_on_postgresql_and_refuses_to_load_twice():
    _seed(no_snapshots=True, check_keys=True)
    connection.check_constraints()
    assert Participation.objects.count() == Ballot.objects.count() > 0
    # A second load is refused (one test with the first: each load takes tens of seconds).
    with pytest.raises(CommandError, match="already loaded"):
        _seed(no_snapshots=True)
