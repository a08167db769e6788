"""What the council views share: who runs what, and the small page helpers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from core.http import paginate as core_paginate
from users.roles import Role

RUNNERS = (Role.RETURNING_OFFICER,)
MANAGERS = (Role.STAFF,)
PAGE = 50


def paginate(request: HttpRequest, qs: Any, size: int = PAGE) -> Any:
    """core.http.paginate, with council's usual page size."""
    return core_paginate(request, qs, size)


def form_page(
    request: HttpRequest, *, form: Any, title: str, back: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "council/form_page.html",
        {"form": form, "title": title, "back_url": reverse(back), "intro": intro},
    )


def council_url(council: Any) -> str:
    return reverse("council:council-detail", kwargs={"slug": council.slug})
