"""What the council views share: who runs what, and the small page helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_stubs_ext import StrOrPromise

from core.http import form_page
from core.http import paginate as core_paginate
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
    """``core.http.form_page`` drawn as ``council/form_page.html``, the page council's
    one-form pages share, with its ``title``, ``back_url`` link and ``intro``."""
    return form_page(
        request,
        form,
        call,
        template="council/form_page.html",
        context={"title": title, "back_url": back_url, "intro": intro},
        success=success,
        already=already,
        redirect_to=redirect_to,
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
