"""Spot answers that look as if they name or locate someone, so the portal can warn (not block).

People answering consultations are asked not to write names, addresses or anything else that
could identify anyone. This module is the second line: after "Continue", a free-text answer
that looks like it holds an e-mail address, a UK phone number, a postcode, a date of birth, a
name or a street address gets a warning with the choice to change it or carry on.

It is deliberately simple (regular expressions and a short list of first names), so it errs
both ways: it will miss some things and flag a few harmless ones. That is why it only warns.
Pure Python, no Django import: the tests feed it examples both ways.
"""

from __future__ import annotations

import re

# What each finding is called on the page ("It looks like it may contain …").
EMAIL = "an e-mail address"
PHONE = "a phone number"
POSTCODE = "a postcode"
BIRTH_DATE = "a date of birth"
NAME = "a name"
ADDRESS = "an address"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.ASCII)
# 07700 900123, +44 7700 900123, 0116 496 0123, (0116) 4960123: 10 or 11 digits after 0 / +44.
_PHONE = re.compile(r"(?<![\d+])(?:\+\s?44|\(?0)[\d\s()-]{8,17}\d", re.ASCII)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2}\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WORD_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\s+(?:19|20)\d{{2}}\b", re.IGNORECASE
)
_BIRTH = re.compile(r"\b(?:born\s+(?:on|in)|date\s+of\s+birth|d\.?o\.?b\.?|birthday)\b", re.I)
_NAME_INTRO = re.compile(
    r"\b(?:my\s+name\s+is|my\s+name's|i\s+am\s+called|i'm\s+called|call\s+me"
    r"|(?:i'm|i\s+am|i’m|this\s+is|named|called)(?=\s+[A-Z][a-z]))\s+([A-Z][a-z]+|[a-z]+)",
)
_STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|court|crescent|terrace|way|grove"
    "|gardens|place|square|walk|hill|park|row|mews|flats?"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,4}}[a-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:{_STREET_WORDS})\b", re.IGNORECASE
)
# Common first names in England and Wales (ONS lists), written here so nothing is downloaded.
# Only matched when written with a capital letter, and never at the start of a sentence.
_NAMES = """
    adam alan alex alice amanda amy andrew angela ann anna anne anthony ashley barbara barry ben
    brian carl carol caroline charlie chloe chris christine claire craig daniel danny darren
    dave david dean debbie dennis donna ellie emily emma gary gemma george graham hannah harry
    helen ian jack jackie jake james jamie jane jason jay jennifer jess jessica joanne joe john
    jon jonathan joseph josh julie karen kate katie kelly kevin kieran kim laura lee leanne liam
    lisa louise lucy luke mandy marie mark martin matt matthew michael michelle mike mohammed
    muhammad natalie neil nick nicola paul peter phil rachel rebecca richard rob robert ryan sam
    samantha sarah scott sean sharon simon sophie stephen steve steven stuart susan terry tom
    tony tracey tracy vicky wayne
"""
_FIRST_NAMES = frozenset(_NAMES.split())
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+)\b")


def findings(text: str) -> list[str]:
    """What ``text`` seems to contain that could identify someone, in a fixed order."""
    if not text:
        return []
    found: list[str] = []
    if _EMAIL.search(text):
        found.append(EMAIL)
    if any(_is_phone(m.group(0)) for m in _PHONE.finditer(text)):
        found.append(PHONE)
    if _POSTCODE.search(text):
        found.append(POSTCODE)
    has_date = bool(_NUMERIC_DATE.search(text) or _WORD_DATE.search(text))
    if _BIRTH.search(text) or (has_date and re.search(r"\bborn\b", text, re.I)):
        found.append(BIRTH_DATE)
    elif has_date and re.search(r"\b(?:19[2-9]\d|200\d)\b", text):
        # A full date in a past century's year is more often a birthday than an appointment.
        found.append(BIRTH_DATE)
    if _NAME_INTRO.search(text) or _has_first_name(text):
        found.append(NAME)
    if _ADDRESS.search(text):
        found.append(ADDRESS)
    return found


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    return digits.startswith("0") and len(digits) in (10, 11)


def _has_first_name(text: str) -> bool:
    for line in text.splitlines():
        stripped = line.strip()
        for match in _CAPITALISED.finditer(stripped):
            if match.start() == 0:
                continue
            if match.group(1).lower() in _FIRST_NAMES:
                return True
    return False


def looks_identifying(text: str) -> bool:
    return bool(findings(text))
