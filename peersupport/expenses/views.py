"""Travel expense pages: claim, check, send; approve or reject; export for finance; mark paid."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import drafts
from core.audit_actions import AuditAction
from core.confirm import confirm_page, is_confirmed
from core.exports import XLSX_TYPE, csv_download
from core.http import (
    AuthedRequest,
    flash_error,
    flash_form_errors,
    form_page,
    paginate,
    run_service,
)
from peersupport import permissions, services
from peersupport.expenses import selectors
from peersupport.expenses.export import COLUMNS, csv_lines, to_xlsx
from peersupport.expenses.forms import (
    ClaimForm,
    DecideForm,
    ExportForm,
    MarkPaidForm,
    MileageRateForm,
    SubmitClaimForm,
)
from peersupport.expenses.services import CLAIM_WITHIN_DAYS, is_approver
from peersupport.models import ClaimStatus, ExpenseClaim
from users.permissions import role_required
from users.roles import Role

PEER_STAFF = Role.STAFF
# Approved claims offered for "mark paid" at once (oldest approval first).
TO_PAY_BATCH = 50
# Claims waiting for a decision a page at a time, and recent decisions shown.
CLAIMS_PAGE = 25


def _claim_url(pk: int) -> str:
    return reverse("peersupport:claim-detail", kwargs={"pk": pk})


def _source_key(claim) -> str:
    return f"session-{claim.occurrence_id}" if claim.occurrence_id else f"shift-{claim.shift_id}"


# --- Mentors ---------------------------------------------------------------------------


# A claim typed but not yet saved, kept when the timeout warning signs the mentor out.
CLAIM_DRAFT = "peersupport.expense_claim"


@role_required(Role.MENTOR)
@require_GET
def claim_list(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, selectors.my_claims(user=request.user), 25)
    return render(request, "peersupport/expenses/expenseclaim_list.html", {"page": page})


def _save_new_claim(request: AuthedRequest, form: ClaimForm) -> ExpenseClaim:
    """Save the new claim; only once it is saved is the form draft kept for a timeout dropped."""
    claim = services.claim_save(claimant=request.user, **form.service_kwargs())
    drafts.draft_delete(user=request.user, key=CLAIM_DRAFT)
    return claim


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def claim_create(request: AuthedRequest) -> HttpResponse:
    """A new claim. Saving makes a draft claim; until then what is typed is kept as a form
    draft if the timeout warning signs the mentor out (issue 16)."""
    if request.method == "POST" and request.POST.get("action") == "timeout":
        return drafts.save_and_sign_out(request, key=CLAIM_DRAFT)
    sources = selectors.claimable(user=request.user)
    initial = drafts.draft_initial(user=request.user, key=CLAIM_DRAFT)
    form = ClaimForm(request.POST or None, request.FILES or None, initial=initial, sources=sources)
    form.helper.attrs = {"data-timeout-save": ""}
    return form_page(
        request,
        form,
        lambda: _save_new_claim(request, form),
        template="peersupport/expenses/expenseclaim_form.html",
        context={"sources": sources, "days": CLAIM_WITHIN_DAYS, "claim": None},
        success=_("Claim saved. Check it, then send it."),
        redirect_to=lambda claim: _claim_url(claim.pk),
    )


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def claim_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    claim = permissions.get_own_claim(user=request.user, pk=pk)
    if claim.status != ClaimStatus.DRAFT:
        messages.error(request, _("This claim has been sent, so it cannot be changed."))
        return redirect("peersupport:claim-detail", pk=claim.pk)
    sources = selectors.claimable(user=request.user, keep=claim)
    initial = {
        "source": _source_key(claim),
        "journey_from": claim.journey_from,
        "journey_to": claim.journey_to,
        "mode": claim.mode,
        "miles": claim.miles or "",
        "amount": "" if claim.is_mileage else claim.amount,
    }
    form = ClaimForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        sources=sources,
        has_receipt=bool(claim.receipt),
    )
    return form_page(
        request,
        form,
        lambda: services.claim_save(claimant=request.user, claim=claim, **form.service_kwargs()),
        template="peersupport/expenses/expenseclaim_form.html",
        context={"sources": sources, "days": CLAIM_WITHIN_DAYS, "claim": claim},
        success=_("Claim saved. Check it, then send it."),
        redirect_to=_claim_url(claim.pk),
    )


@role_required(Role.MENTOR, PEER_STAFF)
@require_GET
def claim_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    claim = permissions.get_claim_for_user(user=request.user, pk=pk)
    return _claim_page(request, claim)


def _claim_page(
    request: AuthedRequest, claim, *, submit_form: SubmitClaimForm | None = None
) -> HttpResponse:
    """The claim, and the forms its reader may use. A refused ``submit_form`` comes back with
    its errors, shown in the error summary at the top and next to the tick box (issue 16)."""
    mine = claim.claimant_id == request.user.pk
    decide_form = None
    if submit_form is not None:
        submit_form.summary_at_top = True  # drawn at the top of the page, not mid-page
    elif mine and claim.status == ClaimStatus.DRAFT:
        submit_form = SubmitClaimForm()
    if submit_form is not None:
        submit_form.helper.form_action = reverse(
            "peersupport:claim-submit", kwargs={"pk": claim.pk}
        )
    if not mine and is_approver(request.user) and claim.status == ClaimStatus.SUBMITTED:
        decide_form = DecideForm()
        decide_form.helper.form_action = reverse(
            "peersupport:claim-decide", kwargs={"pk": claim.pk}
        )
    return render(
        request,
        "peersupport/expenses/expenseclaim_detail.html",
        {
            "claim": claim,
            "mine": mine,
            "submit_form": submit_form,
            "decide_form": decide_form,
            "is_approver": is_approver(request.user),
        },
    )


@role_required(Role.MENTOR)
@require_POST
def claim_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    claim = permissions.get_own_claim(user=request.user, pk=pk)
    form = SubmitClaimForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, submit_form=form)
    return run_service(
        request,
        lambda: services.claim_submit(claim=claim, actor=request.user, declaration=True),
        success=_("Claim sent. We will tell you when it is approved and when it is paid."),
        redirect_to=_claim_url(claim.pk),
    )


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def claim_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET (or a POST without ``confirm``) asks first."""
    claim = permissions.get_own_claim(user=request.user, pk=pk)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=_("Delete this draft claim?"),
            consequence=_("The draft and any receipt you added to it will be deleted for good."),
            yes_label=_("Yes, delete the draft"),
            back_url=reverse("peersupport:claim-detail", kwargs={"pk": claim.pk}),
            destructive=True,
        )
    try:
        services.claim_delete(claim=claim, actor=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("peersupport:claim-detail", pk=claim.pk)
    messages.success(request, _("Draft deleted."))
    return redirect("peersupport:claim-list")


@role_required(Role.MENTOR, PEER_STAFF)
@require_GET
@never_cache
def claim_receipt(request: AuthedRequest, pk: int) -> FileResponse:
    """The receipt file, only to the claimant and the staff who approve expenses."""
    claim = permissions.get_claim_for_user(user=request.user, pk=pk)
    if not claim.receipt:
        raise Http404
    try:
        handle = claim.receipt.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=claim.receipt_name or "receipt",
        content_type=claim.receipt_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Staff -----------------------------------------------------------------------------


@role_required(PEER_STAFF)
@require_GET
def expenses_staff(request: AuthedRequest) -> HttpResponse:
    """Claims to decide, approved claims to pay (with totals), and recent decisions."""
    waiting = selectors.claims_with_status(ClaimStatus.SUBMITTED)
    to_pay = selectors.to_pay()
    # Marked paid a batch at a time, oldest approval first: 500 checkboxes made the page
    # take half a second to draw with a national backlog (the totals still count them all).
    to_pay_rows = list(to_pay[:TO_PAY_BATCH])
    pay_form = MarkPaidForm(claims=[c for c in to_pay_rows if c.claimant_id != request.user.pk])
    pay_form.helper.form_action = reverse("peersupport:claims-mark-paid")
    return render(
        request,
        "peersupport/expenses/expenseclaim_staff.html",
        {
            "waiting": paginate(request, waiting, CLAIMS_PAGE),
            "waiting_totals": selectors.totals(waiting),
            "to_pay": to_pay_rows,
            "to_pay_totals": selectors.totals(to_pay),
            "pay_form": pay_form,
            "recent": list(selectors.recently_closed()[:CLAIMS_PAGE]),
            "rates": list(selectors.mileage_rates()[:30]),
        },
    )


@role_required(PEER_STAFF)
@require_POST
def claim_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    claim = permissions.get_claim_for_approver(user=request.user, pk=pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.claim_decide(
                claim=claim, actor=request.user, approve=approve, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(
                request,
                _("Claim approved. The mentor has been told.")
                if approve
                else _("Claim not approved. The mentor has been told why."),
            )
            return redirect("peersupport:expenses-staff")
    else:
        flash_form_errors(request, form)
    return redirect("peersupport:claim-detail", pk=claim.pk)


@role_required(PEER_STAFF)
@require_POST
def claims_mark_paid(request: AuthedRequest) -> HttpResponse:
    to_pay = list(selectors.to_pay()[:500])
    form = MarkPaidForm(request.POST, claims=to_pay)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("peersupport:expenses-staff")
    return run_service(
        request,
        lambda: services.claims_mark_paid(
            claim_ids=form.cleaned_data["claims"],
            actor=request.user,
            reference=form.cleaned_data["reference"],
        ),
        success=lambda paid: (
            ngettext(
                "%(n)d claim marked as paid. The mentor has been told.",
                "%(n)d claims marked as paid. The mentors have been told.",
                len(paid),
            )
            % {"n": len(paid)}
        ),
        redirect_to="peersupport:expenses-staff",
    )


@role_required(PEER_STAFF)
@require_GET
def expenses_export(request: AuthedRequest) -> HttpResponseBase:
    """Approved claims not yet paid, for finance: CSV (the default) or XLSX, with a total."""
    form = ExportForm(request.GET or None)
    kind = (form.cleaned_data.get("format") if form.is_valid() else "") or "csv"
    claims = selectors.to_pay()
    stamp = f"{timezone.localdate():%Y-%m-%d}"
    if kind != "xlsx":
        return csv_download(
            request,
            filename=f"travel-expenses-{stamp}.csv",
            header=COLUMNS,
            rows=csv_lines(claims),
            audit_action=AuditAction.PEERSUPPORT_CLAIMS_EXPORT,
            detail={"claims": claims.count()},
        )
    services.claims_exported(actor=request.user, count=claims.count(), kind=kind)
    # The workbook keeps its own writer for its cell formats (pounds, dates, bold totals), which
    # core.exports' write-only sheets do not carry; it is audited the same way, by the service.
    response = HttpResponse(to_xlsx(claims), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="travel-expenses-{stamp}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def mileage_rates(request: AuthedRequest) -> HttpResponse:
    form = MileageRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.mileage_rate_set(actor=request.user, **form.cleaned_data),
            success=_("Rate saved. Journeys from that date use it."),
            redirect_to="peersupport:mileage-rates",
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "peersupport/expenses/mileagerate_list.html",
        {"form": form, "rates": list(selectors.mileage_rates()[:100])},
    )
