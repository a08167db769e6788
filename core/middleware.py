from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
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


# A request id from a trusted proxy is kept only if it is a plain token like these.
SAFE_REQUEST_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]{7,63}\Z")
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
request_logger = logging.getLogger("portal.request")
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` to every log record, so a request's lines can be found together."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def _request_id(request: HttpRequest) -> str:
    if getattr(settings, "REQUEST_ID_FROM_PROXY", False):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        if SAFE_REQUEST_ID.match(offered):
            return offered
    return uuid.uuid4().hex


def _route(request: HttpRequest) -> str:
    """The URL pattern, not the path: ``council/elections/<int:pk>/vote/``. A path can hold
    ids, tokens and, in a query string, names or e-mail addresses; a pattern cannot."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "(no route)"
    return "/" + (match.route or "")


class RequestLogMiddleware:
    """One log line per request, with a request id (also sent back as ``X-Request-ID``).

    The line has the method, the URL pattern (never the raw path or the query string), the
    status and the time taken: no names, usernames, e-mail addresses or phone numbers. An
    ``X-Request-ID`` header is reused only when ``REQUEST_ID_FROM_PROXY`` says a trusted proxy
    sets it, and only if it is a safe token; otherwise the portal makes one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = _request_id(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.monotonic()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            request_logger.info(
                "request_id=%s method=%s route=%s status=%s ms=%d",
                request_id,
                request.method if request.method in KNOWN_METHODS else "OTHER",
                _route(request),
                status,
                (time.monotonic() - started) * 1000,
            )
            request_id_var.reset(token)


class DatabaseUnavailableMiddleware:
    """A dropped or unreachable database gives a plain-English "try again" page (503), not
    a 500. A transaction that was cut off is rolled back by the database, so what the person
    did was saved in full or not at all; the page says so and asks them to check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        request_logger.warning("Database unavailable: %s", type(exception).__name__)
        # Stands alone like 500.html: no context processors, so nothing touches the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        patch_cache_control(response, no_store=True)
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
            max_age=settings.SESSION_ABSOLUTE_LIFETIME,
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
