"""CSV import (validated, all-or-nothing, row-by-row report) and CSV/XLSX export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from actionplan import services
from actionplan.models import Action, ActionUpdate, Status
from core.models import AuditEvent
from tests.actionplan.factories import ObjectiveFactory, create_action

pytestmark = pytest.mark.django_db

HEADER = (
    "objective,title,description,owner,champion,due_date,status,reason,progress,theme,public,"
    "source_kind,source_summary,source_count\n"
)


@pytest.fixture
def plan(staff):
    objective = ObjectiveFactory(number=1)
    ObjectiveFactory(plan=objective.plan, number=2)
    return objective.plan


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


def test_a_good_file_imports_every_row(plan, staff, representative):
    data = _csv(
        f"1,Housing pack,Write it,{staff.username},{representative.username},2027-01-31,"
        "In progress,,40,Housing,yes,Suggestion made at an event,An information pack,",
        f"2,Helpline,Set it up,{staff.username.upper()},,31/03/2027,not_started,,,health,no,"
        "consultation_code,People want a helpline,12",
    )
    result = services.actions_import(plan=plan, data=data, actor=staff)
    assert result.ok, result.errors
    assert result.created == 2
    pack = Action.objects.get(title="Housing pack")
    assert (pack.status, pack.progress, pack.champion, pack.is_public) == (
        "in_progress",
        40,
        representative,
        True,
    )
    helpline = Action.objects.get(title="Helpline")
    assert helpline.sources.get().count == 12
    assert helpline.history.count() == 1
    assert AuditEvent.objects.filter(action="actionplan.actions.import").exists()


def test_one_bad_row_means_nothing_is_imported_and_every_problem_is_listed(plan, staff, member):
    data = _csv(
        f"1,Fine row,Ok,{staff.username},,2027-01-31,,,,,,,,",
        f"9,Bad objective,Ok,{staff.username},,2027-01-31,,,,,,,,",
        f"1,Bad owner,Ok,{member.username},,2027-13-01,Blocked,,150,Gardening,perhaps,,"
        "Orphan summary,",
        f"1,,,nobody,{member.username},,,,,,,event_suggestion,,-3",
    )
    result = services.actions_import(plan=plan, data=data, actor=staff)
    assert not result.ok and result.created == 0
    assert not Action.objects.exists()
    problems = {(e.row, e.column) for e in result.errors}
    assert {
        (3, "objective"),
        (4, "owner"),
        (4, "due_date"),
        (4, "reason"),
        (4, "progress"),
        (4, "theme"),
        (4, "public"),
        (4, "source_kind"),
        (5, "title"),
        (5, "description"),
        (5, "owner"),
        (5, "champion"),
        (5, "due_date"),
        (5, "source_summary"),
        (5, "source_count"),
    } <= problems
    assert (2, "objective") not in problems


def test_a_problem_found_while_writing_rolls_back_the_whole_file(plan, staff):
    action = create_action(by=staff, objective=plan.objectives.first())
    header = "action,date,note,status,reason,progress,evidence_link\n"
    data = _csv(
        f"{action.pk},,First,in_progress,,30,",
        f"{action.pk},,Second,dropped,,,",  # dropped needs a reason: the service says so
        header=header,
    )
    result = services.updates_import(plan=plan, data=data, actor=staff)
    assert not result.ok and result.created == 0
    assert [(e.row, e.column) for e in result.errors] == [(3, "reason")]
    action.refresh_from_db()
    assert (action.status, action.progress) == (Status.NOT_STARTED, 0)
    assert not ActionUpdate.objects.exists()
    assert action.history.count() == 1


def test_updates_import_sets_status_and_progress(plan, staff):
    action = create_action(by=staff, objective=plan.objectives.first())
    other_plan_action = create_action(by=staff)
    header = "action,date,note,status,reason,progress,evidence_link\n"
    bad = services.updates_import(
        plan=plan, data=_csv(f"{other_plan_action.pk},,Nope,,,,", header=header), actor=staff
    )
    assert [(e.row, e.column) for e in bad.errors] == [(2, "action")]
    good = services.updates_import(
        plan=plan,
        data=_csv(
            f"{action.pk},2026-10-01,Met,In progress,,50,https://example.org/a",
            f"{action.pk},,Done,done,,,",
            header=header,
        ),
        actor=staff,
    )
    assert good.ok and good.created == 2
    action.refresh_from_db()
    assert (action.status, action.progress) == (Status.DONE, 100)


@pytest.mark.parametrize("odd", ["²", "٣", "99999999999999999999", "-1", "0", "+1", "9" * 5000])
def test_an_odd_action_number_is_a_row_error_not_a_crash(plan, staff, odd):
    action = create_action(by=staff, objective=plan.objectives.first())
    header = "action,date,note,status,reason,progress,evidence_link\n"
    before = action.updates.count()
    result = services.updates_import(
        plan=plan,
        data=_csv(f"{action.pk},,Fine,,,,", f"{odd},,Odd,,,,", header=header),
        actor=staff,
    )
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "action")]
    assert action.updates.count() == before  # nothing imported on error


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\x00\x01\x02binary", "This is not a CSV file"),
        (b"title,description\nA,B\n", "Missing: objective, owner, due_date"),
        (
            HEADER.replace("\n", ",colour\n").encode() + b"1,a,b,c,,2027-01-01,,,,,,,,,red\n",
            "not recognised: colour",
        ),
        (HEADER.encode(), "no rows under the column names"),
        (HEADER.encode() + b"1,a,b,c,,2027-01-01,,,,,,,,\n" * 2001, "more than 2000 rows"),
        (b"x" * (2 * 1024 * 1024 + 1), "smaller than 2 MB"),
    ],
)
def test_unreadable_files_get_a_plain_message(plan, staff, data, message):
    result = services.actions_import(plan=plan, data=data, actor=staff)
    assert not result.ok
    assert message in result.errors[0].message
    assert not Action.objects.exists()


def test_excel_encodings_are_read(plan, staff):
    row = f"1,Café drop-in,Open a café,{staff.username},,2027-01-31,,,,,,,,\n"
    for data in ((HEADER + row).encode("utf-8-sig"), (HEADER + row).encode("cp1252")):
        Action.objects.all().delete()
        result = services.actions_import(plan=plan, data=data, actor=staff)
        assert result.ok, result.errors
        assert Action.objects.get().title == "Café drop-in"


def test_import_page_shows_the_row_by_row_report(client_for, plan, staff):
    client = client_for(staff)
    upload = SimpleUploadedFile("plan.csv", _csv(f"7,T,D,{staff.username},,2027-01-31,,,,,,,,"))
    response = client.post(
        f"/action-plan/plans/{plan.pk}/import/", {"kind": "actions", "file": upload}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page and "This plan has no objective 7." in page
    assert 'value="actions" checked' in page or "checked" in page
    upload = SimpleUploadedFile("plan.csv", _csv(f"1,T,D,{staff.username},,2027-01-31,,,,,,,,"))
    response = client.post(
        f"/action-plan/plans/{plan.pk}/import/", {"kind": "actions", "file": upload}
    )
    assert response.status_code == 302 and Action.objects.count() == 1


def test_import_page_refuses_other_files(client_for, plan, staff):
    upload = SimpleUploadedFile("plan.xlsx", b"PK\x03\x04")
    response = client_for(staff).post(
        f"/action-plan/plans/{plan.pk}/import/", {"kind": "actions", "file": upload}
    )
    assert response.status_code == 200
    assert "The file must be a CSV file" in response.content.decode()


def test_templates_import_cleanly_after_filling_in(client_for, plan, staff):
    response = client_for(staff).get(f"/action-plan/plans/{plan.pk}/import/actions-template.csv")
    text = response.content.decode().replace("staff.username", staff.username)
    result = services.actions_import(plan=plan, data=text.encode(), actor=staff)
    assert result.ok, result.errors


# --- Export (built by a background job: tests/actionplan/test_export_job.py) --------------


def test_csv_export_follows_the_filters_and_defuses_formulas(client_for, staff, exported):
    create_action(by=staff, title='=HYPERLINK("http://evil")', is_public=True)
    create_action(by=staff, title="Private", is_public=False)
    response = exported(client_for(staff), "csv", "public=yes")
    assert response["Content-Disposition"].startswith('attachment; filename="actions-')
    rows = list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "plan", "objective", "title"]
    assert len(rows) == 2
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'


def test_xlsx_export_opens_in_a_spreadsheet(client_for, staff, exported):
    create_action(by=staff, title="Helpline", status_reason="", progress=20, status="in_progress")
    response = exported(client_for(staff), "xlsx")
    book = load_workbook(io.BytesIO(b"".join(response)), read_only=True)
    rows = list(book["Actions"].iter_rows(values_only=True))
    assert rows[0][3] == "title" and rows[1][3] == "Helpline"
    assert rows[1][8] == "In progress" and rows[1][10] == 20


def test_export_ids_feed_the_updates_import(client_for, plan, staff, exported):
    action = create_action(by=staff, objective=plan.objectives.first())
    text = b"".join(exported(client_for(staff), "csv", f"plan={plan.pk}")).decode("utf-8-sig")
    exported_id = list(csv.DictReader(io.StringIO(text)))[0]["id"]
    result = services.updates_import(
        plan=plan,
        data=f"action,note,progress\n{exported_id},From the export,10\n".encode(),
        actor=staff,
    )
    assert result.ok
    action.refresh_from_db()
    assert action.progress == 10
