"""The finance export: approved claims not yet paid, as CSV or XLSX, with a total row.

Amounts are written as ``Decimal`` (XLSX cells get a pounds format; CSV gets plain 4.50).
Text that a spreadsheet would run as a formula is defused with a leading apostrophe.
The CSV file is streamed and audited by ``core.exports.csv_download`` (the view gives it
:data:`COLUMNS` and :func:`csv_lines`); the XLSX workbook is built here, for its cell formats.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.spreadsheets import safe_cell
from peersupport.expenses.selectors import totals
from peersupport.models import ExpenseClaim

COLUMNS = [
    "Claim",
    "Mentor",
    "Username",
    "Journey date",
    "For",
    "From",
    "To",
    "How",
    "Miles",
    "Pence per mile",
    "Amount (GBP)",
    "Receipt",
    "Approved by",
    "Approved on",
]


def _rows(qs: QuerySet[ExpenseClaim]) -> Iterator[list[Any]]:
    for claim in qs:
        yield [
            claim.reference,
            claim.claimant.display_name or claim.claimant.username,
            claim.claimant.username,
            claim.journey_date,
            claim.source_title,
            claim.journey_from,
            claim.journey_to,
            claim.get_mode_display(),
            claim.miles,
            claim.pence_per_mile,
            claim.amount,
            "Yes" if claim.receipt else "No",
            claim.decided_by.username if claim.decided_by else "",
            timezone.localdate(claim.decided_at) if claim.decided_at else None,
        ]


def _total_row(qs: QuerySet[ExpenseClaim]) -> list[Any]:
    found = totals(qs)
    row: list[Any] = [""] * len(COLUMNS)
    row[0] = "Total"
    row[1] = f"{found.count} claims"
    row[10] = found.amount
    return row


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def csv_lines(qs: QuerySet[ExpenseClaim]) -> Iterator[list[str]]:
    """The CSV file's rows after the header, as text, ending with the total row."""
    for row in _rows(qs):
        yield [_text(v) for v in row]
    yield [_text(v) for v in _total_row(qs)]


def to_xlsx(qs: QuerySet[ExpenseClaim]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Travel expenses"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(qs):
        sheet.append([safe_cell(v) for v in row])
    sheet.append(_total_row(qs))
    last = sheet.max_row
    for cell in sheet[last]:
        cell.font = Font(bold=True)
    for (cell,) in sheet.iter_rows(min_row=2, min_col=11, max_col=11):
        cell.number_format = '"£"#,##0.00'
    for (cell,) in sheet.iter_rows(min_row=2, max_row=last - 1, min_col=4, max_col=4):
        cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
