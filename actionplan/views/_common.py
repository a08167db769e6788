"""What the action-plan views share: the RAG rule they show, links, the list filters, and
the one-form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actionplan.rag import AMBER_PROGRESS_BELOW, AMBER_WINDOW_DAYS
from core.http import run_service

if TYPE_CHECKING:
    from django import forms as django_forms
    from django_stubs_ext import StrOrPromise

    from actionplan import forms

T = TypeVar("T")

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


def run_form(
    request: HttpRequest,
    form: django_forms.BaseForm,
    call: Callable[[], T],
    *,
    success: StrOrPromise,
    redirect_to: str | Callable[[T], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A one-form page: on a valid POST, ``call`` the service through ``run_service`` (its
    success message and redirect, or its refusal on the form); otherwise, or when refused,
    draw ``template`` with the form and ``context``."""
    if request.method == "POST" and form.is_valid():
        done = run_service(request, call, success=success, redirect_to=redirect_to, form=form)
        if done is not None:
            return done
    return render(request, template, {"form": form, **context})
