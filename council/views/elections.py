"""Running an election: list, page, set-up, the steps from nominations to release, and paper
ballots. Thin views: get the object through a permission-checked getter, bind the form, call
the service, then redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import jobs as core_jobs
from core.confirm import confirm_page, is_confirmed
from core.forms import add_service_errors
from core.http import acting_user, flash_error, form_page, posted, run_service
from council import jobs as council_jobs
from council import permissions, plain_count, selectors, services
from council.forms import elections as council_forms
from council.forms import voting as voting_forms
from council.models import Election
from council.views._common import RUNNERS, council_url, paginate, service_form_page
from users.permissions import role_required

S = Election.Status


def _manage_url(election: Election) -> str:
    return reverse("council:election-manage", kwargs={"pk": election.pk})


# --- elections --------------------------------------------------------------------------------


@require_GET
def election_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.elections_for_list(user=request.user), 25)
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
    page = paginate(request, selectors.election_log(election=election))
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
    return render(
        request, "council/how_count_works.html", {"example": plain_count.worked_example()}
    )


@role_required(*RUNNERS)
def election_create(request: HttpRequest, slug: str) -> HttpResponse:
    council = permissions.get_council_for_election_runner(user=request.user, slug=slug)
    form = council_forms.ElectionForm(posted(request), council=council)

    def create() -> Election:
        data = dict(form.cleaned_data)
        return services.election_create(
            actor=acting_user(request),
            council=council,
            constituency=data.pop("constituency"),
            title=data.pop("title"),
            **data,
        )

    return service_form_page(
        request,
        form=form,
        call=create,
        success=_("Election set up. It stays hidden until nominations open."),
        redirect_to=_manage_url,
        title=_("Set up an election for %(c)s") % {"c": council},
        back_url=council_url(council),
    )


@role_required(*RUNNERS)
def election_edit(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    if election.is_frozen:
        messages.error(request, _("Voting has opened, so this election can no longer be changed."))
        return redirect("council:election-manage", pk=election.pk)
    form = council_forms.ElectionForm(posted(request), instance=election, council=election.council)

    def save() -> Election:
        data = {k: v for k, v in form.cleaned_data.items() if k != "constituency"}
        election.refresh_from_db()
        return services.election_update(actor=acting_user(request), election=election, **data)

    return service_form_page(
        request,
        form=form,
        call=save,
        success=_("Election saved."),
        redirect_to=_manage_url(election),
        title=_("Change %(t)s") % {"t": election},
        back_url=_manage_url(election),
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
            "turnout": selectors.turnout(election=election)
            if election.is_frozen and not election.is_cancelled
            else None,
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
        changed = step(election=election, actor=acting_user(request))
    except ValidationError as exc:
        flash_error(request, exc)
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


def _start_job(request: HttpRequest, election: Election, kind: str) -> HttpResponse:
    job = core_jobs.start(kind=kind, user=request.user, subject=core_jobs.subject_key(election))
    return redirect(job.get_absolute_url())


def _job_underway(election: Election, kind: str) -> Any:
    return core_jobs.active(kind=kind, subject=core_jobs.subject_key(election))


@role_required(*RUNNERS)
@require_http_methods(["GET", "POST"])
def election_close_voting(request: HttpRequest, pk: int) -> HttpResponse:
    """Close voting early: a confirmation page first, then the close runs as a job (it opens
    and mixes every sealed ballot, which takes a while in a large election)."""
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    running = _job_underway(election, council_jobs.CLOSE_VOTING)
    if running is not None:
        return redirect(running.get_absolute_url())
    if election.status != S.VOTING_OPEN:
        messages.error(
            request, _("That step cannot be taken now: the election has already moved on.")
        )
        return redirect("council:election-manage", pk=pk)
    if request.method == "POST":
        return _start_job(request, election, council_jobs.CLOSE_VOTING)
    turnout = selectors.turnout(election=election)
    return render(
        request,
        "council/election_close_confirm.html",
        {
            "election": election,
            "turnout": turnout,
            "not_voted": max(turnout["roll"] - turnout["voted"], 0),
        },
    )


@role_required(*RUNNERS)
@require_http_methods(["GET", "POST"])
def election_count(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the count: a confirmation page first, then the count runs as a job."""
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    running = _job_underway(election, council_jobs.COUNT)
    if running is not None:
        return redirect(running.get_absolute_url())
    if election.status != S.VOTING_CLOSED:
        messages.error(request, _("The count can only be run once, after voting has closed."))
        return redirect("council:election-manage", pk=pk)
    if request.method == "POST":
        return _start_job(request, election, council_jobs.COUNT)
    return render(
        request,
        "council/election_count_confirm.html",
        {"election": election, "turnout": selectors.turnout(election=election)},
    )


@role_required(*RUNNERS)
@require_http_methods(["GET", "POST"])
def election_release(request: HttpRequest, pk: int) -> HttpResponse:
    """GET (or a POST without ``confirm``) asks first; releasing cannot be taken back."""
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    if not is_confirmed(request):
        if election.status != S.COUNTED:
            messages.error(
                request, _("That step cannot be taken now: the election has already moved on.")
            )
            return redirect("council:election-manage", pk=pk)
        report = election.count.report
        return confirm_page(
            request,
            caption=election.title,
            title=_("Release the result?"),
            consequence=_(
                "Everyone will see who was elected, every stage of the count and every ballot "
                "paper (with nothing that says who cast it), and the result cannot be taken back."
            ),
            details=[
                (
                    _("Elected"),
                    ", ".join(plain_count.display_name(n) for n in report["elected"])
                    or _("Nobody"),
                ),
                (_("Ballot papers counted"), str(report["valid"])),
            ],
            warning=_("Check the count on the result page before you release it."),
            yes_label=_("Yes, release the result"),
            back_url=reverse("council:election-results", kwargs={"pk": pk}),
        )
    try:
        services.election_release(actor=acting_user(request), election=election)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("council:election-manage", pk=pk)
    messages.success(request, _("The result is published."))
    return redirect("council:election-results", pk=pk)


@role_required(*RUNNERS)
@require_http_methods(["GET", "POST"])
def election_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel the election: only through the confirmation page, with a reason. GET (or a POST
    without ``confirm``) only asks; a confirmed POST with a reason cancels."""
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    if not election.can_be_cancelled:
        messages.error(
            request,
            _("This election has already been cancelled.")
            if election.is_cancelled
            else _("The result has been released, so this election can no longer be cancelled."),
        )
        return redirect("council:election-manage", pk=pk)
    form = council_forms.ElectionCancelForm(request.POST if is_confirmed(request) else None)
    if is_confirmed(request) and form.is_valid():
        try:
            services.election_cancel(
                actor=acting_user(request), election=election, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                flash_error(request, exc)
                return redirect("council:election-manage", pk=pk)
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The election is cancelled. Members and candidates are being told.")
            )
            return redirect("council:election-detail", pk=pk)
    if election.voting_opened_at is not None:
        consequence = _(
            "Nobody will be elected, and every ballot already cast will be destroyed without "
            "being counted or looked at."
        )
    else:
        consequence = _("Nobody will be elected, and no more nominations or votes can be made.")
    details = [(_("Where it stands now"), election.get_status_display())]
    if election.is_frozen:
        turnout = selectors.turnout(election=election)
        details.append(
            (
                _("Ballots that will be destroyed"),
                _("%(voted)s of %(roll)s people on the roll have voted")
                % {"voted": turnout["voted"], "roll": turnout["roll"]},
            )
        )
    return confirm_page(
        request,
        caption=election.title,
        title=_("Cancel this election?"),
        consequence=consequence,
        details=details,
        warning=_(
            "You cannot undo this. Members and candidates will be told, with your reason, and "
            "the reason will be shown on the election's page."
        ),
        yes_label=_("Yes, cancel this election"),
        back_url=reverse("council:election-manage", kwargs={"pk": pk}),
        destructive=True,
        form=form,
    )


# --- paper ballots ----------------------------------------------------------------------------


@role_required(*RUNNERS)
def paper_mark(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    form = council_forms.PaperVoteMarkForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.paper_vote_mark(
                actor=acting_user(request), election=election, voter=form.cleaned_data["username"]
            ),
            success=_("%(name)s is marked as having voted on paper.")
            % {"name": form.cleaned_data["username"]},
            redirect_to=reverse("council:paper-mark", kwargs={"pk": election.pk}),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/paper_mark.html",
        {"election": election, "form": form, "turnout": selectors.turnout(election=election)},
    )


@role_required(*RUNNERS)
def paper_enter(request: HttpRequest, pk: int) -> HttpResponse:
    election = permissions.get_election_for_user(user=request.user, pk=pk, manage=True)
    candidates = list(selectors.election_candidates(election=election))
    form = voting_forms.RankingForm(posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.paper_ballots_enter(
                actor=acting_user(request),
                election=election,
                rankings=[[c.pk for c in form.cleaned_data["ranking"]]],
            ),
            success=_("Paper ballot entered."),
            redirect_to=reverse("council:paper-enter", kwargs={"pk": election.pk}),
            form=form,
        )
        if done is not None:
            return done
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
    return form_page(
        request,
        form,
        lambda: services.paper_ballots_import_blt(
            actor=acting_user(request), election=election, text=form.cleaned_data["file"]
        ),
        template="council/form_page.html",
        context={
            "title": _("Import paper ballots (BLT file)"),
            "intro": _(
                "The file's candidates must have exactly the names on this ballot paper, and there "
                "cannot be more paper ballots than people marked as voting on paper."
            ),
            "back_url": reverse("council:election-manage", kwargs={"pk": election.pk}),
            "multipart": True,
        },
        success=lambda n: _("%(n)s paper ballots imported.") % {"n": n},
        redirect_to=_manage_url(election),
    )
