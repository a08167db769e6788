"""Every CSV and XLSX download in the portal, written one way, and recorded in the audit log.

An export is where personal data leaves the portal, so each one is audited in the same
place, before the first byte is sent: who took which file, of what, in which format.
Every cell goes through :func:`core.spreadsheets.safe_cell`, so nothing a person typed can
run as a spreadsheet formula.

- :func:`csv_download` streams: rows are written as they are read, so a file of a million
  rows never sits in memory and the first bytes leave at once.
- :func:`xlsx_download` builds the workbook in openpyxl's write-only mode (rows are written
  to a temporary file as they come; an XLSX is a zip, so it cannot be streamed before it is
  finished).
- :func:`csv_bytes` / :func:`xlsx_bytes` with :func:`audit_export` build the same file in
  a background job (``core/jobs.py``) for an export too large to make while a page waits.

Usage::

    return csv_download(
        request, filename="answers.csv", header=["Question", "Answer"], rows=rows,
        audit_action="consultations.answers.exported", obj=consultation,
    )
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.text import slugify

from core.http import acting_user
from core.services import audit_record
from core.spreadsheets import safe_cell

if TYPE_CHECKING:
    from users.models import User

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    """A file-like object whose ``write`` returns what it was given (for streaming csv)."""

    def write(self, value: str) -> str:
        return value


def filename_for(title: str, suffix: str, *, fallback: str = "export") -> str:
    """``"Peer support 2026", "-report.xlsx"`` -> ``peer-support-2026-report.xlsx``."""
    return f"{slugify(title)[:60] or fallback}{suffix}"


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    # slugify-built names only; quotes and newlines never reach the header.
    safe = "".join(c for c in filename if c.isascii() and (c.isalnum() or c in "-_."))
    response["Content-Disposition"] = f'attachment; filename="{safe or "export"}"'
    response["Cache-Control"] = "no-store"


def _audit(
    request: HttpRequest,
    action: str,
    obj: models.Model | None,
    fmt: str,
    detail: dict[str, Any] | None,
) -> None:
    audit_export(
        actor=acting_user(request), action=action, obj=obj, fmt=fmt, detail=detail, request=request
    )


def audit_export(
    *,
    actor: User | None,
    action: str,
    fmt: str,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Record an export in the audit log: for a file built by a background job (no request),
    call it with the person who started the job, in the job, before the file is stored."""
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        detail={"format": fmt, **(detail or {})},
        request=request,
    )


def csv_rows(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The lines of a formula-safe CSV file, with a byte-order mark for spreadsheet programs."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """The same formula-safe CSV as :func:`csv_download`, whole, for a file a job builds."""
    return "".join(csv_rows(header, rows)).encode("utf-8")


def csv_download(
    request: HttpRequest,
    *,
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    audit_action: str,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> StreamingHttpResponse:
    """Stream a CSV file, after recording the export in the audit log."""
    _audit(request, audit_action, obj, "csv", detail)
    response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    _attachment(response, filename)
    return response


@dataclass
class Sheet:
    """One worksheet: a title (at most 31 characters in XLSX), a header and rows."""

    title: str
    header: Sequence[Any] = ()
    rows: Iterable[Sequence[Any]] = field(default_factory=list)


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31] or "Sheet")
        if sheet.header:
            ws.append([safe_cell(v) for v in sheet.header])
        for row in sheet.rows:
            ws.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_download(
    request: HttpRequest,
    *,
    filename: str,
    sheets: Iterable[Sheet],
    audit_action: str,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> HttpResponse:
    """An XLSX workbook of one or more sheets, after recording the export in the audit log."""
    _audit(request, audit_action, obj, "xlsx", detail)
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    _attachment(response, filename)
    return response
