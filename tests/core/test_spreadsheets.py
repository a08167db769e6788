import csv
import io

import pytest

from core.spreadsheets import SafeWriter, safe_cell


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_a_spreadsheet_would_run_is_quoted(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize("kept", ["Housing", "", "-12.50", "+3", "-7", "12", 5, None, 1.5])
def test_plain_text_and_numbers_are_left_alone(kept):
    assert safe_cell(kept) == kept


def test_safe_writer_quotes_every_cell_of_a_row():
    out = io.StringIO()
    SafeWriter(out).writerow(["=1+1", "Alex", "-0.25", "@me"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "Alex", "-0.25", "'@me"]
