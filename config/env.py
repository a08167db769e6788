"""The one place settings read the environment.

Every setting that can change between machines goes through ``env()`` so that the
embedded defaults (SQLite, a broker that needs no server) live next to the name of the
variable that overrides them, and production can insist on the ones that have no safe
default.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"expected a yes/no value, got {value!r}")


def _to_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


CASTS: dict[type, Callable[[str], Any]] = {bool: _to_bool, list: _to_list, int: int, str: str}


def env(name: str, default: Any = _MISSING, cast: type = str) -> Any:
    """Return the environment variable ``name`` converted with ``cast``.

    Without a default the variable is required: a missing one stops start-up with a
    message naming it, which is what production wants for secrets.
    """
    raw = os.environ.get(name)
    if raw is None or (raw == "" and default is not _MISSING):
        if default is _MISSING:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    try:
        return CASTS[cast](raw)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"The environment variable {name} is not valid: {exc}") from exc
