"""A meeting's minutes and decisions: drafting, approving, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.confirm import confirm_page, is_confirmed
from core.http import acting_user, form_page, get_int_or_400, posted, run_service
from council import permissions, selectors, services
from council.action_links import action_create_url
from council.forms import meetings as meeting_forms
from council.models import AgendaItem
from council.views._common import ALL_ROLES, GET_POST, minutes_of, minutes_url, service_form_page
from users.permissions import role_required


@role_required(*ALL_ROLES)
@GET_POST
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="draft_minutes")
    minutes = minutes_of(meeting)
    if minutes is not None and not minutes.is_draft:
        messages.error(request, _("The chair has approved these minutes, so they cannot change."))
        return redirect("council:meeting-minutes", pk=meeting.pk)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
    form = meeting_forms.MinutesForm(
        posted(request), items=items, initial={"summary": minutes.summary if minutes else ""}
    )
    return form_page(
        request,
        form,
        lambda: services.minutes_save(
            actor=acting_user(request),
            meeting=meeting,
            summary=form.cleaned_data["summary"],
            notes=form.notes(),
        ),
        template="council/minutes_edit.html",
        context={"meeting": meeting},
        success=_("Draft minutes saved."),
        redirect_to=minutes_url(meeting.pk),
    )


@role_required(*ALL_ROLES)
@GET_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="draft_minutes")
    initial = {}
    item_id = get_int_or_400(request.GET, "item")
    if item_id is not None:
        initial["item"] = item_id
    form = meeting_forms.DecisionForm(posted(request), meeting=meeting, initial=initial)
    return service_form_page(
        request,
        form=form,
        call=lambda: services.decision_add(
            actor=acting_user(request), meeting=meeting, **form.cleaned_data
        ),
        success=_("Decision added to the draft minutes."),
        redirect_to=minutes_url(meeting.pk),
        title=_("Record a decision"),
        back_url=minutes_url(meeting.pk),
    )


@role_required(*ALL_ROLES)
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = permissions.get_decision_for_user(user=request.user, pk=pk)
    can_make = permissions.can_make_actions(request.user)
    return render(
        request,
        "council/decision_detail.html",
        {
            "decision": decision,
            "meeting": decision.meeting,
            "make_action_url": action_create_url(decision) if can_make else "",
            "actions": selectors.action_links_for_items(items=[], decisions=[decision]),
        },
    )


@role_required(*ALL_ROLES)
@require_http_methods(["GET", "POST"])
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET (or a POST without ``confirm``) asks first."""
    decision = permissions.get_decision_for_user(user=request.user, pk=pk, action="change")
    meeting_id = decision.meeting_id
    if not is_confirmed(request):
        return confirm_page(
            request,
            caption=str(decision.meeting),
            title=_("Remove this decision?"),
            consequence=_("The decision will be taken out of the draft minutes for good."),
            details=[(_("Decision"), decision.text)],
            yes_label=_("Yes, remove the decision"),
            back_url=minutes_url(meeting_id),
            destructive=True,
        )
    return run_service(
        request,
        lambda: services.decision_delete(actor=acting_user(request), decision=decision),
        success=_("Decision removed from the draft minutes."),
        redirect_to=minutes_url(meeting_id),
    )


@role_required(*ALL_ROLES)
@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="approve_minutes")
    return run_service(
        request,
        lambda: services.minutes_approve(actor=acting_user(request), meeting=meeting),
        success=_("Minutes approved. They can now be published."),
        already=_("These minutes were already approved."),
        redirect_to=minutes_url(meeting.pk),
    )


@role_required(*ALL_ROLES)
@require_POST
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="publish_minutes")
    return run_service(
        request,
        lambda: services.minutes_publish(actor=acting_user(request), meeting=meeting),
        success=_(
            "Minutes published. Members can read them, and everyone who raised an item "
            "has been told."
        ),
        already=_("These minutes were already published."),
        redirect_to=minutes_url(meeting.pk),
    )
