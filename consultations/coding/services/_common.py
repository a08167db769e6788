"""What every coding service shares: its errors and saving with validation."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from consultations.services._common import ConsultationError

M = TypeVar("M", bound=models.Model)


class CodingError(ConsultationError):
    """A coding rule was broken; the message says so in plain English."""


class CodingConflict(CodingError):
    """Someone else got there first (the answer was coded, settled or withdrawn)."""

    default_message = _("Someone else has just coded that answer. Here is the next one.")


def _save(obj: M, **kwargs: Any) -> M:
    obj.full_clean(**kwargs)
    obj.save()
    return obj


def validation_message(error: ValidationError) -> str:
    """One plain sentence from a model ``ValidationError`` (for commands and imports)."""
    return " ".join(str(m) for m in error.messages)
