"""Actions out to a spreadsheet (a background job), and actions or updates in from a CSV."""

from __future__ import annotations

from typing import cast

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actionplan import forms, permissions, selectors, services
from actionplan import jobs as action_jobs
from actionplan.permissions import MANAGER_ROLES
from actionplan.services.imports import MAX_IMPORT_BYTES
from actionplan.views._common import GET_POST, action_filters
from core.http import acting_user
from users.permissions import role_required


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
    form = forms.ActionFilterForm(request.GET or None)
    filters = action_filters(request, form)
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
@GET_POST
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@role_required(*MANAGER_ROLES)
@GET_POST
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
