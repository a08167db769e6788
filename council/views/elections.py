"""Views for council/: thin functions. Get the object through a permission-checked getter,
bind the form, call the service, then redirect or render."""

from __future__ import annotations

import hashlib
import hmac
import random
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.forms import add_service_errors
from core.http import posted
from core.spreadsheets import SafeWriter
from council import permissions, selectors, services
from council.forms import elections as council_forms
from council.models import Election, Nomination
from council.services.elections import is_current_member
from users.permissions import role_required
from users.roles import MEMBER_ROLES, Role

S = Election.Status
RUNNERS = (Role.RETURNING_OFFICER,)
MANAGERS = (Role.STAFF,)
PAGE = 50


def _message_error(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _page(request: HttpRequest, qs: Any, size: int = PAGE) -> Any:
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _form_page(
    request: HttpRequest, *, form: Any, title: str, back: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "council/form_page.html",
        {"form": form, "title": title, "back_url": reverse(back), "intro": intro},
    )


# --- councils, constituencies, membership, representatives -------------------------------------


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
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Council created."))
            return redirect("council:council-detail", slug=council.slug)
    return _form_page(request, form=form, title=_("Add a council"), back="council:council-list")


@role_required(*MANAGERS)
def council_edit(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_user(user=request.user, slug=slug, manage=True)
    form = council_forms.CouncilForm(posted(request), instance=council)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_update(actor=request.user, council=council, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Council saved."))
            return redirect("council:council-detail", slug=council.slug)
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Change %(name)s") % {"name": council},
            "back_url": council_url(council),
        },
    )


def council_url(council: Any) -> str:
    return reverse("council:council-detail", kwargs={"slug": council.slug})


@role_required(*MANAGERS)
def constituency_create(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_user(user=request.user, slug=slug, manage=True)
    form = council_forms.ConstituencyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.constituency_create(actor=request.user, council=council, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Constituency added."))
            return redirect("council:council-detail", slug=council.slug)
    return render(
        request,
        "council/form_page.html",
        {"form": form, "title": _("Add a constituency"), "back_url": council_url(council)},
    )


@role_required(*MANAGERS)
def portfolio_create(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_user(user=request.user, slug=slug, manage=True)
    form = council_forms.PortfolioForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.portfolio_create(actor=request.user, council=council, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Portfolio added."))
            return redirect("council:council-detail", slug=council.slug)
    return render(
        request,
        "council/form_page.html",
        {"form": form, "title": _("Add a portfolio"), "back_url": council_url(council)},
    )


@role_required(*MANAGERS)
def constituency_members(request: HttpRequest, pk: int) -> HttpResponse:
    constituency = permissions.get_constituency_for_manager(user=request.user, pk=pk)
    form = council_forms.MemberUsernameForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(
                actor=request.user, constituency=constituency, user=form.cleaned_data["username"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s added.") % {"name": form.cleaned_data["username"]}
            )
            return redirect("council:constituency-members", pk=constituency.pk)
    page = _page(request, selectors.memberships_for_constituency(constituency=constituency))
    return render(
        request,
        "council/constituency_members.html",
        {"constituency": constituency, "page": page, "form": form},
    )


@role_required(*MANAGERS)
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = permissions.get_membership_for_manager(user=request.user, pk=pk)
    services.membership_end(actor=request.user, membership=membership)
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.representative_coopt(
                actor=request.user,
                council=council,
                user=data["username"],
                constituency=data["constituency"],
                portfolios=data["portfolios"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Representative co-opted."))
            return redirect("council:representative-list", slug=council.slug)
    return render(
        request,
        "council/form_page.html",
        {"form": form, "title": _("Co-opt a representative"), "back_url": council_url(council)},
    )


@login_required
def representative_stand_down(request: HttpRequest, pk: int) -> HttpResponse:
    rep = permissions.get_representative_for_stand_down(user=request.user, pk=pk)
    form = council_forms.StandDownForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.representative_stand_down(
            actor=request.user, representative=rep, reason=form.cleaned_data["reason"]
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.recorded_selection_create(
                actor=request.user,
                council=council,
                constituency=data["constituency"],
                title=data["title"],
                held_on=data["held_on"],
                method=data["method"],
                selected=data["usernames"],
                term_months=data["term_months"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Result recorded. The people chosen are now representatives.")
            )
            return redirect("council:representative-list", slug=council.slug)
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Record a result chosen in person"),
            "intro": _(
                "For a choice made at a meeting or workshop, not by ballot. Say how it was made."
            ),
            "back_url": council_url(council),
        },
    )


# --- elections --------------------------------------------------------------------------------


@require_GET
def election_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.elections_for_list(user=request.user), 25)
    return render(
        request,
        "council/election_list.html",
        {"page": page, "can_run": permissions.can_run_elections(request.user)},
    )


@require_GET
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk)
    context: dict[str, Any] = {
        "election": election,
        "candidates": list(selectors.election_candidates(election=election)),
        "can_run": permissions.can_run_elections(request.user),
        "results_visible": permissions.can_see_results(request.user, election),
    }
    if request.user.is_authenticated and permissions.is_member(request.user):
        context["me"] = selectors.voter_status(election=election, user=request.user)
    return render(request, "council/election_detail.html", context)


@require_GET
def election_log(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk)
    page = _page(request, selectors.election_log(election=election))
    verified, broken_at = services.election_log_verify(election=election)
    return render(
        request,
        "council/election_log.html",
        {
            "election": election,
            "page": page,
            "verified": verified,
            "broken_at": broken_at,
            "show_private": election.result_released or permissions.can_run_elections(request.user),
            "last_hash": services.election_log_last_hash(election=election),
        },
    )


@require_GET
def how_count_works(request: HttpRequest) -> HttpResponse:
    return render(request, "council/how_count_works.html")


@role_required(*RUNNERS)
def election_create(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_election_runner(user=request.user, slug=slug)
    form = council_forms.ElectionForm(posted(request), council=council)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            election = services.election_create(
                actor=request.user,
                council=council,
                constituency=data.pop("constituency"),
                title=data.pop("title"),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Election set up. It stays hidden until nominations open."))
            return redirect("council:election-manage", pk=election.pk)
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Set up an election for %(c)s") % {"c": council},
            "back_url": council_url(council),
        },
    )


@role_required(*RUNNERS)
def election_edit(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    if election.is_frozen:
        messages.error(request, _("Voting has opened, so this election can no longer be changed."))
        return redirect("council:election-manage", pk=election.pk)
    form = council_forms.ElectionForm(posted(request), instance=election, council=election.council)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "constituency"}
        election.refresh_from_db()
        try:
            services.election_update(actor=request.user, election=election, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Election saved."))
            return redirect("council:election-manage", pk=election.pk)
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Change %(t)s") % {"t": election},
            "back_url": reverse("council:election-manage", kwargs={"pk": election.pk}),
        },
    )


@role_required(*RUNNERS)
@require_GET
def election_manage(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    verified, _broken = services.election_log_verify(election=election)
    return render(
        request,
        "council/election_manage.html",
        {
            "election": election,
            "nominations": list(selectors.election_nominations(election=election)),
            "turnout": selectors.turnout(election=election) if election.is_frozen else None,
            "log_verified": verified,
            "fingerprint_ok": services.election_fingerprint_check(election=election)
            if election.is_frozen
            else None,
            "S": S,
        },
    )


def _step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    try:
        changed = step(election=election, actor=request.user)
    except ValidationError as exc:
        _message_error(request, exc)
    else:
        if changed:
            messages.success(request, done)
        else:
            messages.error(
                request, _("That step cannot be taken now: the election has already moved on.")
            )
    return redirect("council:election-manage", pk=pk)


@role_required(*RUNNERS)
@require_POST
def election_open_nominations(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.election_open_nominations, _("Nominations are open."))


@role_required(*RUNNERS)
@require_POST
def election_close_nominations(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.election_close_nominations, _("Nominations are closed."))


@role_required(*RUNNERS)
@require_POST
def election_open_voting(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, services.election_open_voting, _("Voting is open. The election is frozen.")
    )


@role_required(*RUNNERS)
@require_POST
def election_close_voting(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        services.election_close_voting,
        _("Voting is closed and the ballot box is sealed."),
    )


@role_required(*RUNNERS)
@require_POST
def election_count(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    try:
        services.election_count(actor=request.user, election=election)
    except ValidationError as exc:
        _message_error(request, exc)
        return redirect("council:election-manage", pk=pk)
    messages.success(request, _("The count is done. Check it, then release the result."))
    return redirect("council:election-results", pk=pk)


@role_required(*RUNNERS)
@require_POST
def election_release(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    try:
        services.election_release(actor=request.user, election=election)
    except ValidationError as exc:
        _message_error(request, exc)
        return redirect("council:election-manage", pk=pk)
    messages.success(request, _("The result is published."))
    return redirect("council:election-results", pk=pk)


# --- results ----------------------------------------------------------------------------------


def _results_context(request: HttpRequest, election: Election) -> dict[str, Any]:
    count = election.count
    report = count.report
    return {
        "election": election,
        "count": count,
        "report": report,
        "last_hash": services.election_log_last_hash(election=election),
        "released": election.result_released,
        "can_run": permissions.can_run_elections(request.user),
    }


@require_GET
def election_results(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_results_for_user(user=request.user, pk=pk)
    return render(request, "council/election_results.html", _results_context(request, election))


@require_GET
def election_results_print(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_results_for_user(user=request.user, pk=pk)
    return render(
        request, "council/election_results_print.html", _results_context(request, election)
    )


@require_GET
def election_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_results_for_user(user=request.user, pk=pk)
    report = election.count.report
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="count-{election.pk}.csv"'
    # Candidates' names are typed by members: no cell may run as a formula.
    writer = SafeWriter(response)
    writer.writerow(["rules", report["rules"]])
    for key in ("ballots", "invalid", "valid", "seats", "quota", "seed"):
        writer.writerow([key, report[key]])
    writer.writerow(["elected", *report["elected"]])
    writer.writerow([])
    writer.writerow(
        [
            "stage",
            "action",
            "subject",
            "transfer value",
            "row",
            "change",
            "votes",
            "elected",
            "excluded",
        ]
    )
    for stage in report["stages"]:
        common = [
            stage["number"],
            stage["action"],
            stage["subject"] or "",
            stage["transfer_value"] or "",
        ]
        for name in report["candidates"]:
            writer.writerow(
                [
                    *common,
                    name,
                    stage["changes"][name],
                    stage["votes"][name],
                    "yes" if name in stage["elected"] else "",
                    "yes" if name in stage["excluded"] else "",
                ]
            )
        writer.writerow(
            [
                *common,
                "non-transferable",
                stage["non_transferable_change"],
                stage["non_transferable"],
                "",
                "",
            ]
        )
        writer.writerow(
            [
                *common,
                "lost to rounding",
                stage["rounding_loss_change"],
                stage["rounding_loss"],
                "",
                "",
            ]
        )
        writer.writerow([*common, "total", "", stage["total"], "", ""])
    return response


def _released_election(request: HttpRequest, pk: int) -> Election:
    election = permissions.get_election_results_for_user(user=request.user, pk=pk)
    if not election.result_released:
        raise Http404
    return election


@require_GET
def election_ballots_blt(request: HttpRequest, pk: int) -> HttpResponse:
    election = _released_election(request, pk)
    response = HttpResponse(election.count.ballots_blt, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ballots-{election.pk}.blt"'
    return response


@require_GET
def election_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    election = _released_election(request, pk)
    page = _page(request, selectors.ballots_for_list(election=election), 100)
    rows = selectors.ballots_page_rows(election=election, ballots=list(page.object_list))
    return render(
        request, "council/ballot_list.html", {"election": election, "page": page, "rows": rows}
    )


@require_GET
def election_receipts(request: HttpRequest, pk: int) -> HttpResponse:
    election = _released_election(request, pk)
    form = council_forms.ReceiptCheckForm(request.GET if "code" in request.GET else None)
    found = None
    if form.is_bound and form.is_valid():
        found = services.receipt_is_published(election=election, code=form.cleaned_data["code"])
    page = _page(request, selectors.receipts_for_list(election=election), 200)
    return render(
        request,
        "council/receipt_list.html",
        {"election": election, "page": page, "form": form, "found": found},
    )


# --- nominations ------------------------------------------------------------------------------


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
    election = permissions.get_election_for_voter(user=request.user, pk=pk)
    if not election.accepts_nominations or not is_current_member(
        user=request.user, constituency=election.constituency
    ):
        return render(request, "council/nomination_unavailable.html", {"election": election})
    form = council_forms.NominationForm(posted(request), word_limit=election.statement_word_limit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nominee = data.get("nominee") if data["who"] == "other" else request.user
        try:
            services.nomination_create(
                actor=request.user, election=election, nominee=nominee, statement=data["statement"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if nominee == request.user:
                messages.success(
                    request, _("Your nomination is made. The returning officer will decide on it.")
                )
            else:
                messages.success(
                    request,
                    _("Nomination made. %(name)s will be asked to agree.") % {"name": nominee},
                )
            if nominee == request.user:
                return redirect("council:my-nominations")
            return redirect("council:election-detail", pk=election.pk)
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
    form = council_forms.NominationResponseForm(
        posted(request), word_limit=election.statement_word_limit
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_respond(
                actor=request.user,
                nomination=nomination,
                accept=form.cleaned_data["answer"] == "accept",
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your answer has been recorded."))
            return redirect("council:my-nominations")
    return render(
        request, "council/nomination_respond.html", {"form": form, "nomination": nomination}
    )


@login_required
@require_POST
def nomination_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = permissions.get_nomination_for_nominee(user=request.user, pk=pk)
    try:
        services.nomination_withdraw(actor=request.user, nomination=nomination)
    except ValidationError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("Your nomination is withdrawn."))
    return redirect("council:my-nominations")


@role_required(*RUNNERS)
def nomination_decide(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = permissions.get_nomination_for_decision(user=request.user, pk=pk)
    form = council_forms.NominationDecisionForm(
        posted(request), initial={"ballot_name": nomination.ballot_name}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nomination_decide(
                actor=request.user,
                nomination=nomination,
                accept=data["decision"] == "accept",
                reason=data["reason"],
                ballot_name=data["ballot_name"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded. The person nominated has been told."))
            return redirect("council:election-manage", pk=nomination.election_id)
    return render(
        request, "council/nomination_decide.html", {"form": form, "nomination": nomination}
    )


# --- voting -----------------------------------------------------------------------------------


def _voter_order(election: Election, user: Any, candidates: list[Nomination]) -> list[Nomination]:
    """Candidates in a random order that is different for each voter but stable for them."""
    key = hmac.new(
        settings.SECRET_KEY.encode(),
        f"ballot-order:{election.pk}:{user.pk}".encode(),
        hashlib.sha256,
    )
    ordered = list(candidates)
    random.Random(key.hexdigest()).shuffle(ordered)
    return ordered


def _cannot_vote_reason(election: Election, user: Any) -> str | None:
    status = selectors.voter_status(election=election, user=user)
    if status["voted"]:
        return _("You have voted in this election. Thank you. Each person can vote once.")
    if election.status != S.VOTING_OPEN:
        return _("Voting is not open for this election.")
    if not status["on_roll"]:
        return _(
            "You are not on the voter roll for this election. The roll is the members of "
            "%(place)s when voting opened. If you think this is wrong, ask a member of staff."
        ) % {"place": election.constituency}
    return None


@role_required(*MEMBER_ROLES)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1 (GET, or POST back from review): number the candidates. Step 2 (POST): review."""
    election = permissions.get_election_for_voter(user=request.user, pk=pk)
    reason = _cannot_vote_reason(election, request.user)
    if reason:
        return render(
            request, "council/vote_unavailable.html", {"election": election, "reason": reason}
        )
    candidates = _voter_order(
        election, request.user, list(selectors.election_candidates(election=election))
    )
    form = council_forms.RankingForm(posted(request), candidates=candidates)
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        return render(
            request,
            "council/vote_review.html",
            {"election": election, "form": form, "ranking": form.cleaned_data["ranking"]},
        )
    return render(request, "council/vote_form.html", {"election": election, "form": form})


@role_required(*MEMBER_ROLES)
@require_POST
def vote_cast(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: cast. The receipt is shown in this response only and never stored."""
    election = permissions.get_election_for_voter(user=request.user, pk=pk)
    reason = _cannot_vote_reason(election, request.user)
    if reason:
        return render(
            request, "council/vote_unavailable.html", {"election": election, "reason": reason}
        )
    candidates = _voter_order(
        election, request.user, list(selectors.election_candidates(election=election))
    )
    form = council_forms.RankingForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return render(request, "council/vote_form.html", {"election": election, "form": form})
    try:
        code = services.ballot_cast(
            election_id=election.pk,
            voter=request.user,
            ranking=[c.pk for c in form.cleaned_data["ranking"]],
        )
    except ValidationError as exc:
        return render(
            request,
            "council/vote_unavailable.html",
            {"election": election, "reason": " ".join(exc.messages)},
        )
    return render(
        request,
        "council/vote_receipt.html",
        {"election": election, "receipt": services.receipt_code_display(code)},
    )


# --- paper ballots ----------------------------------------------------------------------------


@role_required(*RUNNERS)
def paper_mark(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    form = council_forms.PaperVoteMarkForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_vote_mark(
                actor=request.user, election=election, voter=form.cleaned_data["username"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is marked as having voted on paper.")
                % {"name": form.cleaned_data["username"]},
            )
            return redirect("council:paper-mark", pk=election.pk)
    return render(
        request,
        "council/paper_mark.html",
        {"election": election, "form": form, "turnout": selectors.turnout(election=election)},
    )


@role_required(*RUNNERS)
def paper_enter(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    candidates = list(selectors.election_candidates(election=election))
    form = council_forms.RankingForm(posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_ballots_enter(
                actor=request.user,
                election=election,
                rankings=[[c.pk for c in form.cleaned_data["ranking"]]],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Paper ballot entered."))
            return redirect("council:paper-enter", pk=election.pk)
    election.refresh_from_db()
    return render(
        request,
        "council/paper_enter.html",
        {"election": election, "form": form, "turnout": selectors.turnout(election=election)},
    )


@role_required(*RUNNERS)
def paper_import(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    form = council_forms.BltUploadForm(
        posted(request), request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            n = services.paper_ballots_import_blt(
                actor=request.user, election=election, text=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(n)s paper ballots imported.") % {"n": n})
            return redirect("council:election-manage", pk=election.pk)
    return render(
        request,
        "council/form_page.html",
        {
            "form": form,
            "title": _("Import paper ballots (BLT file)"),
            "intro": _(
                "The file's candidates must have exactly the names on this ballot paper, and there "
                "cannot be more paper ballots than people marked as voting on paper."
            ),
            "back_url": reverse("council:election-manage", kwargs={"pk": election.pk}),
            "multipart": True,
        },
    )
