"""A meeting's agenda: adding, changing and ordering items, and senior managers' responses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import acting_user, form_page, posted, run_service
from council import permissions, selectors, services
from council.action_links import action_create_url
from council.forms import meetings as meeting_forms
from council.views._common import (
    ALL_ROLES,
    GET_POST,
    ORGANISERS,
    item_url,
    meeting_url,
    minutes_of,
    service_form_page,
)
from users.permissions import role_required
from users.roles import Role


@role_required(*ALL_ROLES)
@GET_POST
def agenda_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="add_item")
    constituencies = None
    if not permissions.can_organise_meetings(request.user):
        constituencies = meeting.council.constituencies.filter(
            pk__in=permissions.rep_constituency_ids(request.user)
        )
    form = meeting_forms.AgendaItemForm(
        posted(request), meeting=meeting, constituencies=constituencies
    )
    return service_form_page(
        request,
        form=form,
        call=lambda: services.agenda_item_add(
            actor=acting_user(request), meeting=meeting, **form.cleaned_data
        ),
        success=_("Item added to the agenda."),
        redirect_to=meeting_url(meeting),
        title=_("Add an item to the agenda"),
        intro=_("Members can read the agenda. Do not name anyone who raised an issue."),
        back_url=meeting_url(meeting),
    )


@role_required(*ALL_ROLES)
@require_GET
def agenda_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_agenda_item_for_user(user=request.user, pk=pk)
    meeting = item.meeting
    user = acting_user(request)
    minutes = minutes_of(meeting)
    show_minutes = permissions.minutes_visible(user, meeting, minutes)
    issues = (
        selectors.item_issues(item=item)
        if permissions.can_see_issue_text_on_agenda(user, meeting)
        else []
    )
    responses = list(item.responses.select_related("author").order_by("created_at", "pk"))
    decisions = list(item.decisions.order_by("pk")) if show_minutes else []
    can_make = permissions.can_make_actions(user)
    return render(
        request,
        "council/agenda_item_detail.html",
        {
            "item": item,
            "meeting": meeting,
            "minutes": minutes,
            "show_minutes": show_minutes,
            "issues": [(i, permissions.can_see_raiser(user, i)) for i in issues],
            "responses": responses,
            "decisions": [(d, action_create_url(d) if can_make else "") for d in decisions],
            "make_action_url": action_create_url(item) if can_make else "",
            "actions": selectors.action_links_for_items(items=[item], decisions=decisions),
            "can_respond": permissions.can_respond(user),
            "can_edit": permissions.can_edit_agenda_item(user, item)
            and not (minutes and not minutes.is_draft),
        },
    )


@role_required(*ALL_ROLES)
@GET_POST
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_agenda_item_for_user(user=request.user, pk=pk, action="edit")
    initial = {
        "title": item.title,
        "description": item.description,
        "portfolio": item.portfolio_id,
        "owner": item.owner_id,
    }
    form = meeting_forms.AgendaItemForm(
        posted(request), meeting=item.meeting, editing=True, initial=initial
    )
    return service_form_page(
        request,
        form=form,
        call=lambda: services.agenda_item_update(
            actor=acting_user(request), item=item, **form.cleaned_data
        ),
        success=_("Item saved."),
        redirect_to=item_url(item),
        title=_("Change agenda item"),
        back_url=item_url(item),
    )


@role_required(*ORGANISERS)
@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_agenda_item_for_user(user=request.user, pk=pk, action="move")
    direction = request.POST.get("direction", "")
    return run_service(
        request,
        lambda: services.agenda_item_move(
            actor=acting_user(request), item=item, direction=direction
        ),
        redirect_to=f"{meeting_url(item.meeting)}#agenda",
    )


@role_required(Role.SENIOR_MANAGER)
@GET_POST
def agenda_item_respond(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_agenda_item_for_user(user=request.user, pk=pk, action="respond")
    form = meeting_forms.ResponseForm(posted(request))
    return form_page(
        request,
        form,
        lambda: services.response_post(
            actor=acting_user(request), item=item, body=form.cleaned_data["body"]
        ),
        template="council/agenda_item_respond.html",
        context={"item": item, "meeting": item.meeting},
        success=_("Response posted. The people who raised this item have been told."),
        redirect_to=item_url(item),
    )
