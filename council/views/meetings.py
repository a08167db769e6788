"""Views for council meetings: thin functions. Get the object through a permission-checked
getter, bind the form, call the service, then redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.confirm import confirm_page, is_confirmed
from core.http import acting_user, get_int_or_400, paginate, posted, run_service
from council import permissions, selectors, services
from council.action_links import action_create_url, source_ref
from council.calendar import meeting_ics
from council.forms import meetings as meeting_forms
from council.models import AgendaItem, Meeting, MeetingAttendee, Minutes
from users.permissions import role_required
from users.roles import Role

ALL_ROLES = tuple(Role.values)
ORGANISERS = (Role.STAFF,)
GET_POST = require_http_methods(["GET", "POST"])


def _meeting_url(meeting: Meeting) -> str:
    return reverse("council:meeting-detail", kwargs={"pk": meeting.pk})


def _item_url(item: AgendaItem) -> str:
    return reverse("council:agenda-item-detail", kwargs={"pk": item.pk})


def _minutes_url(meeting_id: int) -> str:
    return reverse("council:meeting-minutes", kwargs={"pk": meeting_id})


def _minutes(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


# --- lists and pages --------------------------------------------------------------------------


@role_required(*ALL_ROLES)
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    upcoming = list(selectors.meetings_upcoming()[:50])
    past = paginate(request, selectors.meetings_past(), 25)
    ids = [m.pk for m in upcoming] + [m.pk for m in past.object_list]
    return render(
        request,
        "council/meeting_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "expected_at": selectors.meeting_ids_expecting(user=request.user, meeting_ids=ids),
            "can_organise": permissions.can_organise_meetings(request.user),
        },
    )


@role_required(*ORGANISERS)
@GET_POST
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_user(user=request.user, slug=slug, manage=True)
    form = meeting_forms.MeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            request,
            lambda: services.meeting_create(
                actor=acting_user(request),
                council=council,
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                online_link=data["online_link"],
                chair=data["chair"],
                invite_representatives=data["invite_representatives"],
                invitees=data["invitees"],
            ),
            success=_("Meeting planned. Now add the agenda."),
            redirect_to=_meeting_url,
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Plan a meeting of %(council)s") % {"council": council},
            "back_url": reverse("council:council-detail", kwargs={"slug": council.slug}),
        },
    )


def _detail_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    user = acting_user(request)
    minutes = _minutes(meeting)
    items = selectors.meeting_agenda(meeting=meeting)
    show_minutes = permissions.minutes_visible(user, meeting, minutes)
    attendees = selectors.meeting_attendees(meeting=meeting)
    is_expected = any(a.user_id == user.pk for a in attendees)
    insider = permissions.can_see_unpublished_minutes(user, meeting) or is_expected
    general = selectors.meeting_general_decisions(meeting=meeting) if show_minutes else []
    decisions = [d for i in items for d in i.decisions.all()] + general if show_minutes else []
    can_make = permissions.can_make_actions(user)
    return {
        "meeting": meeting,
        "minutes": minutes,
        "items": items,
        "general_decisions": general,
        "show_minutes": show_minutes,
        "attendees": attendees if insider or (minutes and minutes.is_published) else [],
        "attendee_count": len(attendees),
        "is_expected": is_expected,
        "insider": insider,
        "show_link": insider,
        "can_organise": permissions.can_organise_meetings(user),
        "can_add_item": permissions.can_add_agenda_items(user, meeting),
        "can_draft": permissions.can_draft_minutes(user, meeting)
        and not meeting.is_cancelled
        and meeting.starts_at <= timezone.now(),
        "can_approve": permissions.can_approve_minutes(user, meeting),
        "can_publish": permissions.can_publish_minutes(user, meeting),
        "can_respond": permissions.can_respond(user),
        "can_make_actions": can_make,
        "make_action_urls": {
            source_ref(obj): action_create_url(obj) for obj in [*items, *decisions]
        }
        if can_make
        else {},
        "actions": selectors.action_links_for_items(items=items, decisions=decisions),
    }


@role_required(*ALL_ROLES)
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk)
    return render(request, "council/meeting_detail.html", _detail_context(request, meeting))


@role_required(*ALL_ROLES)
@require_GET
def meeting_agenda_print(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk)
    return render(request, "council/meeting_agenda_print.html", _detail_context(request, meeting))


@role_required(*ALL_ROLES)
@require_GET
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="see_minutes")
    return render(request, "council/meeting_minutes.html", _detail_context(request, meeting))


@role_required(*ALL_ROLES)
@require_GET
def meeting_minutes_print(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="see_minutes")
    return render(request, "council/meeting_minutes_print.html", _detail_context(request, meeting))


@role_required(*ALL_ROLES)
@require_GET
def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    meeting = permissions.get_meeting_for_user(user=user, pk=pk)
    with_link = permissions.can_organise_meetings(user) or (
        MeetingAttendee.objects.filter(meeting=meeting, user=user).exists()
    )
    response = HttpResponse(
        meeting_ics(meeting, with_link=with_link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="council-meeting-{meeting.pk}.ics"'
    return response


# --- organising -------------------------------------------------------------------------------


@role_required(*ORGANISERS)
@GET_POST
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="organise")
    if meeting.is_cancelled:
        messages.error(request, _("This meeting is cancelled, so it cannot be changed."))
        return redirect("council:meeting-detail", pk=meeting.pk)
    initial = {
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "online_link": meeting.online_link,
        "chair": meeting.chair.username if meeting.chair else "",
    }
    form = meeting_forms.MeetingForm(posted(request), initial=initial, creating=False)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.meeting_update(
                actor=acting_user(request), meeting=meeting, **form.cleaned_data
            ),
            success=_("Meeting saved. Everyone expected has been told."),
            redirect_to=_meeting_url(meeting),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Change %(meeting)s") % {"meeting": meeting},
            "back_url": _meeting_url(meeting),
        },
    )


@role_required(*ORGANISERS)
@GET_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="organise")
    form = meeting_forms.CancelMeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.meeting_cancel(
                actor=acting_user(request), meeting=meeting, reason=form.cleaned_data["reason"]
            ),
            success=_("The meeting is cancelled. Everyone expected is told."),
            already=_("This meeting was already cancelled."),
            redirect_to=_meeting_url(meeting),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Cancel %(meeting)s") % {"meeting": meeting},
            "back_url": _meeting_url(meeting),
        },
    )


def _attendance_page(request: HttpRequest, meeting: Meeting, **forms: Any) -> HttpResponse:
    attendees = selectors.meeting_attendees(meeting=meeting)
    forms.setdefault("form", meeting_forms.AttendanceForm(attendees=attendees))
    add_form = forms.setdefault("add_form", meeting_forms.AttendeeAddForm())
    add_form.helper.form_action = reverse("council:meeting-attendee-add", kwargs={"pk": meeting.pk})
    return render(
        request,
        "council/meeting_attendance.html",
        {"meeting": meeting, "can_add": permissions.can_organise_meetings(request.user), **forms},
    )


def _can_take_attendance(user: Any, meeting: Meeting) -> bool:
    return permissions.can_organise_meetings(user) or permissions.can_approve_minutes(user, meeting)


@role_required(*ALL_ROLES)
@GET_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff (or the chair) record who came and who sent apologies."""
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk)
    if not _can_take_attendance(request.user, meeting):
        raise PermissionDenied
    if request.method == "POST":
        attendees = selectors.meeting_attendees(meeting=meeting)
        form = meeting_forms.AttendanceForm(request.POST, attendees=attendees)
        if form.is_valid():
            done = run_service(
                request,
                lambda: services.attendance_record(
                    actor=acting_user(request), meeting=meeting, marks=form.marks()
                ),
                success=_("Attendance saved."),
                redirect_to=_meeting_url(meeting),
                form=form,
            )
            if done is not None:
                return done
        return _attendance_page(request, meeting, form=form)
    return _attendance_page(request, meeting)


@role_required(*ORGANISERS)
@require_POST
def meeting_attendee_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="organise")
    form = meeting_forms.AttendeeAddForm(request.POST)
    if form.is_valid():
        done = run_service(
            request,
            lambda: services.attendee_add(
                actor=acting_user(request),
                meeting=meeting,
                user=form.cleaned_data["username"],
                capacity=form.cleaned_data["capacity"],
            ),
            success=_("%(name)s is now expected.") % {"name": form.cleaned_data["username"]},
            redirect_to=reverse("council:meeting-attendance", kwargs={"pk": meeting.pk}),
            form=form,
        )
        if done is not None:
            return done
    return _attendance_page(request, meeting, add_form=form)


# --- agenda -----------------------------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.agenda_item_add(
                actor=acting_user(request), meeting=meeting, **form.cleaned_data
            ),
            success=_("Item added to the agenda."),
            redirect_to=_meeting_url(meeting),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Add an item to the agenda"),
            "intro": _("Members can read the agenda. Do not name anyone who raised an issue."),
            "back_url": _meeting_url(meeting),
        },
    )


@role_required(*ALL_ROLES)
@require_GET
def agenda_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_agenda_item_for_user(user=request.user, pk=pk)
    meeting = item.meeting
    user = acting_user(request)
    minutes = _minutes(meeting)
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
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.agenda_item_update(
                actor=acting_user(request), item=item, **form.cleaned_data
            ),
            success=_("Item saved."),
            redirect_to=_item_url(item),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Change agenda item"),
            "back_url": reverse("council:agenda-item-detail", kwargs={"pk": item.pk}),
        },
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
        redirect_to=f"{_meeting_url(item.meeting)}#agenda",
    )


@role_required(Role.SENIOR_MANAGER)
@GET_POST
def agenda_item_respond(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_agenda_item_for_user(user=request.user, pk=pk, action="respond")
    form = meeting_forms.ResponseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.response_post(
                actor=acting_user(request), item=item, body=form.cleaned_data["body"]
            ),
            success=_("Response posted. The people who raised this item have been told."),
            redirect_to=_item_url(item),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/agenda_item_respond.html",
        {"form": form, "item": item, "meeting": item.meeting},
    )


# --- minutes and decisions --------------------------------------------------------------------


@role_required(*ALL_ROLES)
@GET_POST
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="draft_minutes")
    minutes = _minutes(meeting)
    if minutes is not None and not minutes.is_draft:
        messages.error(request, _("The chair has approved these minutes, so they cannot change."))
        return redirect("council:meeting-minutes", pk=meeting.pk)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
    form = meeting_forms.MinutesForm(
        posted(request), items=items, initial={"summary": minutes.summary if minutes else ""}
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.minutes_save(
                actor=acting_user(request),
                meeting=meeting,
                summary=form.cleaned_data["summary"],
                notes=form.notes(),
            ),
            success=_("Draft minutes saved."),
            redirect_to=_minutes_url(meeting.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(request, "council/minutes_edit.html", {"form": form, "meeting": meeting})


@role_required(*ALL_ROLES)
@GET_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="draft_minutes")
    initial = {}
    item_id = get_int_or_400(request.GET, "item")
    if item_id is not None:
        initial["item"] = item_id
    form = meeting_forms.DecisionForm(posted(request), meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.decision_add(
                actor=acting_user(request), meeting=meeting, **form.cleaned_data
            ),
            success=_("Decision added to the draft minutes."),
            redirect_to=_minutes_url(meeting.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Record a decision"),
            "back_url": reverse("council:meeting-minutes", kwargs={"pk": meeting.pk}),
        },
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
            back_url=reverse("council:meeting-minutes", kwargs={"pk": meeting_id}),
            destructive=True,
        )
    return run_service(
        request,
        lambda: services.decision_delete(actor=acting_user(request), decision=decision),
        success=_("Decision removed from the draft minutes."),
        redirect_to=_minutes_url(meeting_id),
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
        redirect_to=_minutes_url(meeting.pk),
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
        redirect_to=_minutes_url(meeting.pk),
    )
