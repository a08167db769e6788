"""How an action is getting on: updates with their evidence, and milestones."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actionplan import forms, permissions, services
from actionplan.permissions import CHAMPION_ROLES, MANAGER_ROLES
from actionplan.views._common import GET_POST, action_url
from core.http import acting_user, form_page
from users.permissions import role_required


@role_required(*MANAGER_ROLES, *CHAMPION_ROLES)
@GET_POST
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_user(user=acting_user(request), pk=pk)
    form = forms.UpdateForm(request.POST or None, request.FILES or None, action=action)
    return form_page(
        request,
        form,
        lambda: services.update_post(
            action=action, actor=acting_user(request), **form.cleaned_data
        ),
        success=_("Update posted."),
        redirect_to=action_url(action.pk),
        template="actionplan/actionupdate_form.html",
        context={"action": action},
    )


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
    return form_page(
        request,
        form,
        lambda: services.milestone_create(
            action=action, actor=acting_user(request), **form.cleaned_data
        ),
        success=_("Milestone added."),
        redirect_to=action_url(action.pk),
        template="actionplan/milestone_form.html",
        context={"action": action, "milestone": None},
    )


@role_required(*MANAGER_ROLES)
@GET_POST
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = permissions.get_milestone_for_manager(user=acting_user(request), pk=pk)
    initial = {"title": milestone.title, "due_on": milestone.due_on, "done_on": milestone.done_on}
    form = forms.MilestoneForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.milestone_update(
            milestone=milestone, actor=acting_user(request), **form.cleaned_data
        ),
        success=_("Milestone saved."),
        redirect_to=action_url(milestone.action_id),
        template="actionplan/milestone_form.html",
        context={"action": milestone.action, "milestone": milestone},
    )
