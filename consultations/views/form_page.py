"""The one-form page whose POST runs a service, as the staff and coding pages draw it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.http import run_service

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[], T],
    *,
    template: str,
    context: dict[str, Any] | None = None,
    success: StrOrPromise | Callable[[T], StrOrPromise],
    redirect_to: str | Callable[[T], str],
    errors: tuple[type[Exception], ...] = (ValidationError,),
) -> HttpResponse:
    """A valid POST runs ``call`` (``core.http.run_service``: the success message and the
    redirect, or the service's refusal on the form); otherwise, or when it is refused, the
    page is drawn again with ``form`` and ``context``."""
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request, call, success=success, redirect_to=redirect_to, form=form, errors=errors
        )
        if done is not None:
            return done
    return render(request, template, {"form": form, **(context or {})})
