"""Action-plan pages. Thin: check the form, get the object, call the service, show the result."""

from __future__ import annotations

from typing import cast

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplan import forms, permissions, selectors, services
from actionplan import jobs as action_jobs
from actionplan import sources as source_registry
from actionplan.models import Action, SourceKind, Status
from actionplan.permissions import CHAMPION_ROLES, MANAGER_ROLES
from actionplan.rag import AMBER_PROGRESS_BELOW, AMBER_WINDOW_DAYS
from actionplan.services.imports import MAX_IMPORT_BYTES
from core.http import (
    MAX_PAGE,
    acting_user,
    flash_error,
    flash_form_errors,
    get_int_or_400,
    int_param,
    paginate,
    run_service,
)
from users.permissions import role_required

GET_POST = require_http_methods(["GET", "POST"])
RAG_RULE = {"amber_days": AMBER_WINDOW_DAYS, "amber_below": AMBER_PROGRESS_BELOW}


MY_ACTIONS_PAGE = 50


def _plan_url(pk: int) -> str:
    return reverse("actionplan:plan-detail", kwargs={"pk": pk})


def _action_url(pk: int) -> str:
    return reverse("actionplan:action-detail", kwargs={"pk": pk})


# --- "You said, we did" -------------------------------------------------------------------


# Public on purpose: the report's people asked to see that involvement is not tokenistic,
# and the board holds nothing that identifies anyone (only public actions, no names).
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    form = forms.BoardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.board_actions(**filters), 20)
    items = [selectors.board_item(action) for action in page.object_list]
    return render(
        request,
        "actionplan/action_board.html",
        {
            "form": form,
            "page": page,
            "items": items,
            "summary": selectors.board_summary(),
            "filtered": bool(filters.get("theme") or filters.get("status")),
            "rag_rule": RAG_RULE,
        },
    )


@require_GET
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_public_action(pk=pk)
    return render(
        request,
        "actionplan/action_board_detail.html",
        {
            "item": selectors.board_item(action),
            "updates": selectors.board_updates(action=action),
            "milestones": selectors.board_milestones(action=action),
            "rag_rule": RAG_RULE,
        },
    )


# --- Champions and owners -----------------------------------------------------------------


@role_required(*CHAMPION_ROLES, *MANAGER_ROLES)
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    # 50 a page, with "next" worked out by reading one more row (no COUNT over every action).
    try:
        number = int_param(request.GET.get("page"), max_value=MAX_PAGE) or 1
    except ValueError:
        number = 1
    start = (number - 1) * MY_ACTIONS_PAGE
    rows = list(
        selectors.my_actions(user=acting_user(request))[start : start + MY_ACTIONS_PAGE + 1]
    )
    return render(
        request,
        "actionplan/action_mine.html",
        {
            "actions": rows[:MY_ACTIONS_PAGE],
            "page_number": number,
            "has_next": len(rows) > MY_ACTIONS_PAGE,
            "is_champion": permissions.is_champion_role(acting_user(request)),
            "rag_rule": RAG_RULE,
        },
    )


@role_required(*CHAMPION_ROLES)
@GET_POST
def champion_name(request: HttpRequest) -> HttpResponse:
    profile = getattr(request.user, "actionplan_champion_profile", None)
    form = forms.ChampionNameForm(
        request.POST or None, initial={"public_name": profile.public_name if profile else ""}
    )
    if request.method == "POST" and form.is_valid():
        services.champion_name_set(user=acting_user(request), **form.cleaned_data)
        if form.cleaned_data["public_name"].strip():
            messages.success(request, _("The board will show your name as you typed it."))
        else:
            messages.success(request, _("The board will not show your name."))
        return redirect("actionplan:my-actions")
    return render(request, "actionplan/championprofile_form.html", {"form": form})


# --- Plans and objectives -----------------------------------------------------------------


@role_required(*MANAGER_ROLES)
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.plans_with_counts()[:100])
    return render(request, "actionplan/plan_list.html", {"plans": plans})


@role_required(*MANAGER_ROLES)
@GET_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.plan_create(actor=acting_user(request), **form.cleaned_data),
            success=_("Plan created. Now add its objectives."),
            redirect_to=lambda plan: _plan_url(plan.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(request, "actionplan/plan_form.html", {"form": form, "plan": None})


@role_required(*MANAGER_ROLES)
@GET_POST
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_manager(user=acting_user(request), pk=pk)
    initial = {f: getattr(plan, f) for f in ("title", "summary", "starts_on", "ends_on")}
    form = forms.PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.plan_update(
                plan=plan, actor=acting_user(request), **form.cleaned_data
            ),
            success=_("Plan saved."),
            redirect_to=_plan_url(plan.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(request, "actionplan/plan_form.html", {"form": form, "plan": plan})


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
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.objective_create(
                plan=plan, actor=acting_user(request), **form.cleaned_data
            ),
            success=_("Objective added."),
            redirect_to=_plan_url(plan.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request, "actionplan/objective_form.html", {"form": form, "plan": plan, "objective": None}
    )


@role_required(*MANAGER_ROLES)
@GET_POST
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = permissions.get_objective_for_manager(user=acting_user(request), pk=pk)
    initial = {f: getattr(objective, f) for f in ("title", "description", "term", "recommendation")}
    form = forms.ObjectiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.objective_update(
                objective=objective, actor=acting_user(request), **form.cleaned_data
            ),
            success=_("Objective saved."),
            redirect_to=_plan_url(objective.plan_id),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "actionplan/objective_form.html",
        {"form": form, "plan": objective.plan, "objective": objective},
    )


# --- Actions ------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[forms.ActionFilterForm, dict]:
    form = forms.ActionFilterForm(request.GET or None)
    if not form.is_valid():
        return form, {}
    data = form.cleaned_data
    return form, {
        "plan": data.get("plan"),
        "status": data.get("status") or "",
        "rag": data.get("rag") or "",
        "theme": data.get("theme") or "",
        "public": data.get("public") or "",
        "owner": request.user if data.get("mine") else None,
        "search": (data.get("q") or "").strip(),
    }


@role_required(*MANAGER_ROLES)
@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = paginate(request, selectors.actions_filtered(**filters), 50)
    return render(
        request,
        "actionplan/action_list.html",
        {
            "form": form,
            "page": page,
            "bulk_form": forms.BulkStatusForm(),
            "statuses": Status.choices,
            "query": request.GET.urlencode(),
            "rag_rule": RAG_RULE,
            "max_bulk": services.MAX_BULK,
        },
    )


def _describe(found: tuple[str, source_registry.ResolvedSource]) -> dict:
    kind, source = found
    return {
        "kind": SourceKind(kind).label,
        "summary": source.summary,
        "raisers": len(source.raised_by),
    }


def _resolved_quietly(ref: str, user) -> dict | None:
    try:
        found = source_registry.resolve(ref=ref, user=user) if ref else None
    except (source_registry.SourceRefError, source_registry.SourceNotFound):
        return None
    return _describe(found) if found else None


_PUBLIC_BY_DEFAULT = (SourceKind.COUNCIL_DECISION, SourceKind.CONSULTATION_CODE)


def _source_initial(request: HttpRequest) -> tuple[dict, dict | None]:
    """Read ``?source_kind=…&source_ref=app_label.model:pk`` from another app's button."""
    initial: dict = {}
    resolved = None
    kind = request.GET.get("source_kind", "")
    if kind:
        if kind in SourceKind.values:
            initial["source_kind"] = kind
        else:
            messages.error(
                request, _("We did not recognise where this came from. Choose it below.")
            )
    ref = request.GET.get("source_ref", "")
    if ref:
        try:
            found = source_registry.resolve(ref=ref, user=acting_user(request))
        except source_registry.SourceRefError as exc:
            messages.error(request, str(exc))
        except source_registry.SourceNotFound:
            messages.error(
                request,
                _(
                    "We could not find what this action is made from. It may have been removed, "
                    "or you may not be allowed to see it."
                ),
            )
        else:
            initial["source_ref"] = ref
            if found is not None:
                found_kind, source = found
                initial.update(
                    source_kind=found_kind,
                    source_summary=source.summary,
                    source_count=source.count,
                    source_link=source.link,
                )
                resolved = _describe(found)
    if initial.get("source_kind") in _PUBLIC_BY_DEFAULT:
        # Members were told about a decision or answered a consultation: what became of it
        # belongs on "You said, we did" unless staff choose otherwise.
        initial["is_public"] = True
    objective = get_int_or_400(request.GET, "objective")
    if objective is not None:
        initial["objective"] = objective
    return initial, resolved


def _source_from(cleaned: dict) -> list[services.SourceInput]:
    if not (cleaned.get("source_kind") or cleaned.get("source_ref")):
        return []
    return [
        services.SourceInput(
            kind=cleaned.get("source_kind") or "",
            summary=cleaned.get("source_summary") or "",
            count=cleaned.get("source_count"),
            link=cleaned.get("source_link") or "",
            ref=cleaned.get("source_ref") or "",
        )
    ]


_SOURCE_FIELDS = ("source_kind", "source_summary", "source_count", "source_link", "source_ref")


@role_required(*MANAGER_ROLES)
@GET_POST
def action_create(request: HttpRequest) -> HttpResponse:
    resolved = None
    if request.method == "POST":
        form = forms.ActionForm(request.POST)
        resolved = _resolved_quietly(request.POST.get("source_ref", ""), request.user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in _SOURCE_FIELDS}
            done = run_service(
                request,
                lambda: services.action_create(
                    actor=acting_user(request), sources=_source_from(form.cleaned_data), **data
                ),
                success=_("Action created."),
                redirect_to=lambda action: _action_url(action.pk),
                form=form,
            )
            if done is not None:
                return done
    else:
        initial, resolved = _source_initial(request)
        if acting_user(request).has_role(*permissions.OWNER_ROLES):
            initial.setdefault("owner", request.user.pk)
        form = forms.ActionForm(initial=initial)
    return render(
        request, "actionplan/action_form.html", {"form": form, "action": None, "resolved": resolved}
    )


@role_required(*MANAGER_ROLES, *CHAMPION_ROLES)
@require_GET
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_user(user=acting_user(request), pk=pk)
    return render(
        request,
        "actionplan/action_detail.html",
        {
            "action": action,
            "is_manager": permissions.is_manager(acting_user(request)),
            "rag": action.rag(),
            "rag_rule": RAG_RULE,
        },
    )


@role_required(*MANAGER_ROLES)
@GET_POST
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_manager(user=acting_user(request), pk=pk)
    names = (
        "objective",
        "title",
        "description",
        "owner",
        "champion",
        "due_on",
        "status",
        "status_reason",
        "progress",
        "theme",
        "is_public",
    )
    initial = {n: getattr(action, n) for n in names}
    form = forms.ActionForm(request.POST or None, initial=initial, with_source=False)
    form.keeps_reason_for = action.status if action.status_reason else None
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.action_update(
                action=action, actor=acting_user(request), **form.cleaned_data
            ),
            success=_("Action saved."),
            redirect_to=_action_url(action.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request, "actionplan/action_form.html", {"form": form, "action": action, "resolved": None}
    )


@role_required(*MANAGER_ROLES, *CHAMPION_ROLES)
@require_GET
def action_history(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_user(user=acting_user(request), pk=pk)
    return render(
        request,
        "actionplan/action_history.html",
        {"action": action, "entries": selectors.action_history(action=action)},
    )


@role_required(*MANAGER_ROLES, *CHAMPION_ROLES)
@GET_POST
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_user(user=acting_user(request), pk=pk)
    form = forms.UpdateForm(request.POST or None, request.FILES or None, action=action)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.update_post(
                action=action, actor=acting_user(request), **form.cleaned_data
            ),
            success=_("Update posted."),
            redirect_to=_action_url(action.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(request, "actionplan/actionupdate_form.html", {"form": form, "action": action})


@role_required(*MANAGER_ROLES, *CHAMPION_ROLES)
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    update = permissions.get_update_for_user(user=acting_user(request), pk=pk)
    if not update.evidence_file:
        raise Http404
    try:
        handle = update.evidence_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=update.evidence_name or "evidence",
        content_type=update.evidence_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(*MANAGER_ROLES)
@GET_POST
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_manager(user=acting_user(request), pk=pk)
    form = forms.MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.milestone_create(
                action=action, actor=acting_user(request), **form.cleaned_data
            ),
            success=_("Milestone added."),
            redirect_to=_action_url(action.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "actionplan/milestone_form.html",
        {"form": form, "action": action, "milestone": None},
    )


@role_required(*MANAGER_ROLES)
@GET_POST
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = permissions.get_milestone_for_manager(user=acting_user(request), pk=pk)
    initial = {"title": milestone.title, "due_on": milestone.due_on, "done_on": milestone.done_on}
    form = forms.MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.milestone_update(
                milestone=milestone, actor=acting_user(request), **form.cleaned_data
            ),
            success=_("Milestone saved."),
            redirect_to=_action_url(milestone.action_id),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "actionplan/milestone_form.html",
        {"form": form, "action": milestone.action, "milestone": milestone},
    )


@role_required(*MANAGER_ROLES)
@GET_POST
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_manager(user=acting_user(request), pk=pk)
    form = forms.SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.source_add(
                action=action, source=_source_from(form.cleaned_data)[0], actor=acting_user(request)
            ),
            success=_("Source added."),
            redirect_to=_action_url(action.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(request, "actionplan/actionsource_form.html", {"form": form, "action": action})


def _back_to_list(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    # A path on this site only; redirect() would try any other text as a view name (a 500).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("actionplan:action-list")


@role_required(*MANAGER_ROLES)
@require_POST
def bulk_status(request: HttpRequest) -> HttpResponse:
    form = forms.BulkStatusForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        messages.error(request, _("No action was changed."))
        return _back_to_list(request)
    try:
        changed = services.actions_bulk_set_status(
            action_ids=form.cleaned_data["action_ids"],
            status=form.cleaned_data["status"],
            reason=form.cleaned_data.get("status_reason") or "",
            actor=acting_user(request),
        )
    except ValidationError as exc:
        flash_error(request, exc)
        messages.error(request, _("No action was changed."))
    else:
        messages.success(
            request,
            _("%(n)d actions changed to '%(status)s'.")
            % {"n": changed, "status": Status(form.cleaned_data["status"]).label},
        )
    return _back_to_list(request)


# --- Export and import --------------------------------------------------------------------


def _chosen_filters(form: forms.ActionFilterForm) -> list[tuple[str, str]]:
    """The filters in use, as (label, value) in words, for the export page."""
    if not form.is_valid():
        return []
    chosen = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if not value:
            continue
        if name == "plan":
            shown = str(value)
        elif isinstance(field, django_forms.ChoiceField):
            # The filter form's choices are fixed lists of (value, label).
            labels = dict(cast("list[tuple[str, str]]", field.choices))
            shown = str(labels.get(value, value))
        elif name == "mine":
            shown = _("Yes")
        else:
            shown = str(value)
        chosen.append((str(field.label), shown))
    return chosen


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The export page: what the file will hold and a button (GET), then the file is built by a
    background job (POST) and downloaded from its progress page. A second press, or coming back
    while it runs, follows the same job."""
    form, filters = _filters(request)
    plain = action_jobs.filters_from(form.cleaned_data if form.is_valid() else {})
    user = acting_user(request)
    running = action_jobs.underway(user=user, fmt=fmt, filters=plain)
    if running is not None:
        return redirect(running.get_absolute_url())
    if request.method == "POST":
        job = action_jobs.start(user=user, fmt=fmt, filters=plain)
        return redirect(job.get_absolute_url())
    return render(
        request,
        "actionplan/export_start.html",
        {
            "chosen": _chosen_filters(form),
            "fmt": fmt,
            "format_name": action_jobs.FORMATS[fmt],
            "count": selectors.actions_filtered(**filters).count(),
            "query": action_jobs.query_of(plain),
        },
    )


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@role_required(*MANAGER_ROLES)
@require_http_methods(["GET", "POST"])
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@role_required(*MANAGER_ROLES)
@GET_POST
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_manager(user=acting_user(request), pk=pk)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        # The form has checked the size; never read more than the limit whatever happens.
        data = form.cleaned_data["file"].read(MAX_IMPORT_BYTES + 1)
        run = (
            services.actions_import
            if form.cleaned_data["kind"] == "actions"
            else services.updates_import
        )
        result = run(plan=plan, data=data, actor=acting_user(request))
        if result.ok:
            messages.success(
                request, _("Imported %(n)d rows. Nothing else was changed.") % {"n": result.created}
            )
            return redirect("actionplan:plan-detail", pk=plan.pk)
    return render(
        request,
        "actionplan/plan_import.html",
        {"form": form, "plan": plan, "result": result},
    )


@role_required(*MANAGER_ROLES)
@require_GET
def import_template(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    permissions.get_plan_for_manager(user=acting_user(request), pk=pk)
    if kind not in ("actions", "updates"):
        raise Http404
    response = HttpResponse(services.template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response
