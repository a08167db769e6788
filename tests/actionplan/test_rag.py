"""RAG at its boundaries: the Python rule and the database rule always agree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from actionplan.models import Action, Status
from actionplan.rag import Rag, rag_for
from actionplan.selectors import with_rag
from tests.actionplan.factories import ActionFactory

TODAY = date(2026, 6, 15)

CASES = [
    # status, due in days, progress, expected, why
    (Status.DROPPED, -10, 0, Rag.NONE, "dropped is not rated, even when overdue"),
    (Status.DONE, -10, 100, Rag.GREEN, "done is green even past its date"),
    (Status.BLOCKED, 100, 90, Rag.RED, "blocked is red however far off"),
    (Status.IN_PROGRESS, -1, 90, Rag.RED, "due yesterday: overdue"),
    (Status.NOT_STARTED, -1, 0, Rag.RED, "due yesterday, not started: overdue"),
    (Status.IN_PROGRESS, 0, 0, Rag.AMBER, "due today is not overdue, but under 75%"),
    (Status.IN_PROGRESS, 0, 75, Rag.GREEN, "due today at 75%"),
    (Status.IN_PROGRESS, 14, 74, Rag.AMBER, "day 14 at 74%: amber"),
    (Status.IN_PROGRESS, 14, 75, Rag.GREEN, "day 14 at 75%: green"),
    (Status.NOT_STARTED, 15, 0, Rag.GREEN, "day 15 is outside the amber window"),
    (Status.NOT_STARTED, 1, 0, Rag.AMBER, "tomorrow, not started"),
]


@pytest.mark.parametrize(("status", "due", "progress", "expected", "why"), CASES)
def test_rag_rule_in_python(status, due, progress, expected, why):
    assert (
        rag_for(status=status, due_on=TODAY + timedelta(days=due), progress=progress, today=TODAY)
        == expected
    ), why


@pytest.mark.django_db
def test_rag_rule_in_the_database_matches_python():
    made = []
    for status, due, progress, expected, _why in CASES:
        action = ActionFactory(
            status=status,
            due_on=TODAY + timedelta(days=due),
            progress=progress,
            status_reason="a reason" if status in (Status.BLOCKED, Status.DROPPED) else "",
        )
        made.append((action.pk, expected))
    annotated = dict(with_rag(Action.objects.all(), TODAY).values_list("pk", "rag_value"))
    for pk, expected in made:
        assert annotated[pk] == expected
        assert Action.objects.get(pk=pk).rag(TODAY) == expected


@pytest.mark.django_db
def test_rag_rule_is_written_on_the_pages(client_for, staff, member):
    action = ActionFactory(is_public=True)
    for user, url in [
        (staff, f"/action-plan/plans/{action.objective.plan_id}/"),
        (staff, "/action-plan/actions/"),
        (member, "/action-plan/"),
        (member, f"/action-plan/you-said-we-did/{action.pk}/"),
    ]:
        page = client_for(user).get(url).content.decode()
        assert "How red, amber and green are worked out" in page, url
        assert "due within 14 days" in page and "less than 75% done" in page, url
        assert "An action due today is not yet overdue." in page, url
