"""Helpline rota pages: shifts, sign-up, drop, swaps, unavailability, and staff coverage."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consultations import identifying
from core.confirm import confirm_page, is_confirmed
from core.http import (
    AuthedRequest,
    flash_error,
    flash_form_errors,
    form_page,
    paginate,
    run_service,
)
from peersupport import permissions, services
from peersupport.helpline import selectors
from peersupport.helpline.forms import (
    AssignShiftForm,
    CallForm,
    CoverageFilterForm,
    DropForm,
    LocalServiceForm,
    ShiftCancelForm,
    ShiftPatternEditForm,
    ShiftPatternForm,
    StaffRemoveForm,
    SwapOfferForm,
    UnavailabilityForm,
)
from peersupport.helpline.services.calls import can_log_calls
from peersupport.helpline.services.rota import drop_deadline, helpline_eligible_users
from peersupport.matching.selectors import concern_summary
from peersupport.models import ShiftSignUpStatus, ShiftSwap, SwapStatus
from users.permissions import role_required
from users.roles import Role

PEER_STAFF = Role.STAFF


def _shift_url(pk: int) -> str:
    return reverse("peersupport:shift-detail", kwargs={"pk": pk})


def _back_to_shift(pk: int) -> HttpResponse:
    return redirect(_shift_url(pk))


# --- Mentors ---------------------------------------------------------------------------


@role_required(Role.MENTOR, PEER_STAFF)
@require_GET
def shift_list(request: AuthedRequest) -> HttpResponse:
    """Helpline shifts in the next four weeks, swaps on offer, and your own shifts."""
    shifts = list(selectors.shifts_upcoming(weeks=4)[:200])
    mine = selectors.my_shift_signups(user=request.user, shift_ids=[s.pk for s in shifts])
    rows = [{"shift": s, "mine": mine.get(s.pk)} for s in shifts]
    swaps = [s for s in selectors.open_swaps() if s.offered_by_id != request.user.pk]
    return render(
        request,
        "peersupport/helpline/shift_list.html",
        {
            "rows": rows,
            "swaps": swaps,
            "my_shifts": selectors.my_shifts(user=request.user),
            "eligible": helpline_eligible_users().filter(pk=request.user.pk).exists(),
            "is_staff": permissions.is_peer_staff(request.user),
        },
    )


@role_required(Role.MENTOR, PEER_STAFF)
@require_GET
def shift_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = permissions.get_shift_for_user(user=request.user, pk=pk)
    is_staff = permissions.is_peer_staff(request.user)
    signups = list(shift.signups.all())
    mine = next((s for s in signups if s.user_id == request.user.pk), None)
    swaps = list(shift.swaps.all())
    my_swap = next(
        (s for s in swaps if s.status == SwapStatus.OPEN and s.offered_by_id == request.user.pk),
        None,
    )
    now = timezone.now()
    context: dict[str, object] = {
        "shift": shift,
        "mine": mine,
        "my_swap": my_swap,
        "open_swaps": [
            s for s in swaps if s.status == SwapStatus.OPEN and s.offered_by_id != request.user.pk
        ],
        "started": shift.starts_at <= now,
        "can_drop": bool(mine and mine.is_on_rota and now <= drop_deadline(shift)),
        "deadline": drop_deadline(shift),
        "places_left": max(shift.mentors_needed - shift.on_rota, 0),
        "eligible": helpline_eligible_users().filter(pk=request.user.pk).exists(),
        "can_sign_up": permissions.can_sign_up(request.user),
        "is_staff": is_staff,
        "swap_form": SwapOfferForm(),
        "can_log_calls": not shift.is_cancelled and can_log_calls(user=request.user, shift=shift),
        "calls": selectors.calls_for_shift(shift=shift, user=request.user, all_calls=is_staff),
    }
    if is_staff:
        context.update(
            {
                "rota": [s for s in signups if s.status == ShiftSignUpStatus.ON_ROTA],
                "others": [s for s in signups if s.status != ShiftSignUpStatus.ON_ROTA],
                "swaps": swaps,
                "free": selectors.free_mentors(shift) if not shift.is_cancelled else [],
                "assign_form": AssignShiftForm(),
            }
        )
    return render(request, "peersupport/helpline/shift_detail.html", context)


@role_required(Role.MENTOR)
@require_POST
def shift_signup(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = permissions.get_shift_for_user(user=request.user, pk=pk)
    return run_service(
        request,
        lambda: services.shift_signup(shift=shift, user=request.user),
        success=_("You are on the rota. We will remind you the day before."),
        redirect_to=_shift_url(shift.pk),
    )


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def shift_drop(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = permissions.get_shift_for_user(user=request.user, pk=pk)
    try:
        signup = permissions.get_own_shift_signup(user=request.user, shift=shift)
    except Http404:
        messages.error(request, _("You are not on the rota for this shift."))
        return _back_to_shift(shift.pk)
    form = DropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.shift_drop(
                signup=signup, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            success=_("You are off this shift. Thank you for letting us know."),
            redirect_to=_shift_url(shift.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "peersupport/helpline/shift_drop.html",
        {"form": form, "shift": shift, "deadline": drop_deadline(shift)},
    )


@role_required(Role.MENTOR)
@require_POST
def swap_offer(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = permissions.get_shift_for_user(user=request.user, pk=pk)
    form = SwapOfferForm(request.POST)
    try:
        signup = permissions.get_own_shift_signup(user=request.user, shift=shift)
        if not form.is_valid():
            raise ValidationError(_("Use 300 characters or fewer for the note."))
        services.swap_offer(signup=signup, actor=request.user, note=form.cleaned_data["note"])
    except Http404:
        messages.error(request, _("You are not on the rota for this shift."))
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request,
            _(
                "Your shift is offered for a swap. Mentors who are free have been told. "
                "You stay on the rota until someone takes it."
            ),
        )
    return _back_to_shift(shift.pk)


def _swap_step(
    request: AuthedRequest, pk: int, step: Callable[[ShiftSwap], object], done: str
) -> HttpResponse:
    """Take or withdraw a swap: do ``step``, say ``done`` (or why not), back to the shift."""
    swap = permissions.get_swap_for_user(user=request.user, pk=pk)
    return run_service(
        request, lambda: step(swap), success=done, redirect_to=_shift_url(swap.shift_id)
    )


@role_required(Role.MENTOR)
@require_POST
def swap_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    return _swap_step(
        request,
        pk,
        lambda swap: services.swap_accept(swap=swap, user=request.user),
        _("You have taken this shift. Thank you."),
    )


@role_required(Role.MENTOR)
@require_POST
def swap_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    return _swap_step(
        request,
        pk,
        lambda swap: services.swap_withdraw(swap=swap, actor=request.user),
        _("Your swap offer is withdrawn. You are still on the rota."),
    )


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def unavailability_list(request: AuthedRequest) -> HttpResponse:
    form = UnavailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.unavailability_add(user=request.user, **form.cleaned_data),
            success=_("Saved. We will not ask you to cover shifts at that time."),
            redirect_to="peersupport:unavailability-list",
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "peersupport/helpline/unavailability_list.html",
        {"form": form, "items": list(selectors.unavailability_for(user=request.user)[:100])},
    )


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def unavailability_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET (or a POST without ``confirm``) asks first."""
    item = permissions.get_own_unavailability(user=request.user, pk=pk)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=_("Remove this time?"),
            consequence=_(
                "The rota will treat you as free at this time again, so you may be asked to "
                "cover a shift then."
            ),
            details=[(_("Time"), item.day_label)],
            warning=_("You can add the time again later if you need to."),
            yes_label=_("Yes, remove it"),
            back_url=reverse("peersupport:unavailability-list"),
        )
    services.unavailability_remove(item=item, actor=request.user)
    messages.success(request, _("Removed."))
    return redirect("peersupport:unavailability-list")


# --- Staff -----------------------------------------------------------------------------


@role_required(PEER_STAFF)
@require_GET
def shift_coverage(request: AuthedRequest) -> HttpResponse:
    """Every shift for the next weeks: filled or short, and who is free to cover a gap."""
    form = CoverageFilterForm(request.GET or None)
    weeks = (form.cleaned_data.get("weeks") if form.is_valid() else None) or 4
    return render(
        request,
        "peersupport/helpline/shift_coverage.html",
        {
            "form": form,
            "weeks": weeks,
            "coverage": selectors.coverage(weeks=weeks),
            "patterns": paginate(request, selectors.patterns(), 50),
            "concerns": concern_summary(),
        },
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def pattern_create(request: AuthedRequest) -> HttpResponse:
    form = ShiftPatternForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.pattern_create(actor=request.user, **form.service_kwargs()),
        template="peersupport/helpline/shiftpattern_create.html",
        success=_("Helpline shifts created for the weeks ahead."),
        redirect_to="peersupport:shift-coverage",
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def pattern_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    pattern = permissions.get_pattern_for_staff(user=request.user, pk=pk)
    initial = {name: getattr(pattern, name) for name in ShiftPatternEditForm.base_fields}
    form = ShiftPatternEditForm(
        request.POST or None, initial=initial, anchor_date=pattern.anchor_date
    )
    return form_page(
        request,
        form,
        lambda: services.pattern_update(pattern=pattern, actor=request.user, **form.cleaned_data),
        template="peersupport/helpline/shiftpattern_edit.html",
        context={"pattern": pattern},
        success=_("Changes saved. Shifts still to come follow them."),
        redirect_to="peersupport:shift-coverage",
    )


@role_required(PEER_STAFF)
@require_POST
def shift_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    """One click: ask every eligible mentor who is free to cover this shift."""
    shift = permissions.get_shift_for_staff(user=request.user, pk=pk)
    try:
        asked, before = services.shift_invite_free(shift=shift, actor=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        if asked:
            messages.success(
                request,
                ngettext(
                    "%(n)d free mentor has been asked to cover this shift.",
                    "%(n)d free mentors have been asked to cover this shift.",
                    asked,
                )
                % {"n": asked},
            )
        elif before:
            messages.info(request, _("Every free mentor has already been asked about this shift."))
        else:
            messages.info(request, _("No eligible mentor is free at that time."))
    target = request.POST.get("next")
    if target == "coverage":
        return redirect("peersupport:shift-coverage")
    return _back_to_shift(shift.pk)


@role_required(PEER_STAFF)
@require_POST
def shift_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = permissions.get_shift_for_staff(user=request.user, pk=pk)
    form = AssignShiftForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return _back_to_shift(shift.pk)
    return run_service(
        request,
        lambda: services.shift_signup(
            shift=shift, user=form.cleaned_data["user"], actor=request.user
        ),
        success=_("On the rota. They have been told."),
        redirect_to=_shift_url(shift.pk),
    )


def _staff_reason_page(
    request: AuthedRequest,
    form: StaffRemoveForm | ShiftCancelForm,
    *,
    step: Callable[[str], object],
    done: str,
    shift_pk: int,
    template: str,
    context: dict[str, object],
) -> HttpResponse:
    """A staff page that asks why, then does ``step(reason)`` and goes back to the shift."""
    if request.method == "POST" and form.is_valid():
        answer = run_service(
            request,
            lambda: step(form.cleaned_data["reason"]),
            success=done,
            redirect_to=_shift_url(shift_pk),
            form=form,
        )
        if answer is not None:
            return answer
    return render(request, template, {"form": form, **context})


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def shift_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    signup = permissions.get_shift_signup_for_staff(user=request.user, pk=pk)
    return _staff_reason_page(
        request,
        StaffRemoveForm(request.POST or None),
        step=lambda reason: services.shift_drop(signup=signup, actor=request.user, reason=reason),
        done=_("Taken off the shift. They have been told."),
        shift_pk=signup.shift_id,
        template="peersupport/helpline/shiftsignup_remove.html",
        context={"signup": signup, "shift": signup.shift},
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def shift_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = permissions.get_shift_for_staff(user=request.user, pk=pk)
    return _staff_reason_page(
        request,
        ShiftCancelForm(request.POST or None),
        step=lambda reason: services.shift_cancel(shift=shift, actor=request.user, reason=reason),
        done=_("Shift cancelled. Mentors on the rota have been told."),
        shift_pk=shift.pk,
        template="peersupport/helpline/shift_cancel.html",
        context={"shift": shift},
    )


# --- The call log (issue 16) ------------------------------------------------------------


@role_required(Role.MENTOR, PEER_STAFF)
@require_http_methods(["GET", "POST"])
def call_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Log one call: a mentor who was on the shift, or staff."""
    shift = permissions.get_shift_for_user(user=request.user, pk=pk)
    if not can_log_calls(user=request.user, shift=shift):
        raise PermissionDenied
    now = timezone.localtime()
    initial = {"started": now.time()} if shift.starts_at <= now <= shift.ends_at else {}
    form = CallForm(
        request.POST if request.method == "POST" else None, initial=initial, shift=shift
    )
    warning = ""
    if request.method == "POST" and form.is_valid():
        found = identifying.findings(form.free_text())
        if found and not request.POST.get("warned"):
            warning = ", ".join(_(what) for what in found)
        else:
            done = run_service(
                request,
                lambda: services.call_log(
                    shift=shift, actor=request.user, request=request, **form.service_kwargs()
                ),
                success=_("Call saved. Thank you."),
                redirect_to=reverse("peersupport:call-create", kwargs={"pk": shift.pk})
                if request.POST.get("then") == "another"
                else _shift_url(shift.pk),
                form=form,
            )
            if done is not None:
                return done
    return render(
        request,
        "peersupport/helpline/call_create.html",
        {"shift": shift, "form": form, "identifying": warning},
    )


def _can_read_call_report(user) -> bool:
    return permissions.is_peer_staff(user) or user.has_role(Role.SENIOR_MANAGER)


@login_required
@require_GET
def call_report(request: AuthedRequest) -> HttpResponse:
    """Calls as counts. Senior managers see it too, so for them small counts are hidden."""
    if not _can_read_call_report(request.user):
        raise PermissionDenied
    is_staff = permissions.is_peer_staff(request.user)
    report = selectors.call_report(suppress=not is_staff)
    return render(
        request,
        "peersupport/helpline/call_report.html",
        {
            "report": report,
            "is_staff": is_staff,
            "follow_ups": list(selectors.open_follow_ups()[:100]) if is_staff else [],
        },
    )


@role_required(PEER_STAFF)
@require_POST
def call_follow_up_done(request: AuthedRequest, pk: int) -> HttpResponse:
    call = permissions.get_call_for_staff(user=request.user, pk=pk)
    if services.call_follow_up_close(call=call, actor=request.user, request=request):
        messages.success(request, _("Follow-up marked as done."))
    return redirect("peersupport:call-report")


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def local_service_list(request: AuthedRequest) -> HttpResponse:
    """The short list of local services mentors can send a caller to."""
    form = LocalServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.local_service_save(
                actor=request.user, request=request, **form.cleaned_data
            ),
            success=_("Service added."),
            redirect_to="peersupport:local-service-list",
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "peersupport/helpline/localservice_list.html",
        {"form": form, "items": list(selectors.local_services())},
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def local_service_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = permissions.get_local_service_for_staff(user=request.user, pk=pk)
    form = LocalServiceForm(
        request.POST if request.method == "POST" else None,
        initial={"name": item.name, "is_active": item.is_active},
    )
    return form_page(
        request,
        form,
        lambda: services.local_service_save(
            actor=request.user, service=item, request=request, **form.cleaned_data
        ),
        template="peersupport/helpline/localservice_edit.html",
        context={"item": item},
        success=_("Service saved."),
        redirect_to="peersupport:local-service-list",
    )
