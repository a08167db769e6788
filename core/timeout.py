"""Signing out after 30 minutes of doing nothing, without losing anyone's work.

The idle limit itself is Django's (``SESSION_COOKIE_AGE``, refreshed on every request). This
module adds what the GOV.UK timeout-warning pattern needs around it:

* a marker cookie (signed, holds nothing about the person) that says "someone was signed in
  on this browser". When a request arrives signed out but with the marker, the session has
  lapsed, so the sign-in page can say "You were signed out because you had not done anything
  for 30 minutes". Signing out on purpose (or the 12-hour limit) removes the marker, so
  those are never mistaken for a lapse; the sign-in page shows the message once.
* the time a page will sign you out at, for people without JavaScript;
* :func:`sign_out_idle`: what the warning dialog calls when nobody answers it (a question
  page first saves the answers so far as a draft).

See ``core.middleware.IdleSignOutMiddleware`` and ``static/js/timeout-dialog.js``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

MARKER_COOKIE = "portal_was_signed_in"
MARKER_SALT = "core.timeout.marker"
# How long before the limit the dialog opens (GOV.UK: two minutes).
WARNING_SECONDS = 120


def idle_limit_minutes() -> int:
    return settings.SESSION_COOKIE_AGE // 60


def signs_out_at(now: datetime | None = None) -> datetime:
    """When a page shown now will sign its reader out if they do nothing."""
    return (now or timezone.now()) + timedelta(seconds=settings.SESSION_COOKIE_AGE)


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` if it is a path on this site (it starts with one "/"), otherwise the home
    page. Anything else, a bare word like ``0`` included, is never a place to go."""
    if (
        candidate
        and candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse("core:home")


def sign_out_idle(request: HttpRequest, *, next_url: str) -> HttpResponse:
    """Sign out for doing nothing and go to the sign-in page, which then brings them back."""
    if request.user.is_authenticated:
        logout(request)
    # Tells the middleware to keep (or set) the marker although the person just signed out.
    request.signed_out_for_idling = True  # type: ignore[attr-defined]
    query = urlencode({"next": safe_next(request, next_url)})
    return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
