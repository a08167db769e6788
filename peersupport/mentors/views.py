"""Staff pages for the mentor lifecycle: the list, referral, assessment, training, pause,
leaving and becoming active. Thin: check the form, get the object, call the service."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import AuthedRequest, form_page, paginate, run_service
from peersupport import permissions, selectors, services
from peersupport.mentors import forms
from peersupport.models import MentorStatus
from users.permissions import role_required
from users.roles import Role

PEER_STAFF = Role.STAFF


def _mentor_url(pk: int) -> str:
    return reverse("peersupport:mentor-detail", kwargs={"pk": pk})


@role_required(PEER_STAFF)
@require_GET
def mentor_list(request: AuthedRequest) -> HttpResponse:
    form = forms.MentorFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(
        request,
        selectors.mentors_for_staff(status=filters.get("status", ""), search=filters.get("q", "")),
        50,
    )
    return render(
        request, "peersupport/mentors/mentorprofile_list.html", {"form": form, "page": page}
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def referral_create(request: AuthedRequest) -> HttpResponse:
    form = forms.ReferralForm(request.POST or None)

    def create():
        data = form.cleaned_data
        return services.referral_create(
            user=data["username"],
            actor=request.user,
            referrer_name=data["referrer_name"],
            referrer_role=data["referrer_role"],
            referrer_organisation=data["referrer_organisation"],
            reason=data["reason"],
            consent=data["consent"],
        )

    return form_page(
        request,
        form,
        create,
        template="peersupport/mentors/referral_create.html",
        success=_("Referral recorded. Next: the suitability assessment."),
        redirect_to=lambda referral: _mentor_url(referral.profile_id),
        rename={"user": "username"},
    )


@role_required(PEER_STAFF)
@require_GET
def mentor_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = permissions.get_profile_for_staff(user=request.user, pk=pk)
    context = {
        "profile": profile,
        "missing": services.missing_to_start(profile)
        if profile.status in (MentorStatus.TRAINING, MentorStatus.PAUSED)
        else [],
        "certificates": selectors.certificates_for(user=profile.user),
        "Status": MentorStatus,
    }
    return render(request, "peersupport/mentors/mentorprofile_detail.html", context)


def _profile_form_view(request, pk, form_class, template, action):
    profile = permissions.get_profile_for_staff(user=request.user, pk=pk)
    form = form_class(request.POST or None)
    return form_page(
        request,
        form,
        lambda: action(profile, form.cleaned_data),
        template=template,
        context={"profile": profile},
        success=lambda message: message,
        redirect_to=_mentor_url(profile.pk),
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def assessment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    def action(profile, data):
        services.assessment_record(profile=profile, actor=request.user, **data)
        return _("Assessment saved.")

    return _profile_form_view(
        request, pk, forms.AssessmentForm, "peersupport/mentors/assessment_create.html", action
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def qualification_create(request: AuthedRequest, pk: int) -> HttpResponse:
    def action(profile, data):
        services.qualification_record(profile=profile, actor=request.user, **data)
        return _("Training recorded.")

    return _profile_form_view(
        request,
        pk,
        forms.QualificationForm,
        "peersupport/mentors/qualification_create.html",
        action,
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def mentor_pause(request: AuthedRequest, pk: int) -> HttpResponse:
    def action(profile, data):
        services.mentor_pause(profile=profile, actor=request.user, **data)
        return _("Paused. You will be reminded on the review date.")

    return _profile_form_view(
        request, pk, forms.PauseForm, "peersupport/mentors/mentorprofile_pause.html", action
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def mentor_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    def action(profile, data):
        services.mentor_leave(profile=profile, actor=request.user, **data)
        return _("Recorded that they have left.")

    return _profile_form_view(
        request, pk, forms.LeaveForm, "peersupport/mentors/mentorprofile_leave.html", action
    )


@role_required(PEER_STAFF)
@require_POST
def mentor_activate(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = permissions.get_profile_for_staff(user=request.user, pk=pk)
    return run_service(
        request,
        lambda: services.mentor_activate(profile=profile, actor=request.user),
        success=_("%(name)s is now an active peer mentor.") % {"name": profile.user},
        redirect_to=_mentor_url(profile.pk),
    )
