"""Reading what a request sends: integers first.

Integers that arrive in a query string, a form or an uploaded file are read through
``int_param`` (returns ``None`` or raises ``ValueError`` with a plain-English reason) or, in a
view, ``get_int_or_400`` (a bad value is a 400 page, never a 500). Why not
``value.isdigit()`` then ``int(value)``: ``"²".isdigit()`` is true and ``int("²")`` raises, while
``int("٣")`` quietly gives 3; and ``int("99999999999999999999")`` is fine in Python but overflows
a database integer when it reaches a query. So: ASCII digits only, and a range (ids default to
1..2**31-1, the largest value a PostgreSQL ``integer`` column holds).

The pure part, ``parse_ascii_int``, has no Django import, so ``council/stv.py`` (which runs
without Django) uses the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    # For types only: core sits below users and does not import it at run time.
    from users.models import User

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


def request_user(request: HttpRequest) -> User:
    """The signed-in person, in a view behind ``login_required`` (or a role check).

    Those decorators send an anonymous visitor to sign in before the view runs, so an
    anonymous visitor here is a view missing its decorator: refused (403), never served.
    A signed-in ``request.user`` is always a ``users.User`` (``AUTH_USER_MODEL``).
    """
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def acting_user(request: HttpRequest) -> User | None:
    """Who is acting, for the audit log: the signed-in person, or ``None`` (anonymous)."""
    user = request.user
    return user if user.is_authenticated else None


def posted(request: HttpRequest) -> Any:
    """The POST data to bind a form with, even when empty (so an empty submit shows errors)."""
    return request.POST if request.method == "POST" else None


# Paginating


def paginate(request: HttpRequest, object_list: Any, per_page: int) -> Page[Any]:
    """The page of ``object_list`` that ``?page=`` asks for (the last one when it is past the
    end, the first when it is not a number), as every list page in the portal shows it."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))
