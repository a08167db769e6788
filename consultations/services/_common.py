"""Errors and small helpers shared by the consultation services."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ConsultationError(Exception):
    """A rule was broken; ``str(error)`` is a plain-English sentence to show the person."""

    default_message: StrOrPromise = _("Something went wrong. Try again.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(str(message or self.default_message))


class AlreadyAnswered(ConsultationError):
    default_message = _("You have already answered this consultation.")


class NotReady(ConsultationError):
    default_message = _(
        "We are still getting this consultation ready for you. Try again in a few minutes."
    )


class NotOpen(ConsultationError):
    default_message = _("This consultation is not open for answers.")


class ConsentChanged(ConsultationError):
    default_message = _(
        "The information about this consultation changed while you were answering. "
        "Read it again and tick the box to carry on. Your answers are kept."
    )


class InvalidAccessCode(ConsultationError):
    default_message = _("That access code is not right, or it has already been used.")


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years; 29 February becomes 28 February in a non-leap year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
