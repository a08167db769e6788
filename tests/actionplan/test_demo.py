"""The demo plan: objectives from the report's four recommendations, realistic actions."""

from __future__ import annotations

import pytest
from django.utils import timezone

from actionplan import demo
from actionplan.models import Action, ActionUpdate, Plan, Status
from actionplan.rag import Rag
from users import demo as user_demo

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_realistic():
    users = user_demo.seed()
    demo.seed(users)
    counts = (Plan.objects.count(), Action.objects.count(), ActionUpdate.objects.count())
    demo.seed(users)
    assert (Plan.objects.count(), Action.objects.count(), ActionUpdate.objects.count()) == counts
    plan = Plan.objects.get(title=demo.PLAN_TITLE)
    assert sorted(plan.objectives.values_list("recommendation", flat=True)) == [1, 2, 3, 4]
    actions = list(Action.objects.all())
    today = timezone.localdate()
    assert any(a.is_public for a in actions) and any(not a.is_public for a in actions)
    assert any(a.status == Status.DONE for a in actions)
    assert any(a.is_overdue for a in actions)
    assert {a.rag(today) for a in actions} >= {Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NONE}
    assert any(a.champion == users["representative"] for a in actions)
    assert all(a.sources.exists() for a in actions)
    assert ActionUpdate.objects.filter(author=users["representative"]).exists()


def test_demo_board_renders(client):
    users = user_demo.seed()
    demo.seed(users)
    client.force_login(users["member"])
    page = client.get("/action-plan/").content.decode()
    assert "Publish the &#x27;You said, we did&#x27; board" in page
    assert "with Sam, a user champion" in page
