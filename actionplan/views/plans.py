"""Plans and their objectives (staff and senior managers)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actionplan import forms, permissions, selectors, services
from actionplan.models import Action
from actionplan.permissions import MANAGER_ROLES
from actionplan.views._common import GET_POST, RAG_RULE, plan_url
from core.http import acting_user, form_page
from users.permissions import role_required


@role_required(*MANAGER_ROLES)
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.plans_with_counts()[:100])
    return render(request, "actionplan/plan_list.html", {"plans": plans})


@role_required(*MANAGER_ROLES)
@GET_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    form = forms.PlanForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.plan_create(actor=acting_user(request), **form.cleaned_data),
        success=_("Plan created. Now add its objectives."),
        redirect_to=lambda plan: plan_url(plan.pk),
        template="actionplan/plan_form.html",
        context={"plan": None},
    )


@role_required(*MANAGER_ROLES)
@GET_POST
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_manager(user=acting_user(request), pk=pk)
    initial = {f: getattr(plan, f) for f in ("title", "summary", "starts_on", "ends_on")}
    form = forms.PlanForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.plan_update(plan=plan, actor=acting_user(request), **form.cleaned_data),
        success=_("Plan saved."),
        redirect_to=plan_url(plan.pk),
        template="actionplan/plan_form.html",
        context={"plan": plan},
    )


@role_required(*MANAGER_ROLES)
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_manager(user=acting_user(request), pk=pk)
    objectives = selectors.plan_objectives(plan=plan)
    counts = selectors.rag_counts(Action.objects.filter(objective__plan=plan))
    return render(
        request,
        "actionplan/plan_detail.html",
        {"plan": plan, "objectives": objectives, "rag_counts": counts, "rag_rule": RAG_RULE},
    )


@role_required(*MANAGER_ROLES)
@GET_POST
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_manager(user=acting_user(request), pk=pk)
    form = forms.ObjectiveForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.objective_create(
            plan=plan, actor=acting_user(request), **form.cleaned_data
        ),
        success=_("Objective added."),
        redirect_to=plan_url(plan.pk),
        template="actionplan/objective_form.html",
        context={"plan": plan, "objective": None},
    )


@role_required(*MANAGER_ROLES)
@GET_POST
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = permissions.get_objective_for_manager(user=acting_user(request), pk=pk)
    initial = {f: getattr(objective, f) for f in ("title", "description", "term", "recommendation")}
    form = forms.ObjectiveForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.objective_update(
            objective=objective, actor=acting_user(request), **form.cleaned_data
        ),
        success=_("Objective saved."),
        redirect_to=plan_url(objective.plan_id),
        template="actionplan/objective_form.html",
        context={"plan": objective.plan, "objective": objective},
    )
