"""Query counts are pinned and do not grow with rows: board, action list, plan, my actions,
history and export. About 11 of each page's queries are the site's own (session, user,
roles, two-factor, the unread-messages count)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan import services
from actionplan.models import SourceKind
from actionplan.services import SourceInput
from tests.actionplan.factories import ObjectiveFactory, create_action

pytestmark = pytest.mark.django_db


def _grow(objective, staff, champion, n):
    made = []
    for i in range(n):
        action = create_action(
            by=staff,
            objective=objective,
            champion=champion,
            title=f"Action {objective.pk}-{i}-{len(made)}",
            is_public=True,
            sources=[
                SourceInput(kind=SourceKind.EVENT_SUGGESTION, summary=f"Said {i}"),
                SourceInput(kind=SourceKind.CONSULTATION_CODE, summary=f"Theme {i}", count=i),
            ],
        )
        services.update_post(action=action, actor=staff, note="One", progress=10)
        services.update_post(action=action, actor=champion, note="Two", progress=20)
        services.milestone_create(action=action, title="M", due_on=action.due_on, actor=staff)
        made.append(action)
    return made


def _count(client, url) -> int:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("who", "url", "pinned"),
    [
        ("member", "/action-plan/", 15),
        ("staff", "/action-plan/actions/", 16),
        ("staff", "/action-plan/plans/{plan}/", 16),
        ("representative", "/action-plan/mine/", 12),
        ("staff", "/action-plan/plans/", 13),
        # The export page: the file itself is a job (test_export_job.py pins its build).
        ("staff", "/action-plan/actions/export/csv/", 14),
    ],
)
def test_list_pages_do_not_grow_with_rows(
    client_for, role_users, django_assert_max_num_queries, who, url, pinned
):
    staff, rep = role_users["staff"], role_users["representative"]
    services.champion_name_set(user=rep, public_name="Sam")
    objective = ObjectiveFactory()
    url = url.format(plan=objective.plan_id)
    client = client_for(role_users[who])
    _grow(objective, staff, rep, 2)
    few = _count(client, url)
    _grow(objective, staff, rep, 18)
    _grow(ObjectiveFactory(plan=objective.plan), staff, rep, 5)
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
    with django_assert_max_num_queries(pinned):
        client.get(url)


def test_action_page_and_history_do_not_grow(client_for, staff, representative):
    objective = ObjectiveFactory()
    action = _grow(objective, staff, representative, 1)[0]
    client = client_for(staff)
    pages = [
        f"/action-plan/actions/{action.pk}/",
        f"/action-plan/actions/{action.pk}/history/",
        f"/action-plan/you-said-we-did/{action.pk}/",
    ]
    before = [_count(client, url) for url in pages]
    for i in range(15):
        services.update_post(action=action, actor=staff, note=f"More {i}", progress=i + 21)
        services.milestone_create(action=action, title=f"M{i}", due_on=action.due_on, actor=staff)
    assert [_count(client, url) for url in pages] == before
