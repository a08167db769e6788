"""The dashboard's queries do not grow with the data: counted on small data, pinned.

Two paths: the page reading a stored snapshot (what nearly every visit does), and the
page counting everything afresh (the first visit for a period, or "count again"). Both use a
fixed number of queries whatever the number of members, councils, elections, answers,
actions or sessions. About 11 queries of each page are the site's own (session, user,
roles, two-factor, unread messages).
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Status
from dashboards import services
from dashboards.models import Snapshot
from dashboards.periods import presets
from tests.dashboards import factories as f
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db

_names = itertools.count(1)


def _grow(n: int, staff) -> None:
    """A council with ``n`` of everything."""
    today = timezone.localdate()
    council = f.make_council(f"Council {next(_names)}")
    city = f.place(council)
    people = f.members(
        city, n, gender="woman", ethnic_group="asian", on=today - timedelta(days=300)
    )
    people += f.members(f.place(council, 1), n, gender="man", on=today - timedelta(days=5))
    for k in range(2):
        f.election(
            city, opens=today - timedelta(days=10 + k), roll_size=len(people), voters=people[k::2]
        )
    housing, travel = f.codes("Housing", "Travel")
    for _ in range(2):
        consultation, question = f.consultation(city, opened=today - timedelta(days=30))
        for i in range(n):
            f.respond(
                consultation,
                question,
                on=today - timedelta(days=i % 20),
                gender="woman",
                area=city.name,
                codes=[housing] if i % 2 else [housing, travel],
            )
    objective = f.objective()
    decided = f.decision(council)
    for i in range(n):
        f.action(
            objective,
            staff,
            status=Status.values[i % 5],
            due_on=today + timedelta(days=i - n),
            decision=decided,
        )
    for person in people[:n]:
        f.mentor(person)
        f.certificate(person, on=today - timedelta(days=2))
    for i in range(n):
        f.session(today - timedelta(days=i + 1), [(people[i], f.ATTENDED)])


def _count(client, url) -> int:
    client.get(url)  # the first visit records the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _fresh_count(client, url) -> int:
    client.get(url)
    Snapshot.objects.all().delete()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["index", "council"])
def test_the_page_reads_one_snapshot_whatever_the_data(
    client_for, senior_manager, django_assert_max_num_queries, page
):
    staff = make_user(Role.STAFF)
    _grow(2, staff)
    client = client_for(senior_manager)
    from council.models import Council

    def url():
        if page == "index":
            return reverse("dashboards:index")
        return reverse(
            "dashboards:council", kwargs={"slug": Council.objects.order_by("pk").first().slug}
        )

    few = _count(client, url())
    _grow(8, staff)
    _grow(3, staff)
    services.snapshot_refresh(period=presets(timezone.localdate())[2].period)
    many = _count(client, url())
    assert few == many, f"{few} queries with little data, {many} with more"
    # One snapshot, and the monthly figures for the trend charts.
    with django_assert_max_num_queries(17):
        client.get(url())


def test_counting_afresh_takes_a_fixed_number_of_queries(
    client_for, senior_manager, django_assert_max_num_queries
):
    staff = make_user(Role.STAFF)
    _grow(2, staff)
    client = client_for(senior_manager)
    url = reverse("dashboards:index")
    few = _fresh_count(client, url)
    _grow(9, staff)
    _grow(4, staff)
    many = _fresh_count(client, url)
    assert few == many, f"{few} queries with little data, {many} with more"
    # The period and the one before it (for the change beside each headline figure), and the
    # attention list's few counts: a fixed number, whatever the data (80 on PostgreSQL, which
    # also tunes each count's transaction: see ``services._tune_for_counting``).
    with django_assert_max_num_queries(80):
        Snapshot.objects.all().delete()
        client.get(url)


def test_csv_downloads_do_not_grow(client_for, senior_manager, django_assert_max_num_queries):
    staff = make_user(Role.STAFF)
    _grow(2, staff)
    client = client_for(senior_manager)
    url = reverse("dashboards:export", kwargs={"table": "turnout"})
    few = _count(client, url)
    _grow(6, staff)
    services.snapshot_refresh(period=presets(timezone.localdate())[2].period)
    assert _count(client, url) == few
    # +2 since issue 15: the download is audited (core.exports): the actor check and the insert.
    with django_assert_max_num_queries(14):
        client.get(url)
