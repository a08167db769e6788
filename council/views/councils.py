"""Councils, constituencies, membership, representatives and recorded selections: thin
views. Get the object through a permission-checked getter, bind the form, call the service,
then redirect or render."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import acting_user, posted, run_service
from council import permissions, selectors, services
from council.forms import councils as council_forms
from council.models import RecordedSelection, Representative
from council.views._common import MANAGERS, council_url, paginate, service_form_page
from users.permissions import role_required


@require_GET
def council_list(request: HttpRequest) -> HttpResponse:
    councils = selectors.councils_for_list(user=request.user)
    return render(
        request,
        "council/council_list.html",
        {"councils": councils, "can_manage": permissions.can_manage_councils(request.user)},
    )


@require_GET
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_user(user=request.user, slug=slug)
    return render(
        request,
        "council/council_detail.html",
        {
            "council": council,
            "constituencies": selectors.constituencies_with_counts(council=council),
            "portfolios": selectors.portfolios_for(council=council),
            "elections": selectors.elections_for_list(user=request.user, council=council)[:20],
            "representatives": list(selectors.representatives_for_council(council=council)[:50]),
            "sees_meetings": permissions.has_any_role(request.user),
            "upcoming_meetings": list(selectors.meetings_upcoming(council=council)[:5])
            if permissions.has_any_role(request.user)
            else [],
            "minutes_meetings": list(selectors.meetings_with_published_minutes(council=council)[:5])
            if permissions.has_any_role(request.user)
            else [],
            "can_tell_rep": permissions.is_member(request.user),
            "can_organise": permissions.can_organise_meetings(request.user),
            "can_manage": permissions.can_manage_councils(request.user),
            "can_run": permissions.can_run_elections(request.user),
            "can_record": permissions.can_record_selections(request.user),
        },
    )


@role_required(*MANAGERS)
def council_create(request: HttpRequest) -> HttpResponse:
    form = council_forms.CouncilForm(posted(request))
    return service_form_page(
        request,
        form=form,
        call=lambda: services.council_create(
            actor=acting_user(request),
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        ),
        success=_("Council created."),
        redirect_to=council_url,
        title=_("Add a council"),
        back_url=reverse("council:council-list"),
    )


@role_required(*MANAGERS)
def council_edit(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_user(user=request.user, slug=slug, manage=True)
    form = council_forms.CouncilForm(posted(request), instance=council)
    return service_form_page(
        request,
        form=form,
        call=lambda: services.council_update(
            actor=acting_user(request), council=council, **form.cleaned_data
        ),
        success=_("Council saved."),
        redirect_to=lambda _saved: council_url(council),
        title=_("Change %(name)s") % {"name": council},
        back_url=council_url(council),
    )


def _council_part_create(
    request: HttpRequest,
    slug: str,
    *,
    form_class: type[forms.BaseForm],
    create: Callable[..., object],
    success: str,
    title: str,
) -> HttpResponse:
    """Add a constituency or a portfolio to a council: the same page with another form."""
    council = permissions.get_council_for_user(user=request.user, slug=slug, manage=True)
    form = form_class(posted(request))
    return service_form_page(
        request,
        form=form,
        call=lambda: create(actor=acting_user(request), council=council, **form.cleaned_data),
        success=success,
        redirect_to=council_url(council),
        title=title,
        back_url=council_url(council),
    )


@role_required(*MANAGERS)
def constituency_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _council_part_create(
        request,
        slug,
        form_class=council_forms.ConstituencyForm,
        create=services.constituency_create,
        success=_("Constituency added."),
        title=_("Add a constituency"),
    )


@role_required(*MANAGERS)
def portfolio_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _council_part_create(
        request,
        slug,
        form_class=council_forms.PortfolioForm,
        create=services.portfolio_create,
        success=_("Portfolio added."),
        title=_("Add a portfolio"),
    )


@role_required(*MANAGERS)
def constituency_members(request: HttpRequest, pk: int) -> HttpResponse:
    constituency = permissions.get_constituency_for_manager(user=request.user, pk=pk)
    form = council_forms.MemberUsernameForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.membership_add(
                actor=acting_user(request),
                constituency=constituency,
                user=form.cleaned_data["username"],
            ),
            success=_("%(name)s added.") % {"name": form.cleaned_data["username"]},
            redirect_to=reverse("council:constituency-members", kwargs={"pk": constituency.pk}),
            form=form,
        )
        if done is not None:
            return done
    page = paginate(request, selectors.memberships_for_constituency(constituency=constituency))
    return render(
        request,
        "council/constituency_members.html",
        {"constituency": constituency, "page": page, "form": form},
    )


@role_required(*MANAGERS)
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = permissions.get_membership_for_manager(user=request.user, pk=pk)
    services.membership_end(actor=acting_user(request), membership=membership)
    messages.success(
        request,
        _("%(name)s is no longer a member of %(place)s.")
        % {"name": membership.user, "place": membership.constituency},
    )
    return redirect("council:constituency-members", pk=membership.constituency_id)


@require_GET
def representative_list(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_user(user=request.user, slug=slug)
    reps = list(selectors.representatives_for_council(council=council))
    return render(
        request,
        "council/representative_list.html",
        {
            "council": council,
            "representatives": reps,
            "can_manage": permissions.can_manage_councils(request.user),
        },
    )


@role_required(*MANAGERS)
def representative_coopt(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_user(user=request.user, slug=slug, manage=True)
    form = council_forms.CooptForm(posted(request), council=council)

    def coopt() -> Representative:
        data = form.cleaned_data
        return services.representative_coopt(
            actor=acting_user(request),
            council=council,
            user=data["username"],
            constituency=data["constituency"],
            portfolios=data["portfolios"],
            term_start=data["term_start"],
            term_end=data["term_end"],
            note=data["note"],
        )

    return service_form_page(
        request,
        form=form,
        call=coopt,
        success=_("Representative co-opted."),
        redirect_to=reverse("council:representative-list", kwargs={"slug": council.slug}),
        title=_("Co-opt a representative"),
        back_url=council_url(council),
    )


@login_required
def representative_stand_down(request: HttpRequest, pk: int) -> HttpResponse:
    rep = permissions.get_representative_for_stand_down(user=request.user, pk=pk)
    form = council_forms.StandDownForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.representative_stand_down(
            actor=acting_user(request), representative=rep, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Standing down recorded."))
        return redirect("council:representative-list", slug=rep.council.slug)
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("%(name)s stands down") % {"name": rep.user},
            "back_url": council_url(rep.council),
        },
    )


@login_required
def recorded_selection_create(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_recording(user=request.user, slug=slug)
    form = council_forms.RecordedSelectionForm(posted(request), council=council)

    def record() -> RecordedSelection:
        data = form.cleaned_data
        return services.recorded_selection_create(
            actor=acting_user(request),
            council=council,
            constituency=data["constituency"],
            title=data["title"],
            held_on=data["held_on"],
            method=data["method"],
            selected=data["usernames"],
            term_months=data["term_months"],
        )

    return service_form_page(
        request,
        form=form,
        call=record,
        success=_("Result recorded. The people chosen are now representatives."),
        redirect_to=reverse("council:representative-list", kwargs={"slug": council.slug}),
        title=_("Record a result chosen in person"),
        intro=_("For a choice made at a meeting or workshop, not by ballot. Say how it was made."),
        back_url=council_url(council),
    )
