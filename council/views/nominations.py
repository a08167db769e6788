"""Nominations: making one, the nominee's answer, withdrawing, and the returning officer's
decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import acting_user, form_page, posted, run_service
from council import permissions, selectors, services
from council.forms import nominations as nomination_forms
from council.models import Election, Nomination
from council.services.elections import is_current_member
from council.views._common import RUNNERS
from users.permissions import role_required
from users.roles import MEMBER_ROLES

S = Election.Status


@role_required(*MEMBER_ROLES)
@require_GET
def my_nominations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "council/nomination_list.html",
        {"nominations": list(selectors.nominations_for_user(user=request.user))},
    )


@role_required(*MEMBER_ROLES)
def nomination_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    election = permissions.get_election_for_voter(user=user, pk=pk)
    if not election.accepts_nominations or not is_current_member(
        user=user, constituency=election.constituency
    ):
        return render(request, "council/nomination_unavailable.html", {"election": election})
    form = nomination_forms.NominationForm(
        posted(request), word_limit=election.statement_word_limit
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A valid form with "someone else" chosen always has the member it found.
        nominee = data["nominee"] if data["who"] == "other" else user
        own = nominee == user
        done = run_service(
            request,
            lambda: services.nomination_create(
                actor=user,
                election=election,
                nominee=nominee,
                statement=data["statement"],
            ),
            success=_("Your nomination is made. The returning officer will decide on it.")
            if own
            else _("Nomination made. %(name)s will be asked to agree.") % {"name": nominee},
            redirect_to=reverse("council:my-nominations")
            if own
            else reverse("council:election-detail", kwargs={"pk": election.pk}),
            form=form,
        )
        if done is not None:
            return done
    return render(request, "council/nomination_form.html", {"form": form, "election": election})


@login_required
def nomination_respond(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = permissions.get_nomination_for_nominee(user=request.user, pk=pk)
    election = nomination.election
    if (
        nomination.status != Nomination.Status.AWAITING_NOMINEE
        or election.status != S.NOMINATIONS_OPEN
    ):
        messages.info(
            request, _("This nomination has already been answered, or nominations have closed.")
        )
        return redirect("council:my-nominations")
    form = nomination_forms.NominationResponseForm(
        posted(request), word_limit=election.statement_word_limit
    )
    return form_page(
        request,
        form,
        lambda: services.nomination_respond(
            actor=acting_user(request),
            nomination=nomination,
            accept=form.cleaned_data["answer"] == "accept",
            statement=form.cleaned_data["statement"],
        ),
        template="council/nomination_respond.html",
        context={"nomination": nomination},
        success=_("Thank you. Your answer has been recorded."),
        redirect_to="council:my-nominations",
    )


@login_required
@require_POST
def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = permissions.get_nomination_for_nominee(user=request.user, pk=pk)
    return run_service(
        request,
        lambda: services.nomination_withdraw(actor=acting_user(request), nomination=nomination),
        success=_("Your nomination is withdrawn."),
        redirect_to="council:my-nominations",
    )


@role_required(*RUNNERS)
def nomination_decide(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = permissions.get_nomination_for_decision(user=request.user, pk=pk)
    form = nomination_forms.NominationDecisionForm(
        posted(request), initial={"ballot_name": nomination.ballot_name}
    )
    return form_page(
        request,
        form,
        lambda: services.nomination_decide(
            actor=acting_user(request),
            nomination=nomination,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
            ballot_name=form.cleaned_data["ballot_name"],
        ),
        template="council/nomination_decide.html",
        context={"nomination": nomination},
        success=_("Decision recorded. The person nominated has been told."),
        redirect_to=reverse("council:election-manage", kwargs={"pk": nomination.election_id}),
    )
