"""The CSV import checks size before it builds anything (bytes, rows, cells) and reads
numbers as ASCII digits in range: a clear message naming the row, nothing imported, no 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplan import services
from actionplan.forms import ImportForm
from actionplan.models import Action, ActionSource, ActionUpdate
from actionplan.services import imports
from tests.actionplan.factories import ObjectiveFactory, create_action

pytestmark = pytest.mark.django_db

HEADER = (
    "objective,title,description,owner,champion,due_date,status,reason,progress,theme,public,"
    "source_kind,source_summary,source_count\n"
)
UPDATES = "action,date,note,status,reason,progress,evidence_link\n"


@pytest.fixture
def plan(staff):
    objective = ObjectiveFactory(number=1)
    ObjectiveFactory(plan=objective.plan, number=2)
    ObjectiveFactory(plan=objective.plan, number=3)
    return objective.plan


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


def _good(staff, objective: str = "1", **cells: str) -> str:
    row = {
        "objective": objective,
        "title": "T",
        "description": "D",
        "owner": staff.username,
        "due_date": "2027-01-31",
        **cells,
    }
    columns = HEADER.strip().split(",")
    return ",".join(row.get(c, "") for c in columns)


def _errors(result) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in result.errors]


@pytest.mark.parametrize("value", ["²", "٣", "+1", "1_0", "99999999999999999999", "-1", "1.0"])
def test_objective_numbers_are_ascii_digits_in_range(plan, staff, value):
    result = services.actions_import(plan=plan, data=_csv(_good(staff, value)), actor=staff)
    assert _errors(result) == [
        (
            2,
            "objective",
            f"'{value}' is not a number from the plan. Write it in digits, like 12.",
        )
    ]
    assert not Action.objects.exists()


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", " 1 2"])
def test_update_action_numbers_are_ascii_digits_in_range(plan, staff, value):
    action = create_action(by=staff, objective=plan.objectives.first())
    before = ActionUpdate.objects.count()
    data = _csv(f"{action.pk},,Met,,,,", f'"{value}",,Met again,,,,', header=UPDATES)
    result = services.updates_import(plan=plan, data=data, actor=staff)
    assert [(row, column) for row, column, _m in _errors(result)] == [(3, "action")]
    assert "is not a number from the plan" in result.errors[0].message
    assert ActionUpdate.objects.count() == before


@pytest.mark.parametrize("value", ["٣٠", "²", "99999999999999999999%"])
def test_progress_is_ascii_digits(plan, staff, value):
    result = services.actions_import(
        plan=plan, data=_csv(_good(staff, progress=value)), actor=staff
    )
    assert _errors(result) == [(2, "progress", "Progress must be a whole number from 0 to 100.")]
    assert not Action.objects.exists()


def test_a_huge_source_count_is_a_row_error_not_a_crash(plan, staff):
    row = _good(
        staff,
        source_kind="Suggestion made at an event",
        source_summary="Said at the event",
        source_count="99999999999999999999",
    )
    result = services.actions_import(plan=plan, data=_csv(row), actor=staff)
    assert [(r, c) for r, c, _m in _errors(result)] == [(2, "source_count")]
    assert "whole number" in result.errors[0].message
    assert not ActionSource.objects.exists()


def test_too_many_rows_names_the_row(plan, staff, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_ROWS", 3)
    rows = [_good(staff, title=f"T{i}") for i in range(4)]
    result = services.actions_import(plan=plan, data=_csv(*rows), actor=staff)
    assert _errors(result) == [
        (5, "", "Row 5: the file has more than 3 rows. Split it into smaller files.")
    ]
    assert not Action.objects.exists()


def test_a_row_with_too_many_cells_is_refused(plan, staff):
    wide = _good(staff) + "," * 60
    result = services.actions_import(plan=plan, data=_csv(_good(staff), wide), actor=staff)
    assert _errors(result) == [(3, "", "Row 3 has 74 cells; a row can have at most 50.")]
    assert not Action.objects.exists()


def test_a_header_with_too_many_cells_is_refused(plan, staff):
    data = _csv(_good(staff), header=HEADER.strip() + "," * 100 + "\n")
    result = services.actions_import(plan=plan, data=data, actor=staff)
    assert _errors(result) == [(1, "", "Row 1 has 114 cells; a row can have at most 50.")]


def test_a_cell_too_long_is_refused(plan, staff):
    row = _good(staff, reason="x" * 10_001)
    result = services.actions_import(plan=plan, data=_csv(_good(staff), row), actor=staff)
    assert _errors(result) == [(3, "", "Row 3 has a cell longer than 10000 characters.")]
    assert not Action.objects.exists()


def test_broken_csv_names_the_row(plan, staff):
    data = _csv(_good(staff), _good(staff), '1,"x' + "y" * 200_000)
    result = services.actions_import(plan=plan, data=data, actor=staff)
    assert _errors(result)[0][0] == 4
    assert _errors(result)[0][2] == "Row 4: we could not read the file as CSV from here."
    assert not Action.objects.exists()


def test_form_refuses_a_big_file_before_reading_it(monkeypatch):
    monkeypatch.setattr("actionplan.forms.MAX_IMPORT_BYTES", 10)

    class Unreadable(SimpleUploadedFile):
        def read(self, *args, **kwargs):
            raise AssertionError("the file was read before its size was checked")

        def chunks(self, *args, **kwargs):
            raise AssertionError("the file was read before its size was checked")

    form = ImportForm(data={"kind": "actions"}, files={"file": Unreadable("plan.csv", b"x" * 11)})
    assert not form.is_valid()
    assert form.errors["file"] == [
        "The file must be smaller than 2 MB. Split it into smaller files."
    ]


# --- through the page ----------------------------------------------------------------------


def test_page_unicode_digits_are_a_row_error_not_a_500(client_for, plan, staff):
    action = create_action(by=staff, objective=plan.objectives.first())
    upload = SimpleUploadedFile(
        "u.csv", _csv(f"{action.pk},,Met,,,,", "²,,Again,,,,", header=UPDATES)
    )
    response = client_for(staff).post(
        f"/action-plan/plans/{plan.pk}/import/", {"kind": "updates", "file": upload}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "is not a number from the plan" in page
    assert not ActionUpdate.objects.filter(note__in=["Met", "Again"]).exists()
    assert b"Traceback" not in response.content


def test_page_refuses_a_big_file(client_for, plan, staff):
    upload = SimpleUploadedFile("big.csv", _csv(_good(staff)) + b"#" * (2 * 1024 * 1024))
    response = client_for(staff).post(
        f"/action-plan/plans/{plan.pk}/import/", {"kind": "actions", "file": upload}
    )
    assert response.status_code == 200
    assert "smaller than 2 MB" in response.content.decode()
    assert not Action.objects.exists()
