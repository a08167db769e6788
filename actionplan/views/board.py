"""'You said, we did': the public board of actions and what became of them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actionplan import forms, permissions, selectors
from actionplan.views._common import RAG_RULE
from core.http import paginate


# Public on purpose: the report's people asked to see that involvement is not tokenistic,
# and the board holds nothing that identifies anyone (only public actions, no names).
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    form = forms.BoardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.board_actions(**filters), 20)
    items = [selectors.board_item(action) for action in page.object_list]
    return render(
        request,
        "actionplan/action_board.html",
        {
            "form": form,
            "page": page,
            "items": items,
            "summary": selectors.board_summary(),
            "filtered": bool(filters.get("theme") or filters.get("status")),
            "rag_rule": RAG_RULE,
        },
    )


@require_GET
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_public_action(pk=pk)
    return render(
        request,
        "actionplan/action_board_detail.html",
        {
            "item": selectors.board_item(action),
            "updates": selectors.board_updates(action=action),
            "milestones": selectors.board_milestones(action=action),
            "rag_rule": RAG_RULE,
        },
    )
