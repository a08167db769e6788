"""The coding queue: a coder is given one answer at a time, codes it and gets the next.

It works as plain form posts (post, redirect, next answer) and, with JavaScript, as htmx
requests that swap in the next answer without reloading the page (``request.htmx``).
Coders reach answers only by the coding queue's random IDs and never see who wrote them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations.coding import permissions, selectors, services
from consultations.coding.forms import PostedChoice, read_choice
from consultations.coding.models import CodingItem, QuestionCoding
from consultations.coding.permissions import CODERS
from consultations.models import Question
from core.http import HtmxHttpRequest, acting_user, error_text
from users.models import User
from users.permissions import role_required

GET_POST = require_http_methods(["GET", "POST"])
SKIP_LIMIT = 200


def _skip_key(question: Question) -> str:
    return f"coding-skip-{question.pk}"


def _panel_context(
    *,
    request: HttpRequest,
    consultation,
    question: Question,
    setup: QuestionCoding,
    item: CodingItem | None,
    action: str,
    chosen: dict[str, Any] | None = None,
    error: str = "",
    notice: str = "",
) -> dict[str, Any]:
    profile: list[tuple[str, str]] = []
    held_back = False
    if item is not None and setup.show_profile:
        profile, held_back = selectors.profile_for_coder(item)
    chosen = chosen or {}
    return {
        "consultation": consultation,
        "question": question,
        "setup": setup,
        "codes": selectors.with_shortcuts(selectors.code_tree(setup.codebook_id)),
        "item": item,
        "profile": profile,
        "profile_held_back": held_back,
        "remaining": selectors.queue_remaining(question, request.user),
        "recent": selectors.recent_passes(question, request.user),
        "action": action,
        "chosen_codes": set(chosen.get("codes", ())),
        "chosen_exemplars": set(chosen.get("exemplars", ())),
        "memo": chosen.get("memo", ""),
        "none_fits": chosen.get("none_fits", False),
        "error": error,
        "notice": notice,
    }


def _save_codes(item: CodingItem, actor: User, posted: PostedChoice) -> None:
    services.coding_pass_save(
        item=item,
        actor=actor,
        code_ids=posted.code_ids,
        exemplar_ids=posted.exemplar_ids,
        memo=posted.memo,
        none_fits=posted.none_fits,
    )


def _chosen(posted: PostedChoice) -> dict[str, Any]:
    """What the coder posted, to show it again beside an error."""
    return {
        "codes": posted.code_ids,
        "exemplars": posted.exemplar_ids,
        "memo": posted.memo,
        "none_fits": posted.none_fits,
    }


@role_required(*CODERS)
@GET_POST
def coding_queue(request: HtmxHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk)
    question = permissions.get_question_for_coding(consultation=consultation, pk=question_pk)
    setup = QuestionCoding.objects.filter(question=question).select_related("codebook").first()
    if setup is None:
        return render(
            request,
            "consultations/coding/queue.html",
            {
                "consultation": consultation,
                "question": question,
                "setup": None,
                "is_lead": permissions.is_lead(request.user, consultation),
            },
        )
    action = reverse(
        "consultations:coding-queue", kwargs={"pk": consultation.pk, "question_pk": question.pk}
    )
    skipped = request.session.get(_skip_key(question), [])
    item, error, notice, chosen = None, "", "", None
    if request.method == "POST":
        posted = read_choice(request.POST)
        try:
            current = permissions.get_item_for_coder(
                user=request.user, consultation=consultation, item_id=request.POST.get("item")
            )
        except Http404:
            current = None
            notice = _("That answer has been withdrawn. Here is the next one.")
        if current is not None and request.POST.get("action") == "skip":
            skipped = [*skipped, str(current.pk)][-SKIP_LIMIT:]
            request.session[_skip_key(question)] = skipped
            services.coding_item_release(item=current, actor=acting_user(request))
            notice = _("Skipped. You will not be shown that answer again today.")
        elif current is not None:
            try:
                _save_codes(current, acting_user(request), posted)
            except services.CodingConflict as exc:
                notice = str(exc)
            except (ValidationError, services.CodingError) as exc:
                error = error_text(exc)
                item = current
                chosen = _chosen(posted)
            else:
                notice = _("Saved.")
        if not error and not request.htmx:
            if notice and notice != _("Saved."):
                messages.info(request, notice)
            return redirect(action)
    if item is None:
        item = services.coding_queue_next(
            question=question, actor=acting_user(request), skip=skipped
        )
    context = _panel_context(
        request=request,
        consultation=consultation,
        question=question,
        setup=setup,
        item=item,
        action=action,
        chosen=chosen,
        error=error,
        notice=notice,
    )
    template = (
        "consultations/coding/_queue_panel.html"
        if request.htmx
        else "consultations/coding/queue.html"
    )
    return render(request, template, context)


@role_required(*CODERS)
@GET_POST
def coding_item(request: HttpRequest, pk: int, item_id: str) -> HttpResponse:
    """Change the codes I gave an answer (until a lead coder settles it)."""
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk)
    item = permissions.get_own_item(user=request.user, consultation=consultation, item_id=item_id)
    question = item.question
    setup = question.coding_setup
    codes, exemplars, memo, none_fits = selectors.my_codes(item, request.user)
    chosen = {"codes": codes, "exemplars": exemplars, "memo": memo, "none_fits": none_fits}
    error = ""
    if request.method == "POST":
        posted = read_choice(request.POST)
        try:
            _save_codes(item, acting_user(request), posted)
        except (ValidationError, services.CodingError) as exc:
            error = error_text(exc)
            chosen = _chosen(posted)
        else:
            messages.success(request, _("Your codes for that answer are changed."))
            return redirect(
                "consultations:coding-queue", pk=consultation.pk, question_pk=question.pk
            )
    context = _panel_context(
        request=request,
        consultation=consultation,
        question=question,
        setup=setup,
        item=item,
        action=request.path,
        chosen=chosen,
        error=error,
    )
    context["editing"] = True
    return render(request, "consultations/coding/item_edit.html", context)
