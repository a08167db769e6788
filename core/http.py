"""Reading what a request sends (integers first), and answering a POST that runs a service
(``run_service``; ``form_page`` for a page of one form).

Integers that arrive in a query string, a form or an uploaded file are read through
``int_param`` (returns ``None`` or raises ``ValueError`` with a plain-English reason) or, in a
view, ``get_int_or_400`` (a bad value is a 400 page, never a 500). Why not
``value.isdigit()`` then ``int(value)``: ``"²".isdigit()`` is true and ``int("²")`` raises, while
``int("٣")`` quietly gives 3; and ``int("99999999999999999999")`` is fine in Python but overflows
a database integer when it reaches a query. So: ASCII digits only, and a range (ids default to
1..2**31-1, the largest value a PostgreSQL ``integer`` column holds).

The pure part, ``parse_ascii_int``, has no Django import, so ``council/stv/`` (which runs
without Django) uses the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django import forms
    from django_htmx.middleware import HtmxDetails
    from django_stubs_ext import StrOrPromise

    from users.models import User

T = TypeVar("T")

MAX_ID = 2**31 - 1  # the largest PostgreSQL ``integer`` (and Django AutoField) value
MAX_PAGE = 100_000  # a page number past this is a typo or a probe, not a reader
_INT = re.compile(r"[0-9]+", re.ASCII)
_SIGNED_INT = re.compile(r"-?[0-9]+", re.ASCII)
# Longer than this cannot be in any range we use; refuse before converting (int() on a very
# long string is slow by design in Python 3.11+ and raises past 4,300 digits).
_MAX_DIGITS = 40


def parse_ascii_int(raw: object, *, allow_negative: bool = False) -> int | None:
    """The integer written in ``raw`` with ASCII digits only (no spaces, no "+"), or ``None``.

    No range check: callers that need one use ``int_param``. Pure Python, no Django.
    """
    if not isinstance(raw, str) or len(raw) > _MAX_DIGITS:
        return None
    pattern = _SIGNED_INT if allow_negative else _INT
    if not pattern.fullmatch(raw):
        return None
    return int(raw)


def int_param(
    raw: object,
    *,
    min_value: int | None = 1,
    max_value: int | None = MAX_ID,
    allow_negative: bool = False,
    required: bool = False,
) -> int | None:
    """Read an integer from a query string, form or file value.

    Returns ``None`` when ``raw`` is missing or empty (or raises if ``required``). Raises
    ``ValueError`` with a plain-English message when it is not ASCII digits (``²``, ``٣``,
    ``+5``, `` 5 ``) or is outside ``min_value``..``max_value`` (1..2**31-1 by default, so a
    20-digit number cannot overflow a database integer). A leading minus is accepted only with
    ``allow_negative=True``.
    """
    if raw is None or raw == "":
        if required:
            raise ValueError(_("Enter a whole number."))
        return None
    value = parse_ascii_int(raw, allow_negative=allow_negative)
    if value is None:
        raise ValueError(_("Enter a whole number using the digits 0 to 9."))
    if min_value is not None and value < min_value:
        raise ValueError(_("Enter a number of %(min)s or more.") % {"min": min_value})
    if max_value is not None and value > max_value:
        raise ValueError(_("Enter a number of %(max)s or less.") % {"max": max_value})
    return value


def get_int_or_400(
    data: Mapping[str, Any],
    key: str,
    *,
    min_value: int | None = 1,
    max_value: int | None = MAX_ID,
    allow_negative: bool = False,
    required: bool = False,
) -> int | None:
    """``int_param(data.get(key))`` for views: a bad value raises ``BadRequest`` (a 400 page).

    ``data`` is ``request.GET`` or ``request.POST``. Missing or empty gives ``None`` unless
    ``required``.
    """
    try:
        return int_param(
            data.get(key),
            min_value=min_value,
            max_value=max_value,
            allow_negative=allow_negative,
            required=required,
        )
    except ValueError as exc:
        raise BadRequest(f"{key}: {exc}") from exc


# Reading posted data


def posted(request: HttpRequest) -> Any:
    """The POST data to bind a form with, even when empty (so an empty submit shows errors)."""
    return request.POST if request.method == "POST" else None


# Paginating


def paginate(request: HttpRequest, object_list: Any, per_page: int) -> Page[Any]:
    """The page of ``object_list`` that ``?page=`` asks for (the last one when it is past the
    end, the first when it is not a number), as every list page in the portal shows it."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))


# Typed requests


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it: ``request.htmx`` is truthy when htmx
    sent it. For annotating views that answer htmx requests; nothing is made of this class."""

    htmx: HtmxDetails


# The person acting


class AuthedRequest(HttpRequest):
    """The request of a view behind ``role_required`` / ``login_required``: a signed-in User.

    Only for type checking: a view annotates ``request: AuthedRequest`` so ``request.user``
    is a ``User`` (the decorator has already sent anyone anonymous to sign in).
    """

    user: User


def acting_user(request: HttpRequest) -> User:
    """The signed-in person making this request, typed as the portal's ``User``.

    For views behind ``login_required``/``role_required``, where ``request.user`` is always a
    ``User`` (``AUTH_USER_MODEL``); the check narrows the type. Should a view without that guard
    call it, a visitor who is not signed in gets a 403, never a service acting for nobody.
    """
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


# Answering a POST that runs a service


def flash_error(request: HttpRequest, error: ValidationError) -> None:
    """A service's refusal as error banners on the next page."""
    for message in error.messages:
        messages.error(request, message)


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """A refused form's messages as error banners, for a form posted from another page."""
    for errors in form.errors.values():
        for message in errors:
            # Iterating an ErrorList gives each message as text (the stubs allow a
            # ValidationError too); str() keeps it the same text.
            messages.error(request, str(message))


def error_text(error: Exception) -> str:
    """A service error as one plain-English sentence: a ``ValidationError``'s messages joined,
    anything else (a service's own error) by its message."""
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error)


@overload
def run_service(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: StrOrPromise | Callable[[T], StrOrPromise] = ...,
    already: StrOrPromise = ...,
    redirect_to: str,
    form: None = ...,
    errors: tuple[type[Exception], ...] = ...,
) -> HttpResponse: ...


@overload
def run_service(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: StrOrPromise | Callable[[T], StrOrPromise] = ...,
    already: StrOrPromise = ...,
    redirect_to: str | Callable[[T], str],
    form: forms.BaseForm,
    errors: tuple[type[Exception], ...] = ...,
    rename: dict[str, str] | None = ...,
) -> HttpResponse | None: ...


def run_service(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    success: StrOrPromise | Callable[[T], StrOrPromise] = "",
    already: StrOrPromise = "",
    redirect_to: str | Callable[[T], str],
    form: forms.BaseForm | None = None,
    errors: tuple[type[Exception], ...] = (ValidationError,),
    rename: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Run ``call`` (a service call) for a POST and say how it went, the way every page does.

    When it works: ``success`` (a message, or a function of what the call returned) is shown
    as a success message, and the answer is a redirect to ``redirect_to`` (a URL or URL name,
    or a function of what the call returned). With ``already``, a call that returns a false
    value (the service had nothing to do: a second click on "Approve") shows ``already`` as an
    information message instead. When it raises one of ``errors``: with a
    ``form``, the error goes on the form beside its field (``core.forms.add_service_errors``,
    with its ``rename`` of a model field to the form field that stands for it) and the answer
    is ``None``, so the view draws the form again; without one, the error is shown as error
    messages (a ``ValidationError`` a banner for each of its messages, as ``flash_error``;
    a service's own error by its message) and the answer is the same redirect. An error not
    in ``errors`` is not caught.
    """
    try:
        result = call()
    except errors as exc:
        if form is None:
            if isinstance(exc, ValidationError):
                flash_error(request, exc)
            else:
                messages.error(request, error_text(exc))
        else:
            from core.forms import add_service_errors  # core.forms imports this module

            add_service_errors(form, exc, rename=rename)
            return None
    else:
        if already and not result:
            messages.info(request, already)
        else:
            message = success(result) if callable(success) else success
            if message:
                messages.success(request, message)
        return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
    if callable(redirect_to):
        raise TypeError("Without a form, run_service needs a redirect that is not a function.")
    return redirect(redirect_to)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[], T],
    *,
    template: str,
    context: Mapping[str, Any] | None = None,
    success: StrOrPromise | Callable[[T], StrOrPromise] = "",
    already: StrOrPromise = "",
    redirect_to: str | Callable[[T], str],
    errors: tuple[type[Exception], ...] = (ValidationError,),
    rename: dict[str, str] | None = None,
) -> HttpResponse:
    """A page of one form whose valid POST runs ``call`` (a service call), as every such page
    answers.

    A POST whose ``form`` is valid goes through ``run_service`` (``success``, ``already``,
    ``redirect_to``, ``errors`` and ``rename`` are its own): when the call works, its message
    and redirect. Otherwise (a GET, a refused form, or a service refusal now on the form) the
    page is drawn again: ``template`` with ``form`` and ``context``. ``call`` runs only for a
    valid form; build it as a closure over ``form.cleaned_data``.
    """
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            call,
            success=success,
            already=already,
            redirect_to=redirect_to,
            form=form,
            errors=errors,
            rename=rename,
        )
        if done is not None:
            return done
    return render(request, template, {"form": form, **(context or {})})
