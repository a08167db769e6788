"""Review of double-coded answers the two coders disagreed on: a lead coder settles them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from consultations.coding import permissions, selectors, services
from consultations.coding.forms import read_choice
from consultations.coding.models import CodingItem
from consultations.coding.permissions import CODERS
from core.http import acting_user, error_text, paginate
from users.permissions import role_required

GET_POST = require_http_methods(["GET", "POST"])


@role_required(*CODERS)
@require_GET
def coding_review(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, lead=True)
    page = paginate(request, selectors.disagreements(consultation), 20)
    items = list(page.object_list)
    passes = selectors.passes_for(items)
    return render(
        request,
        "consultations/coding/review_list.html",
        {
            "consultation": consultation,
            "page": page,
            "rows": [(item, passes.get(item.pk, [])) for item in items],
        },
    )


@role_required(*CODERS)
@GET_POST
def coding_settle(request: HttpRequest, pk: int, item_id: str) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, lead=True)
    item = permissions.get_item_for_lead(
        user=request.user, consultation=consultation, item_id=item_id
    )
    if item.state != CodingItem.State.DISAGREEMENT and item.settled_at is None:
        messages.info(request, _("That answer does not need settling."))
        return redirect("consultations:coding-review", pk=consultation.pk)
    setup = item.question.coding_setup
    passes = selectors.passes_for([item]).get(item.pk, [])
    agreed = set.intersection(*[{c.pk for c in p.codes} for p in passes]) if passes else set()
    chosen_codes = agreed
    chosen_exemplars: set[int] = set()
    note = item.settle_note
    none_fits = False
    error = ""
    if request.method == "POST":
        posted = read_choice(request.POST)
        try:
            services.coding_settle(
                item=item,
                actor=acting_user(request),
                code_ids=posted.code_ids,
                exemplar_ids=posted.exemplar_ids,
                none_fits=posted.none_fits,
                note=posted.note,
            )
        except (ValidationError, services.CodingError) as exc:
            error = error_text(exc)
            chosen_codes, chosen_exemplars = set(posted.code_ids), set(posted.exemplar_ids)
            note, none_fits = posted.note, posted.none_fits
        else:
            messages.success(request, _("Settled. The final codes are saved."))
            following = selectors.disagreements(consultation).first()
            if following is not None:
                return redirect(
                    "consultations:coding-settle", pk=consultation.pk, item_id=following.pk
                )
            return redirect("consultations:coding-review", pk=consultation.pk)
    marks: dict[int, list[str]] = {}
    for index, p in enumerate(passes):
        for code in p.codes:
            marks.setdefault(code.pk, []).append(
                _("first coder") if index == 0 else _("second coder")
            )
    tree = selectors.code_tree(setup.codebook_id)
    for t in tree:
        t.marks = _(" and ").join(marks.get(t.code.pk, []))
    return render(
        request,
        "consultations/coding/settle.html",
        {
            "consultation": consultation,
            "item": item,
            "question": item.question,
            "setup": setup,
            "passes": passes,
            "codes": tree,
            "chosen_codes": chosen_codes,
            "chosen_exemplars": chosen_exemplars,
            "none_fits": none_fits,
            "note": note,
            "error": error,
        },
    )
