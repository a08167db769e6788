"""Money as ``Decimal`` pounds and pence: reading what people type, and writing it back.

Never a float: amounts are parsed from text straight into ``Decimal`` and rounded to the
penny with ROUND_HALF_UP (the rounding people expect: 4.505 would become 4.51, though an
amount typed with three decimal places is refused rather than rounded).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
MONEY_MESSAGE = _("Enter an amount in pounds and pence, like 4.50")
MILES_MESSAGE = _("Enter the miles as a number, like 12 or 12.5")

_MONEY = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$")
_MILES = re.compile(r"^\d{1,4}(?:\.\d)?$")


def parse_money(text: str | None) -> Decimal:
    """'£4.50', '4.5', '1,250' -> Decimal('4.50'), Decimal('4.50'), Decimal('1250.00')."""
    cleaned = (text or "").strip()
    if cleaned.startswith("£"):
        cleaned = cleaned[1:].strip()
    if not _MONEY.match(cleaned):
        raise ValidationError(MONEY_MESSAGE, code="invalid")
    return Decimal(cleaned.replace(",", "")).quantize(PENNY)


def parse_miles(text: str | None) -> Decimal:
    cleaned = (text or "").strip().lower().removesuffix("miles").removesuffix("mi").strip()
    if not _MILES.match(cleaned):
        raise ValidationError(MILES_MESSAGE, code="invalid")
    return Decimal(cleaned).quantize(TENTH)


def mileage_amount(miles: Decimal, pence_per_mile: Decimal) -> Decimal:
    """Miles times the rate, in pounds, to the penny."""
    return (miles * pence_per_mile / Decimal(100)).quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(value: Decimal | None) -> str:
    """Decimal('1250.5') -> '£1,250.50'."""
    if value is None:
        return ""
    return f"£{value.quantize(PENNY, rounding=ROUND_HALF_UP):,}"
