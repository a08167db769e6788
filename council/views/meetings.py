"""Meetings: the lists and pages, the calendar file, organising and attendance. Thin views:
get the object through a permission-checked getter, bind the form, call the service, then
redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import acting_user, paginate, posted, run_service
from council import permissions, selectors, services
from council.action_links import action_create_url, source_ref
from council.calendar import meeting_ics
from council.forms import meetings as meeting_forms
from council.models import Meeting, MeetingAttendee
from council.views._common import (
    ALL_ROLES,
    GET_POST,
    ORGANISERS,
    council_url,
    meeting_url,
    minutes_of,
    service_form_page,
)
from users.permissions import role_required

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
    return service_form_page(
        request,
        form=form,
        call=lambda: services.meeting_create(
            actor=acting_user(request), council=council, **form.cleaned_data
        ),
        success=_("Meeting planned. Now add the agenda."),
        redirect_to=meeting_url,
        title=_("Plan a meeting of %(council)s") % {"council": council},
        back_url=council_url(council),
    )


def _detail_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    user = acting_user(request)
    minutes = minutes_of(meeting)
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
    return service_form_page(
        request,
        form=form,
        call=lambda: services.meeting_update(
            actor=acting_user(request), meeting=meeting, **form.cleaned_data
        ),
        success=_("Meeting saved. Everyone expected has been told."),
        redirect_to=meeting_url(meeting),
        title=_("Change %(meeting)s") % {"meeting": meeting},
        back_url=meeting_url(meeting),
    )


@role_required(*ORGANISERS)
@GET_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(user=request.user, pk=pk, action="organise")
    form = meeting_forms.CancelMeetingForm(posted(request))
    return service_form_page(
        request,
        form=form,
        call=lambda: services.meeting_cancel(
            actor=acting_user(request), meeting=meeting, reason=form.cleaned_data["reason"]
        ),
        success=_("The meeting is cancelled. Everyone expected is told."),
        already=_("This meeting was already cancelled."),
        redirect_to=meeting_url(meeting),
        title=_("Cancel %(meeting)s") % {"meeting": meeting},
        back_url=meeting_url(meeting),
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
                redirect_to=meeting_url(meeting),
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
