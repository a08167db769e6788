"""What the action-plan views share: the RAG rule they show, links and the list filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actionplan.rag import AMBER_PROGRESS_BELOW, AMBER_WINDOW_DAYS

if TYPE_CHECKING:
    from actionplan import forms

GET_POST = require_http_methods(["GET", "POST"])
RAG_RULE = {"amber_days": AMBER_WINDOW_DAYS, "amber_below": AMBER_PROGRESS_BELOW}


def plan_url(pk: int) -> str:
    return reverse("actionplan:plan-detail", kwargs={"pk": pk})


def action_url(pk: int) -> str:
    return reverse("actionplan:action-detail", kwargs={"pk": pk})


def action_filters(request: HttpRequest, form: forms.ActionFilterForm) -> dict:
    """The action list's filters (``form`` bound to ``request.GET``) as the selector takes them;
    none when the form is refused."""
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    return {
        "plan": data.get("plan"),
        "status": data.get("status") or "",
        "rag": data.get("rag") or "",
        "theme": data.get("theme") or "",
        "public": data.get("public") or "",
        "owner": request.user if data.get("mine") else None,
        "search": (data.get("q") or "").strip(),
    }
