"""core.exports: one writer for every download; each is audited before it is sent."""

from __future__ import annotations

import io

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from core.exports import Sheet, csv_download, filename_for, xlsx_download
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/x/")
    request.user = user
    return request


def test_csv_streams_formula_safe_cells_and_is_audited(staff):
    rows = (["=HYPERLINK(1)", 3, "-12.50"] for _ in range(3))
    response = csv_download(
        _request(staff),
        filename="answers.csv",
        header=["Answer", "Count", "Votes"],
        rows=rows,
        audit_action="consultations.answers.exported",
        detail={"question": 7},
    )
    event = AuditEvent.objects.get(action="consultations.answers.exported")
    assert event.actor == staff and event.detail == {"format": "csv", "question": 7}
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeffAnswer,Count,Votes")
    assert "'=HYPERLINK(1),3,-12.50" in body
    assert response["Content-Disposition"] == 'attachment; filename="answers.csv"'
    assert response["Cache-Control"] == "no-store"


def test_xlsx_sheets_and_audit(staff):
    response = xlsx_download(
        _request(staff),
        filename=filename_for('Claims "2026"\n', ".xlsx"),
        sheets=[Sheet("Summary", ["Name"], [["@SUM(A1)"]]), Sheet("x" * 40, [], [[1]])],
        audit_action="peersupport.expenses.exported",
    )
    assert response["Content-Disposition"] == 'attachment; filename="claims-2026.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "x" * 31]
    assert book["Summary"]["A2"].value == "'@SUM(A1)"
    assert AuditEvent.objects.filter(action="peersupport.expenses.exported").count() == 1
