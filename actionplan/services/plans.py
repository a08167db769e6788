"""Plans and objectives."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max

from actionplan.models import Objective, Plan
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User


@transaction.atomic
def plan_create(
    *, title: str, starts_on: date, ends_on: date, summary: str = "", actor: User
) -> Plan:
    plan = Plan(
        title=title.strip(),
        summary=summary.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action=AuditAction.ACTIONPLAN_PLAN_CREATE, obj=plan)
    return plan


@transaction.atomic
def plan_update(
    *, plan: Plan, title: str, starts_on: date, ends_on: date, summary: str = "", actor: User
) -> Plan:
    plan.title = title.strip()
    plan.summary = summary.strip()
    plan.starts_on = starts_on
    plan.ends_on = ends_on
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action=AuditAction.ACTIONPLAN_PLAN_UPDATE, obj=plan)
    return plan


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
    objective = Objective(
        plan=plan,
        number=number,
        title=title.strip(),
        description=description.strip(),
        term=term,
        recommendation=recommendation,
    )
    objective.full_clean()
    objective.save()
    audit_record(actor=actor, action=AuditAction.ACTIONPLAN_OBJECTIVE_CREATE, obj=objective)
    return objective


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
    objective.title = title.strip()
    objective.description = description.strip()
    objective.term = term
    objective.recommendation = recommendation
    objective.full_clean()
    objective.save()
    audit_record(actor=actor, action=AuditAction.ACTIONPLAN_OBJECTIVE_UPDATE, obj=objective)
    return objective
