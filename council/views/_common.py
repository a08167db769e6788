"""What the council views share: who runs what, and the small page helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_stubs_ext import StrOrPromise

from core.http import paginate as core_paginate
from core.http import run_service
from council.models import AgendaItem, Meeting, Minutes
from users.roles import Role

T = TypeVar("T")

RUNNERS = (Role.RETURNING_OFFICER,)
MANAGERS = (Role.STAFF,)
ALL_ROLES = tuple(Role.values)
# Who plans meetings and sets their agendas.
ORGANISERS = (Role.STAFF,)
GET_POST = require_http_methods(["GET", "POST"])
PAGE = 50


def paginate(request: HttpRequest, qs: Any, size: int = PAGE) -> Any:
    """core.http.paginate, with council's usual page size."""
    return core_paginate(request, qs, size)


def service_form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    call: Callable[[], T],
    success: StrOrPromise | Callable[[T], StrOrPromise],
    redirect_to: str | Callable[[T], str],
    title: StrOrPromise,
    back_url: str,
    intro: StrOrPromise = "",
    already: StrOrPromise = "",
) -> HttpResponse:
    """A one-form page whose valid POST runs a service (``core.http.run_service``): the
    redirect when it works, else ``council/form_page.html`` with the form and its errors."""
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request, call, success=success, already=already, redirect_to=redirect_to, form=form
        )
        if done is not None:
            return done
    return render(
        request,
        "council/form_page.html",
        {"form": form, "title": title, "back_url": back_url, "intro": intro},
    )


def council_url(council: Any) -> str:
    return reverse("council:council-detail", kwargs={"slug": council.slug})


def meeting_url(meeting: Meeting) -> str:
    return reverse("council:meeting-detail", kwargs={"pk": meeting.pk})


def item_url(item: AgendaItem) -> str:
    return reverse("council:agenda-item-detail", kwargs={"pk": item.pk})


def minutes_url(meeting_id: int) -> str:
    return reverse("council:meeting-minutes", kwargs={"pk": meeting_id})


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes, or None before anyone has drafted them."""
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None
