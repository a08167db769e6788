"""Red, amber, green: one rule, written once for Python and once for the database.

The rule (shown to people on the action pages, see ``templates/actionplan/_rag_rule.html``):

1. A dropped action is not rated.
2. A done action is green.
3. A blocked action is red.
4. An action past its due date is red (due today is not yet overdue).
5. An action due within 14 days (today included) that is less than 75 % done is amber.
6. Everything else is green.

``rag_for`` rates one action in Python; ``rag_expression`` is the same rule as a SQL
``CASE`` so lists can be filtered and dashboards can count by RAG in the database.
``tests/actionplan/test_rag.py`` checks both give the same answer at every boundary.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

AMBER_WINDOW_DAYS = 14
AMBER_PROGRESS_BELOW = 75


class Rag(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")
    NONE = "none", _("Not rated")


# Status values, repeated here so this module does not import the models (they import it).
_DONE, _BLOCKED, _DROPPED = "done", "blocked", "dropped"


def rag_for(*, status: str, due_on: date, progress: int, today: date) -> Rag:
    if status == _DROPPED:
        return Rag.NONE
    if status == _DONE:
        return Rag.GREEN
    if status == _BLOCKED:
        return Rag.RED
    if due_on < today:
        return Rag.RED
    if due_on <= today + timedelta(days=AMBER_WINDOW_DAYS) and progress < AMBER_PROGRESS_BELOW:
        return Rag.AMBER
    return Rag.GREEN


def rag_expression(today: date) -> Case:
    """The rule as a database expression (annotate an Action queryset with it)."""
    return Case(
        When(status=_DROPPED, then=Value(Rag.NONE.value)),
        When(status=_DONE, then=Value(Rag.GREEN.value)),
        When(status=_BLOCKED, then=Value(Rag.RED.value)),
        When(due_on__lt=today, then=Value(Rag.RED.value)),
        When(
            Q(due_on__lte=today + timedelta(days=AMBER_WINDOW_DAYS))
            & Q(progress__lt=AMBER_PROGRESS_BELOW),
            then=Value(Rag.AMBER.value),
        ),
        default=Value(Rag.GREEN.value),
        output_field=models.CharField(max_length=5),
    )
