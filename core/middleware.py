from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control

from core import timeout


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in person must not stay in a shared or back-button cache.

    Many members use a shared or borrowed phone; a cached page could show the next person
    what the last one saw.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response


class RefuseNulBytesMiddleware:
    """A NUL byte in the address, the query string or a posted field is a 400, before any view.

    No person types one, and PostgreSQL refuses it in any text it is given ("A string literal
    cannot contain NUL"), so a lookup such as ``?q=%00`` or ``/open/%00/`` was a 500. Forms
    already refuse it (Django's ``ProhibitNullCharactersValidator``); this covers the values a
    view reads itself. Uploaded files are not looked at: they are bytes, checked by their import.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET):
            raise BadRequest("A NUL byte in the address")
        if request.method == "POST" and _has_nul(request.POST):
            raise BadRequest("A NUL byte in a posted field")
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or "\x00" in value for key, values in data.lists() for value in values)


class IdleSignOutMiddleware:
    """Tell a lapsed session (30 minutes of doing nothing) from signing out on purpose.

    Sets ``request.signed_out_for_idling`` when a signed-out request carries the marker a
    signed-in page left (see ``core.timeout``); the sign-in page then says why, once. Goes
    after the session and authentication middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        marker = request.get_signed_cookie(
            timeout.MARKER_COOKIE,
            default=None,
            salt=timeout.MARKER_SALT,
            max_age=settings.SESSION_ABSOLUTE_LIFETIME.total_seconds(),
        )
        request.signed_out_for_idling = bool(marker) and not was_signed_in  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.user.is_authenticated:
            if not marker:
                self._set(response)
        elif was_signed_in:
            # Signed out just now: on purpose (the marker goes) or by the dialog (it stays).
            if getattr(request, "signed_out_for_idling", False):
                self._set(response)
            else:
                response.delete_cookie(timeout.MARKER_COOKIE, samesite="Lax")
        elif (
            marker
            and request.method == "GET"
            and request.path == reverse("account_login")
            and response.status_code == 200
        ):
            # The sign-in page has said why: say it once.
            response.delete_cookie(timeout.MARKER_COOKIE, samesite="Lax")
        return response

    @staticmethod
    def _set(response: HttpResponse) -> None:
        response.set_signed_cookie(
            timeout.MARKER_COOKIE,
            "1",
            salt=timeout.MARKER_SALT,
            max_age=int(settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
