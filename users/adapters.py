from __future__ import annotations

import base64
import hashlib
from functools import cache

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _(
            "The username or password is not right. Check them and try again."
        ),
        "too_many_login_attempts": _(
            "Too many tries to sign in. Wait a few minutes, then try again."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are made by staff and claimed with an invite slip.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's sign-in limits and session list see the same address as the portal's own
        # limits and audit log (PORTAL_TRUSTED_PROXY_COUNT; see core/client_ip.py).
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.MFA_ENCRYPTION_KEYS)
    if not keys:
        # Development only: production settings refuse to start without MFA_ENCRYPTION_KEYS.
        digest = hashlib.sha256(b"mfa:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(k.encode()) for k in keys])


class MFAAdapter(DefaultMFAAdapter):
    """Encrypt TOTP secrets and recovery-code seeds at rest (allauth stores them in clear)."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _("That code is not right. Type the 6-digit code your app shows now."),
    }

    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()
