"""Every page that ``bench/pages.py`` times keeps a fixed number of queries.

``bench/pages.py`` times the dashboards and every list and report page at national scale;
this test pins, on small data, how many queries each of those pages makes, so that none of
them can start making a query per row. Each page is opened as the role the bench uses, on
the objects the permission matrix builds (``tests/<app>/access.py``), then those objects are
built a second time (twice the rows for the same people) and the page must not need more
queries than before.

The session middleware writes now and then (last seen, session refresh): those queries are
left out, as in the council app's own query tests.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

_NOISE = ("usersessions_usersession", "django_session", "SAVEPOINT", "RELEASE SAVEPOINT")

# The most queries each page may make on small data, measured; the session middleware's
# writes are left out (see ``_NOISE``), the user, roles, two-factor and unread-messages
# queries are in. Raise a pin only with a reason.
PINS: dict[str, int] = {
    # The snapshot, and the monthly figures for the trend charts (issue 18).
    "dashboards:index": 7,
    "dashboards:council": 9,
    "dashboards:board-pack": 7,
    "dashboards:export": 7,  # +2: the download is audited (core.exports, issue 15)
    "dashboards:caseload-list": 7,
    "core:home": 10,  # the to-do list: a fixed number of queries per app (issue 16)
    "core:inbox": 7,  # +2: messages that could not be e-mailed or texted (the warning)
    # One query per personal-data register entry, never per row (+4: drafts, jobs, calls).
    "users:my-data": 76,
    "core:audit-log": 7,
    "users:user-list": 8,
    "users:deletion-requests": 6,
    "council:council-list": 5,
    "council:council-detail": 12,
    "council:representative-list": 7,
    "council:election-list": 6,
    "council:election-detail": 9,
    "council:election-results": 8,  # +1: turnout, from the participation rows (issue 17)
    "council:election-ballots": 8,
    "council:election-receipts": 7,
    "council:election-log": 9,
    "council:vote": 9,
    "council:constituency-members": 8,
    "council:election-manage": 8,
    "council:my-nominations": 5,
    "council:meeting-list": 9,
    "council:meeting-detail": 11,
    "council:meeting-attendance": 7,
    "council:issue-inbox": 7,
    "council:issue-mine": 6,
    "consultations:list": 7,
    "consultations:my-answers": 9,
    "consultations:manage-list": 7,
    "consultations:manage-detail": 11,
    "consultations:responses": 12,
    "consultations:results": 12,
    "consultations:codebook-list": 7,
    "consultations:codebook-detail": 11,  # and its codes' shared themes, and their names
    "consultations:coding-overview": 11,
    "consultations:coding-queue": 15,  # coding pages are being reworked (counter tables)
    "consultations:coding-agreement": 10,
    "consultations:coding-review": 10,
    "consultations:coding-report": 18,
    "consultations:coding-report-question": 15,
    "consultations:steward-lookup": 5,
    "peersupport:occurrence-list": 6,
    "peersupport:occurrence-detail": 10,
    "peersupport:my-schedule": 7,
    "peersupport:certificate-list": 6,
    "peersupport:minutes-list": 6,
    "peersupport:staff-home": 9,
    "peersupport:mentor-list": 7,
    "peersupport:mentor-detail": 11,
    "peersupport:series-list": 7,
    "peersupport:series-detail": 9,
    "peersupport:rule-list": 6,
    "peersupport:shift-list": 10,
    "peersupport:shift-coverage": 14,
    "peersupport:unavailability-list": 5,
    "peersupport:mentoring": 6,
    "peersupport:my-requests": 6,
    "peersupport:claim-list": 6,
    "peersupport:expenses-staff": 11,
    "peersupport:matching-home": 9,
    "peersupport:concern-list": 10,
    "peersupport:do-not-match-list": 7,
    "actionplan:board": 8,
    "actionplan:board-detail": 8,
    "actionplan:plan-list": 6,
    "actionplan:plan-detail": 9,
    "actionplan:action-list": 9,
    "actionplan:my-actions": 6,
    "actionplan:action-detail": 9,
    "actionplan:action-history": 13,
    "actionplan:export-csv": 7,  # +1: the job already started for these filters, if any (issue 19)
}


def _bench_pages() -> list[tuple[str, str, str, str]]:
    """(label, role, url name, query string) of every page ``bench/pages.py`` times."""
    path = Path(__file__).resolve().parents[2] / "bench" / "pages.py"
    # As when it is run as a script: its directory on sys.path, for ``import _harness``.
    if str(path.parent) not in sys.path:
        sys.path.append(str(path.parent))
    spec = importlib.util.spec_from_file_location("bench_pages", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [(label, role, name, query) for label, role, name, _kwargs, query in module.PAGES]


PAGES = _bench_pages()


def _access_module(url_name: str):
    app = {"core": "core", "users": "core"}.get(url_name.split(":")[0], url_name.split(":")[0])
    return importlib.import_module(f"tests.{app}.access")


def _rule(module, url_name: str):
    return next(r for r in module.RULES if r.url_name == url_name and r.method == "GET")


def _own_queries(client, url: str, ceiling) -> tuple[int, list[str]]:
    """``ceiling`` is ``django_assert_max_num_queries(pin + 8)``: the page's own queries plus
    room for the session middleware's occasional writes, which are then left out."""
    client.get(url)  # the first request of a session also writes the session
    with ceiling, CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    own = [q["sql"] for q in ctx.captured_queries if not any(n in q["sql"] for n in _NOISE)]
    return len(own), own


def test_every_bench_page_is_pinned():
    missing = sorted({name for _l, _r, name, _q in PAGES} - set(PINS))
    assert not missing, f"pages that bench/pages.py times with no pin here: {missing}"


def _pages_by_app() -> dict[str, list[tuple[str, str, str, str]]]:
    apps: dict[str, list[tuple[str, str, str, str]]] = {}
    for page in PAGES:
        apps.setdefault(_access_module(page[2]).__name__.split(".")[1], []).append(page)
    return apps


PAGES_BY_APP = _pages_by_app()


@pytest.mark.parametrize("app", sorted(PAGES_BY_APP))
def test_each_page_makes_a_pinned_number_of_queries_whatever_the_rows(
    client, role_users, django_assert_max_num_queries, app
):
    """Every page of one app, on that app's matrix objects built once for them all (building
    them is most of the cost: a council's elections are voted, closed and counted), then
    built a second time for the second look at every page."""
    module = importlib.import_module(f"tests.{app}.access")
    objects = module.objects(role_users) if hasattr(module, "objects") else {}
    pages = []
    for label, role, url_name, query in PAGES_BY_APP[app]:
        rule = _rule(module, url_name)
        kwargs = rule.kwargs(objects) if rule.kwargs else {}
        url = reverse(url_name, kwargs=kwargs) + (f"?{query}" if query else "")
        pages.append((label, role, url_name, url))

    def look(role: str, url_name: str, url: str) -> tuple[int, list[str]]:
        client.force_login(role_users[role])
        return _own_queries(client, url, django_assert_max_num_queries(PINS[url_name] + 8))

    failures = []
    few: dict[str, int] = {}
    for label, role, url_name, url in pages:
        few[label], sql = look(role, url_name, url)
        if few[label] > PINS[url_name]:
            failures.append(
                f"{label}: {few[label]} queries, pinned at {PINS[url_name]}:\n"
                + "\n".join(s[:120] for s in sql)
            )
    # The same objects again: more rows on every list, for the same people.
    try:
        with transaction.atomic():
            module.objects(role_users)
    except Exception:  # noqa: BLE001
        # A matrix builder that can run only once (dashboards, peersupport: fixed names).
        # Those pages' growth is tested in tests/dashboards/test_queries.py and
        # tests/peersupport/test_views.py; the pins above still hold them.
        pages = []
    for label, role, url_name, url in pages:
        many, sql = look(role, url_name, url)
        if many > few[label]:
            failures.append(
                f"{label}: {few[label]} queries with little data, {many} with more:\n"
                + "\n".join(s[:120] for s in sql)
            )
    assert not failures, "\n\n".join(failures)


# --- What the national-scale fixes changed on the pages themselves ----------------------


def test_the_plan_page_shows_the_soonest_actions_of_a_big_objective_and_links_to_all(
    client_for, staff, representative, monkeypatch
):
    from actionplan.selectors import plans as selectors
    from tests.actionplan.factories import ObjectiveFactory, create_action

    monkeypatch.setattr(selectors, "PLAN_PAGE_ACTIONS", 2)
    objective = ObjectiveFactory()
    for i in range(3):
        create_action(by=staff, objective=objective, title=f"Action number {i}")
    page = client_for(staff).get(
        reverse("actionplan:plan-detail", kwargs={"pk": objective.plan_id})
    )
    text = page.content.decode()
    assert text.count("Action number") == 2
    assert "Showing the 2 actions due soonest of 3." in text
    assert f"{reverse('actionplan:action-list')}?plan={objective.plan_id}" in text


def test_a_mentor_is_booked_on_by_username_when_there_are_too_many_to_list(
    client_for, staff, monkeypatch
):
    from peersupport.models import SignUp
    from peersupport.sessions import forms
    from tests.peersupport.factories import active_mentor, past_occurrences

    mentor = active_mentor(staff)
    past = past_occurrences(staff, 1)[0]
    client = client_for(staff)
    detail = reverse("peersupport:occurrence-detail", kwargs={"pk": past.pk})
    assert '<select class="govuk-select" id="id_assign_user"' in client.get(detail).content.decode()
    monkeypatch.setattr(forms, "ASSIGN_LIST_LIMIT", 0)
    text = client.get(detail).content.decode()
    assert '<select class="govuk-select" id="id_assign_user"' not in text
    assert "Mentor&#x27;s username" in text or "Mentor's username" in text
    assign = reverse("peersupport:signup-assign", kwargs={"pk": past.pk})
    response = client.post(assign, {"user": "nobody-like-that"}, follow=True)
    assert "Choose a mentor from the list." in response.content.decode()
    assert not SignUp.objects.filter(occurrence=past).exists()
    client.post(assign, {"user": mentor.username})
    assert SignUp.objects.filter(occurrence=past, user=mentor).exists()


def test_my_actions_pages_by_fifty_without_counting_them_all(client_for, staff):
    from actionplan.views.mine import MY_ACTIONS_PAGE
    from tests.actionplan.factories import ObjectiveFactory, create_action

    objective = ObjectiveFactory()
    for i in range(MY_ACTIONS_PAGE + 1):
        create_action(by=staff, objective=objective, owner=staff, title=f"Mine {i:03d}")
    client = client_for(staff)
    first = client.get(reverse("actionplan:my-actions")).content.decode()
    assert first.count("Mine ") == MY_ACTIONS_PAGE and 'rel="next"' in first
    second = client.get(reverse("actionplan:my-actions") + "?page=2").content.decode()
    assert second.count("Mine ") == 1 and 'rel="prev"' in second
    assert client.get(reverse("actionplan:my-actions") + "?page=x").status_code == 200
