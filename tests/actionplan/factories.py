"""Factories for action-plan tests. Actions made through the service get history and audit."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from actionplan import services
from actionplan.models import Action, ActionSource, Objective, Plan, SourceKind, Status, Theme
from tests.factories import make_user
from users.roles import Role


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Plan {n}")
    starts_on = date(2026, 4, 1)
    ends_on = date(2028, 3, 31)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Objective {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    """A plain row (history is still kept by simple_history's signals)."""

    class Meta:
        model = Action

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    description = "Do the thing people asked for."
    owner = factory.LazyFunction(lambda: make_user(Role.STAFF))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    status = Status.NOT_STARTED
    theme = Theme.OTHER


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionSource

    action = factory.SubFactory(ActionFactory)
    kind = SourceKind.EVENT_SUGGESTION
    summary = factory.Sequence(lambda n: f"People asked for thing {n}")


def create_action(*, by, owner=None, objective=None, **kwargs) -> Action:
    """An action made the way the pages make it (service: validation, history, audit)."""
    values = {
        "title": "Housing information pack",
        "description": "Write it with members.",
        "due_on": timezone.localdate() + timedelta(days=60),
        "theme": Theme.HOUSING,
    }
    values.update(kwargs)
    return services.action_create(
        objective=objective or ObjectiveFactory(),
        owner=owner or by,
        actor=by,
        **values,
    )
