"""Session rules that allauth has no setting for."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths a person who must set up 2FA may still reach: the set-up itself, signing out, and
# what those pages need.
_MFA_SETUP_ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/static/",
    "/healthz",
)


class MFARequiredMiddleware:
    """Send staff-type users without two-factor authentication to its set-up page.

    They can do nothing else until it is on, so a leaked staff password alone never opens a
    page with personal data on it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.requires_mfa
            and not request.path.startswith(_MFA_SETUP_ALLOWED_PREFIXES)
            and not is_mfa_enabled(user)
        ):
            messages.info(
                request,
                _(
                    "Your role needs two-factor authentication. "
                    "Set it up before you do anything else."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """End a session 12 hours after sign-in, however active it has been.

    The 30-minute idle timeout is Django's own (SESSION_COOKIE_AGE refreshed on every
    request); this adds the absolute limit.
    """

    KEY = "_portal_signed_in_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(self.KEY)
            now = time.time()
            if started is None:
                request.session[self.KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                messages.info(request, _("You were signed out after 12 hours. Sign in again."))
                return redirect(reverse("account_login"))
        return self.get_response(request)
