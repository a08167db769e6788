"""Keyed hashes that stand in for people and one-time codes.

Every function here uses ``settings.PSEUDONYM_KEY``, which lives in the environment and never
in the database: with a copy of the database and without the key nobody can turn a pseudonym
back into a person, nor test guesses of withdrawal or access codes. Each use has its own
prefix so a value made for one purpose never matches another.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# No 0/O, 1/I/L: codes are read off paper and typed on phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _key() -> bytes:
    key = settings.PSEUDONYM_KEY
    if not key:
        raise ImproperlyConfigured("Set PORTAL_PSEUDONYM_KEY: consultations need it.")
    return key.encode()


def _hmac(message: str) -> str:
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


def pseudonym_for(*, user_id: int, consultation_id: int) -> str:
    """The stand-in for one person in one consultation (different in every consultation)."""
    return _hmac(f"pseudonym:{consultation_id}:{user_id}")


def draft_key_for(*, user_id: int, consultation_id: int) -> str:
    return _hmac(f"draft:{consultation_id}:{user_id}")


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str, *, purpose: str) -> str:
    """Hash a withdrawal or access code so the database never holds a usable one."""
    return _hmac(f"{purpose}:{normalise_code(code)}")


def new_code(length: int = 12, group: int = 4) -> str:
    """A random code like ``7KQ4-MX2P-9TWC`` (12 characters ≈ 59 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
    return "-".join(raw[i : i + group] for i in range(0, length, group))


def new_reference() -> str:
    """A short random reference for staff and the data steward to quote, like ``K7P2-9QXD``."""
    return new_code(8, 4)


def new_link_token() -> str:
    return secrets.token_urlsafe(24)
