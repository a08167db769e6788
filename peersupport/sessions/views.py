"""Session pages: the list to sign up from, a session, my sessions, the calendar feed,
minutes, and staff running series and sessions. Thin: check the form, get the object, call
the service, show the result."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import (
    MAX_PAGE,
    AuthedRequest,
    flash_error,
    flash_form_errors,
    form_page,
    int_param,
    paginate,
    run_service,
)
from peersupport import permissions, selectors, services
from peersupport.models import MentorProfile, SessionType, SignUpStatus
from peersupport.sessions import forms
from users.permissions import role_required
from users.roles import MEMBER_ROLES, Role

PEER_STAFF = Role.STAFF
MINUTES_READERS = (*MEMBER_ROLES, Role.STAFF, Role.SENIOR_MANAGER)
SESSIONS_PAGE = 50


def _occurrence_url(pk: int) -> str:
    return reverse("peersupport:occurrence-detail", kwargs={"pk": pk})


def _series_url(pk: int) -> str:
    return reverse("peersupport:series-detail", kwargs={"pk": pk})


# --- Mentors: sessions, sign-up, my schedule ---------------------------------------------


@role_required(Role.MENTOR, PEER_STAFF)
@require_GET
def occurrence_list(request: AuthedRequest) -> HttpResponse:
    """Sessions in the next four weeks, to sign up to."""
    form = forms.SessionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    # A page at a time, soonest first; "next" is known by reading one more row, so there
    # is no COUNT of every session (a national service runs about 2,000 in four weeks).
    try:
        number = int_param(request.GET.get("page"), max_value=MAX_PAGE) or 1
    except ValueError:
        number = 1
    start = (number - 1) * SESSIONS_PAGE
    occurrences = list(
        selectors.occurrences_upcoming(
            session_type=filters.get("type") or "", start=filters.get("start")
        )[start : start + SESSIONS_PAGE + 1]
    )
    has_next = len(occurrences) > SESSIONS_PAGE
    occurrences = occurrences[:SESSIONS_PAGE]
    mine = selectors.my_signups_by_occurrence(
        user=request.user, occurrence_ids=[o.pk for o in occurrences]
    )
    rows = [{"occurrence": o, "mine": mine.get(o.pk)} for o in occurrences]
    return render(
        request,
        "peersupport/sessions/occurrence_list.html",
        {
            "form": form,
            "rows": rows,
            "is_staff": permissions.is_peer_staff(request.user),
            "page_number": number,
            "has_next": has_next,
        },
    )


@role_required(Role.MENTOR, PEER_STAFF)
@require_GET
def occurrence_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    occurrence = permissions.get_occurrence_for_user(user=request.user, pk=pk)
    is_staff = permissions.is_peer_staff(request.user)
    signups = list(occurrence.signups.all())
    mine = next((s for s in signups if s.user_id == request.user.pk), None)
    context: dict[str, object] = {
        "occurrence": occurrence,
        "mine": mine,
        "is_staff": is_staff,
        "can_sign_up": permissions.can_sign_up(request.user),
        "started": occurrence.starts_at <= timezone.now(),
    }
    if is_staff:
        confirmed = [s for s in signups if s.status == SignUpStatus.CONFIRMED]
        attendance_form = forms.AttendanceForm(signups=confirmed)
        attendance_form.helper.form_action = reverse(
            "peersupport:attendance-record", kwargs={"pk": occurrence.pk}
        )
        context.update(
            {
                "signups": signups,
                "attendance_form": attendance_form,
                "assign_form": forms.AssignForm(),
            }
        )
    return render(request, "peersupport/sessions/occurrence_detail.html", context)


@role_required(Role.MENTOR)
@require_POST
def signup_create(request: AuthedRequest, pk: int) -> HttpResponse:
    occurrence = permissions.get_occurrence_for_user(user=request.user, pk=pk)
    role = request.POST.get("role") or None
    return run_service(
        request,
        lambda: services.signup_create(occurrence=occurrence, user=request.user, role=role),
        success=lambda signup: (
            _("You are signed up. We will remind you the day before.")
            if signup.status == SignUpStatus.CONFIRMED
            else _(
                "The session is full, so you are on the waiting list. "
                "We will tell you if a place comes up."
            )
        ),
        redirect_to=_occurrence_url(occurrence.pk),
    )


@role_required(Role.MENTOR)
@require_POST
def signup_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    occurrence = permissions.get_occurrence_for_user(user=request.user, pk=pk)
    try:
        signup = permissions.get_own_signup(user=request.user, occurrence=occurrence)
        services.signup_withdraw(signup=signup, actor=request.user)
    except Http404:
        messages.error(request, _("You are not signed up to this session."))
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("You are no longer signed up to this session."))
    return redirect("peersupport:occurrence-detail", pk=occurrence.pk)


@role_required(Role.MENTOR)
@require_GET
def my_schedule(request: AuthedRequest) -> HttpResponse:
    upcoming, past = selectors.my_sessions(user=request.user)
    profile = MentorProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "peersupport/sessions/signup_list.html",
        {"upcoming": upcoming, "past": past, "profile": profile},
    )


# --- Calendar feed -------------------------------------------------------------------------


@role_required(Role.MENTOR)
@require_GET
def calendar_settings(request: AuthedRequest) -> HttpResponse:
    has_feed = hasattr(request.user, "peer_calendar_feed")
    return render(request, "peersupport/sessions/calendarfeed_detail.html", {"has_feed": has_feed})


@role_required(Role.MENTOR)
@require_POST
def calendar_regenerate(request: AuthedRequest) -> HttpResponse:
    token = services.calendar_feed_issue(user=request.user)
    feed_url = request.build_absolute_uri(
        reverse("peersupport:calendar-feed", kwargs={"token": token})
    )
    # Rendered, not redirected: the address exists only in this response.
    return render(
        request,
        "peersupport/sessions/calendarfeed_detail.html",
        {"has_feed": True, "feed_url": feed_url},
    )


@role_required(Role.MENTOR)
@require_POST
def calendar_revoke(request: AuthedRequest) -> HttpResponse:
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, _("Your calendar address is turned off. It no longer works."))
    return redirect("peersupport:calendar")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret address a calendar app reads. The token is the only credential."""
    feed = services.calendar_feed_find(token=token)
    if feed is None:
        raise Http404
    body = services.calendar_render(user=feed.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="peer-support.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Minutes -------------------------------------------------------------------------------


@role_required(*MINUTES_READERS)
@require_GET
def minutes_list(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, selectors.published_minutes(), 25)
    return render(request, "peersupport/sessions/minutes_list.html", {"page": page})


@role_required(*MINUTES_READERS)
@require_GET
def minutes_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    occurrence = permissions.get_minutes_for_user(user=request.user, pk=pk)
    return render(request, "peersupport/sessions/minutes_detail.html", {"occurrence": occurrence})


# --- Staff: series and sessions ------------------------------------------------------------


@role_required(PEER_STAFF)
@require_GET
def series_list(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, selectors.series_list(), 50)
    return render(request, "peersupport/sessions/sessionseries_list.html", {"page": page})


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def series_create(request: AuthedRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("type") in SessionType.values:
        initial["session_type"] = request.GET["type"]
    form = forms.SeriesForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.series_create(actor=request.user, **form.service_kwargs()),
        template="peersupport/sessions/sessionseries_create.html",
        success=_("Sessions created for the weeks ahead."),
        redirect_to=lambda series: _series_url(series.pk),
    )


@role_required(PEER_STAFF)
@require_GET
def series_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    series = permissions.get_series_for_staff(user=request.user, pk=pk)
    upcoming = paginate(request, selectors.series_occurrences(series=series), 30)
    past = list(selectors.series_occurrences(series=series, past=True)[:10])
    return render(
        request,
        "peersupport/sessions/sessionseries_detail.html",
        {"series": series, "upcoming": upcoming, "past": past},
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def series_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    series = permissions.get_series_for_staff(user=request.user, pk=pk)
    initial = {name: getattr(series, name) for name in forms.SeriesEditForm.base_fields}
    form = forms.SeriesEditForm(
        request.POST or None, initial=initial, anchor_date=series.anchor_date
    )
    return form_page(
        request,
        form,
        lambda: services.series_update(series=series, actor=request.user, **form.cleaned_data),
        template="peersupport/sessions/sessionseries_edit.html",
        context={"series": series},
        success=_("Changes saved. People affected have been told."),
        redirect_to=_series_url(series.pk),
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def occurrence_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    occurrence = permissions.get_occurrence_for_staff(user=request.user, pk=pk)
    zone = occurrence.series.zone
    start = timezone.localtime(occurrence.starts_at, zone)
    initial = {
        "day": start.date(),
        "start_time": start.time(),
        "end_time": timezone.localtime(occurrence.ends_at, zone).time(),
        "place": occurrence.place,
        "facilitator": occurrence.facilitator_id,
        "mentor_places": occurrence.mentor_places,
        "participant_places": occurrence.participant_places,
    }
    form = forms.OccurrenceEditForm(
        request.POST or None, initial=initial, zone=occurrence.series.timezone
    )
    return form_page(
        request,
        form,
        lambda: services.occurrence_update(
            occurrence=occurrence, actor=request.user, **form.service_kwargs()
        ),
        template="peersupport/sessions/occurrence_edit.html",
        context={"occurrence": occurrence},
        success=_("Session changed. People signed up have been told."),
        redirect_to=_occurrence_url(occurrence.pk),
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def occurrence_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    occurrence = permissions.get_occurrence_for_staff(user=request.user, pk=pk)
    form = forms.CancelForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.occurrence_cancel(
            occurrence=occurrence, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        template="peersupport/sessions/occurrence_cancel.html",
        context={"occurrence": occurrence},
        success=_("Session cancelled. Everyone signed up has been told."),
        redirect_to=_occurrence_url(occurrence.pk),
    )


@role_required(PEER_STAFF)
@require_POST
def signup_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    occurrence = permissions.get_occurrence_for_staff(user=request.user, pk=pk)
    form = forms.AssignForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_occurrence_url(occurrence.pk))
    return run_service(
        request,
        lambda: services.signup_create(
            occurrence=occurrence,
            user=form.cleaned_data["user"],
            actor=request.user,
            role=form.cleaned_data.get("role") or None,
        ),
        success=lambda signup: (
            _("Booked on. They have been told.")
            if signup.status == SignUpStatus.CONFIRMED
            else _("The session is full: they are on the waiting list.")
        ),
        redirect_to=_occurrence_url(occurrence.pk),
    )


@role_required(PEER_STAFF)
@require_POST
def attendance_record(request: AuthedRequest, pk: int) -> HttpResponse:
    occurrence = permissions.get_occurrence_for_staff(user=request.user, pk=pk)
    confirmed = [s for s in occurrence.signups.all() if s.status == SignUpStatus.CONFIRMED]
    form = forms.AttendanceForm(request.POST, signups=confirmed)
    if not form.is_valid():
        messages.error(request, _("Choose attended, did not come or excused for each person."))
        return redirect(_occurrence_url(occurrence.pk))
    return run_service(
        request,
        lambda: services.attendance_record(
            occurrence=occurrence, actor=request.user, marks=form.marks()
        ),
        success=lambda changed: _("Attendance saved (%(n)d changed).") % {"n": changed},
        redirect_to=_occurrence_url(occurrence.pk),
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def minutes_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    occurrence = permissions.get_occurrence_for_staff(user=request.user, pk=pk)
    form = forms.MinutesForm(
        request.POST or None,
        initial={"minutes": occurrence.minutes, "publish": bool(occurrence.minutes_published_at)},
    )
    return form_page(
        request,
        form,
        lambda: services.occurrence_minutes_save(
            occurrence=occurrence,
            actor=request.user,
            minutes=form.cleaned_data["minutes"],
            publish=form.cleaned_data["publish"],
        ),
        template="peersupport/sessions/minutes_edit.html",
        context={"occurrence": occurrence},
        success=_("Minutes saved."),
        redirect_to=_occurrence_url(occurrence.pk),
    )
