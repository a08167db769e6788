"""Cells for CSV and XLSX exports that a spreadsheet will never run as a formula.

Every export in the portal carries text that people typed (answers, names, titles,
journeys). Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and a tab or carriage return before one) as a formula, which can fetch
URLs or run commands when the file is opened ("CSV injection", OWASP). A leading
apostrophe makes the spreadsheet show the text as typed.
"""

from __future__ import annotations

import csv
import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A signed number written as text ("-12.50" in an STV count) is not a formula; left alone
# so the spreadsheet still reads it as a number.
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` unchanged unless it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, out: Any) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])
