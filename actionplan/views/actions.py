"""Actions (staff and senior managers; champions see their own): the list and its bulk status
change, making one (from another app's "make this an action" button too), changing it, its
history, and what it answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from actionplan import forms, permissions, selectors, services
from actionplan import sources as source_registry
from actionplan.models import SourceKind, Status
from actionplan.permissions import CHAMPION_ROLES, MANAGER_ROLES
from actionplan.views._common import GET_POST, RAG_RULE, action_filters, action_url
from core.http import (
    acting_user,
    flash_error,
    flash_form_errors,
    form_page,
    get_int_or_400,
    paginate,
    run_service,
)
from users.permissions import role_required


@role_required(*MANAGER_ROLES)
@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    form = forms.ActionFilterForm(request.GET or None)
    page = paginate(request, selectors.actions_filtered(**action_filters(request, form)), 50)
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
                redirect_to=lambda action: action_url(action.pk),
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
    # The form's own fields, without where the action came from (not changed here).
    names = [n for n in forms.ActionForm.base_fields if n not in _SOURCE_FIELDS]
    initial = {n: getattr(action, n) for n in names}
    form = forms.ActionForm(request.POST or None, initial=initial, with_source=False)
    form.keeps_reason_for = action.status if action.status_reason else None
    return form_page(
        request,
        form,
        lambda: services.action_update(
            action=action, actor=acting_user(request), **form.cleaned_data
        ),
        success=_("Action saved."),
        redirect_to=action_url(action.pk),
        template="actionplan/action_form.html",
        context={"action": action, "resolved": None},
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


@role_required(*MANAGER_ROLES)
@GET_POST
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_manager(user=acting_user(request), pk=pk)
    form = forms.SourceForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.source_add(
            action=action, source=_source_from(form.cleaned_data)[0], actor=acting_user(request)
        ),
        success=_("Source added."),
        redirect_to=action_url(action.pk),
        template="actionplan/actionsource_form.html",
        context={"action": action},
    )


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
