"""Phone numbers: one place that reads what a person typed and stores it as E.164.

Every form that takes a phone number uses :func:`normalise_phone`; everything that sends a text
checks :func:`can_take_texts` first. Numbers are stored as E.164 (``+447700900123``), which is
what GOV.UK Notify and every other SMS gateway expects.

Only ASCII digits are accepted. ``phonenumbers`` would quietly read Arabic-Indic or other
Unicode digits, and Python's ``str.isdigit`` says yes to superscripts like ``²``; a person who
types those has not typed a phone number we can check back with them.
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "GB"

# What a person may type around the digits: spaces, dashes, dots, brackets and a leading +.
_TYPED = re.compile(r"\+?[0-9 ()\-.]+", re.ASCII)

# Ofcom keeps 07700 900000 to 07700 900999 for drama and examples; they reach nobody, so the
# demo and the tests use them. ``phonenumbers`` does not count them as valid UK numbers.
_EXAMPLE_MOBILES = re.compile(r"\+447700900[0-9]{3}", re.ASCII)

_TEXTABLE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}

INVALID_MESSAGE = _(
    "Enter a UK mobile number, like 07700 900 123, or a number with its country code"
)
NOT_MOBILE_MESSAGE = _(
    "This number cannot get text messages. Enter a mobile number, or choose another way "
    "for us to send you messages."
)


def _parse(text: str) -> phonenumbers.PhoneNumber | None:
    text = (text or "").strip()
    if not text or len(text) > 30 or not _TYPED.fullmatch(text):
        return None
    try:
        return phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone(text: str) -> str:
    """Return the number as E.164, ``""`` for blank, or raise ValidationError in plain English."""
    if not (text or "").strip():
        return ""
    number = _parse(text)
    if number is None:
        raise ValidationError(INVALID_MESSAGE, code="invalid")
    e164 = _e164(number)
    if not (phonenumbers.is_valid_number(number) or _EXAMPLE_MOBILES.fullmatch(e164)):
        raise ValidationError(INVALID_MESSAGE, code="invalid")
    return e164


def can_take_texts(stored: str) -> bool:
    """Whether a stored number is a well-formed number that can get text messages."""
    if not stored:
        return False
    try:
        e164 = normalise_phone(stored)
    except ValidationError:
        return False
    if e164 != stored:  # not yet normalised: never send to a number we have not checked
        return False
    if _EXAMPLE_MOBILES.fullmatch(e164):
        return True
    return phonenumbers.number_type(phonenumbers.parse(e164)) in _TEXTABLE


def validate_stored_phone(value: str) -> None:
    """Model field validator: what is stored is blank or E.164 (the admin uses this)."""
    if value and normalise_phone(value) != value:
        raise ValidationError(
            _("Store the number with its country code and no spaces, like +447700900123."),
            code="not_e164",
        )
