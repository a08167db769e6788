"""An election's published results: the page, its print version, the CSV, the anonymous
ballots (BLT and page) and the receipt list."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.spreadsheets import SafeWriter
from council import permissions, plain_count, selectors, services
from council.forms import voting as voting_forms
from council.models import Election
from council.views._common import paginate


def _results_context(request: HttpRequest, election: Election) -> dict[str, Any]:
    count = election.count
    report = count.report
    return {
        "election": election,
        "count": count,
        "report": report,
        "plain": plain_count.explain(report),
        # From who took part (never from the ballots), so it cannot be matched to a paper.
        "turnout": selectors.turnout(election=election),
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
    page = paginate(request, selectors.ballots_for_list(election=election), 100)
    rows = selectors.ballots_page_rows(election=election, ballots=list(page.object_list))
    return render(
        request, "council/ballot_list.html", {"election": election, "page": page, "rows": rows}
    )


@require_GET
def election_receipts(request: HttpRequest, pk: int) -> HttpResponse:
    election = _released_election(request, pk)
    form = voting_forms.ReceiptCheckForm(request.GET if "code" in request.GET else None)
    found = None
    if form.is_bound and form.is_valid():
        found = services.receipt_is_published(election=election, code=form.cleaned_data["code"])
    page = paginate(request, selectors.receipts_for_list(election=election), 200)
    return render(
        request,
        "council/receipt_list.html",
        {"election": election, "page": page, "form": form, "found": found},
    )
