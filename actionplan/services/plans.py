"""Plans and objectives."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.db import transaction
from django.db.models import Max

from actionplan.models import Objective, Plan
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User

PlanOrObjective = TypeVar("PlanOrObjective", Plan, Objective)


def _save_audited(
    obj: PlanOrObjective, *, actor: User, action: AuditAction, **values: object
) -> PlanOrObjective:
    """Set ``values``, check, save and record it: every plan and objective change."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj)
    return obj


@transaction.atomic
def plan_create(
    *, title: str, starts_on: date, ends_on: date, summary: str = "", actor: User
) -> Plan:
    return _save_audited(
        Plan(created_by=actor),
        actor=actor,
        action=AuditAction.ACTIONPLAN_PLAN_CREATE,
        title=title.strip(),
        summary=summary.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )


@transaction.atomic
def plan_update(
    *, plan: Plan, title: str, starts_on: date, ends_on: date, summary: str = "", actor: User
) -> Plan:
    return _save_audited(
        plan,
        actor=actor,
        action=AuditAction.ACTIONPLAN_PLAN_UPDATE,
        title=title.strip(),
        summary=summary.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )


@transaction.atomic
def objective_create(
    *,
    plan: Plan,
    title: str,
    term: str,
    description: str = "",
    recommendation: int | None = None,
    number: int | None = None,
    actor: User,
) -> Objective:
    """Add an objective; with no number it takes the next one in the plan."""
    if number is None:
        # Lock the plan so two people adding objectives at once get different numbers.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        number = (plan.objectives.aggregate(n=Max("number"))["n"] or 0) + 1
    return _save_audited(
        Objective(plan=plan, number=number),
        actor=actor,
        action=AuditAction.ACTIONPLAN_OBJECTIVE_CREATE,
        title=title.strip(),
        description=description.strip(),
        term=term,
        recommendation=recommendation,
    )


@transaction.atomic
def objective_update(
    *,
    objective: Objective,
    title: str,
    term: str,
    description: str = "",
    recommendation: int | None = None,
    actor: User,
) -> Objective:
    return _save_audited(
        objective,
        actor=actor,
        action=AuditAction.ACTIONPLAN_OBJECTIVE_UPDATE,
        title=title.strip(),
        description=description.strip(),
        term=term,
        recommendation=recommendation,
    )
