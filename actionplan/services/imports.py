"""Import actions and updates from a CSV file: every row, or (on any problem) none.

Staff keep action plans in spreadsheets; typing each action in again is the kind of chore
that stops progress being recorded. So a file is checked row by row first and every problem
is reported with its row number and column, in plain English. Only a file with no problems
is written, inside one transaction, through the same services as the forms (so history,
audit and notifications are the same). A problem found while writing (say a rule that
depends on an earlier row) rolls the whole file back and is reported the same way.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.models import Action, Objective, Plan, SourceKind, Status, Theme
from actionplan.services.actions import action_create
from actionplan.services.sources import SourceInput, clean_link
from actionplan.services.updates import update_post
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User
from users.roles import Role

# Limits, checked before anything is built. 2 MB holds a few thousand rows with long
# descriptions; the upload form refuses a bigger file by its size, before reading it.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
# A plan has tens of actions and a quarter's updates a few hundred: 2,000 rows is far more,
# and every row goes through the same services as a form (a few queries each).
MAX_IMPORT_ROWS = 2000
# The widest file has 15 columns. Spreadsheets add some empty ones at the edge, so up to 50
# cells a row are read; more means this is not one of our files (and each cell costs memory).
MAX_IMPORT_CELLS_PER_ROW = 50
# The longest cell we keep is a 5,000-character description; a cell over 10,000 characters
# is refused (Python's csv module would read up to 131,072).
MAX_IMPORT_CELL_CHARS = 10_000
# Ids and counts are whole numbers in ASCII digits: ``int()`` alone takes "٣", "+3" and
# "1_000", and ``str.isdigit()`` is true for "²", which ``int()`` then refuses. Anything
# above the database's integer range cannot name a row (and would make the query fail).
_WHOLE = re.compile(r"[0-9]+", re.ASCII)
MAX_ID = 2**31 - 1

ACTION_COLUMNS = [
    "objective",
    "title",
    "description",
    "owner",
    "champion",
    "due_date",
    "status",
    "reason",
    "progress",
    "theme",
    "public",
    "source_kind",
    "source_summary",
    "source_count",
    "source_link",
]
ACTION_REQUIRED = {"objective", "title", "description", "owner", "due_date"}

UPDATE_COLUMNS = ["action", "date", "note", "status", "reason", "progress", "evidence_link"]
UPDATE_REQUIRED = {"action", "note"}

TEMPLATE_EXAMPLES = {
    "actions": {
        "objective": "1",
        "title": "Publish a plain-English housing information pack",
        "description": "Write the pack with members and the housing team, then print it.",
        "owner": "staff.username",
        "champion": "",
        "due_date": "2026-09-30",
        "status": "Not started",
        "reason": "",
        "progress": "0",
        "theme": "Housing",
        "public": "yes",
        "source_kind": "Suggestion made at an event",
        "source_summary": "An information pack co-created by users and housing experts",
        "source_count": "",
        "source_link": "",
    },
    "updates": {
        "action": "12",
        "date": "2026-03-31",
        "note": "First draft reviewed by the council's housing rep.",
        "status": "In progress",
        "reason": "",
        "progress": "40",
        "evidence_link": "",
    },
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


class _FileProblem(ValidationError):
    """The file as a whole cannot be read; ``row`` is the spreadsheet row it stopped at."""

    def __init__(self, message: str, *, row: int = 1) -> None:
        super().__init__(message)
        self.row = row


# --- Reading the file ---------------------------------------------------------------------


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _FileProblem(_("We could not read the file. Save it as 'CSV UTF-8' and try again."))


def _read(data: bytes, *, columns: list[str], required: set[str]) -> list[dict[str, str]]:
    if not data:
        raise _FileProblem(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise _FileProblem(_("The file must be smaller than 2 MB. Split it into smaller files."))
    if b"\x00" in data[:4096]:
        raise _FileProblem(_("This is not a CSV file. Save the spreadsheet as CSV and try again."))
    # csv.reader, not DictReader: the cells of a row are counted before a dict is made.
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    unreadable = _("Row %(row)s: we could not read the file as CSV from here.")
    try:
        first = next(reader, None)
    except csv.Error:
        raise _FileProblem(unreadable % {"row": 1}) from None
    if first is not None:
        _check_cells(first, 1)
    header = [h.strip().lower() for h in (first or [])]
    missing = [c for c in columns if c in required and c not in header]
    if missing:
        raise _FileProblem(
            _("The first row must name the columns. Missing: %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    unknown = [h for h in header if h and h not in columns]
    if unknown:
        raise _FileProblem(
            _("These columns are not recognised: %(cols)s. Use the template.")
            % {"cols": ", ".join(unknown)}
        )
    rows = []
    number = 1
    try:
        for cells in reader:
            number = reader.line_num
            _check_cells(cells, number)
            row = {k: v.strip() for k, v in zip(header, cells, strict=False) if k}
            if any(row.values()):
                rows.append(row)
            if len(rows) > MAX_IMPORT_ROWS:
                raise _FileProblem(
                    _(
                        "Row %(row)s: the file has more than %(n)d rows. "
                        "Split it into smaller files."
                    )
                    % {"row": number, "n": MAX_IMPORT_ROWS},
                    row=number,
                )
    except csv.Error:
        line = reader.line_num or number
        raise _FileProblem(unreadable % {"row": line}, row=line) from None
    if not rows:
        raise _FileProblem(_("The file has no rows under the column names."))
    return rows


def _check_cells(cells: list[str], number: int) -> None:
    if len(cells) > MAX_IMPORT_CELLS_PER_ROW:
        raise _FileProblem(
            _("Row %(row)s has %(n)d cells; a row can have at most %(limit)d.")
            % {"row": number, "n": len(cells), "limit": MAX_IMPORT_CELLS_PER_ROW},
            row=number,
        )
    for cell in cells:
        if len(cell) > MAX_IMPORT_CELL_CHARS:
            raise _FileProblem(
                _("Row %(row)s has a cell longer than %(limit)d characters.")
                % {"row": number, "limit": MAX_IMPORT_CELL_CHARS},
                row=number,
            )


# --- Parsing cells ------------------------------------------------------------------------


def _choice(value: str, choices: type[models.TextChoices], what: str) -> str:
    needle = value.strip().lower()
    for option in choices:
        if needle in (option.value.lower(), str(option.label).lower()):
            return str(option.value)
    raise ValueError(
        _("'%(value)s' is not a %(what)s. Use one of: %(options)s.")
        % {"value": value, "what": what, "options": ", ".join(str(o.label) for o in choices)}
    )


def _date(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("'%(value)s' is not a date. Write it like 2026-03-31.") % {"value": value})


def _whole(value: str) -> int | None:
    """A whole number written in ASCII digits, no bigger than ``MAX_ID``; else None."""
    value = value.strip()
    if not _WHOLE.fullmatch(value) or len(value) > 10 or int(value) > MAX_ID:
        return None
    return int(value)


def _id(value: str) -> int:
    number = _whole(value)
    if number is None:
        raise ValueError(
            _("'%(value)s' is not a number from the plan. Write it in digits, like 12.")
            % {"value": value[:40]}
        )
    return number


def _progress(value: str) -> int:
    number = _whole(value.rstrip("%"))
    if number is None or not 0 <= number <= 100:
        raise ValueError(_("Progress must be a whole number from 0 to 100."))
    return number


def _count(value: str) -> int:
    if value.strip().startswith("-") and _whole(value.strip()[1:]) is not None:
        raise ValueError(_("The count must be 0 or more."))
    number = _whole(value)
    if number is None:
        raise ValueError(_("The count must be a whole number, in digits, like 12."))
    return number


def _yes_no(value: str) -> bool:
    needle = value.strip().lower()
    if needle in {"yes", "y", "true", "1"}:
        return True
    if needle in {"", "no", "n", "false", "0"}:
        return False
    raise ValueError(_("Write yes or no."))


class _Row:
    """Collects the problems of one row while its cells are parsed."""

    def __init__(self, number: int, row: dict[str, str], errors: list[RowError]) -> None:
        self.number, self.row, self.errors = number, row, errors

    def get(
        self,
        column: str,
        parse: Callable[[str], Any] | None = None,
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        value = self.row.get(column, "")
        if not value:
            if required:
                self.errors.append(RowError(self.number, column, _("This cannot be blank.")))
            return default
        if parse is None:
            return value
        try:
            return parse(value)
        except (ValueError, ValidationError) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.errors.append(RowError(self.number, column, message))
            return default

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))


def _service_errors(number: int, exc: ValidationError, rename: dict[str, str]) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        return [
            RowError(number, rename.get(name, name), " ".join(messages))
            for name, messages in exc.message_dict.items()
        ]
    return [RowError(number, "", " ".join(exc.messages))]


def _start(
    data: bytes, *, columns: list[str], required: set[str]
) -> tuple[ImportResult, list[dict[str, str]] | None]:
    """A new result and the file's rows; no rows, and the reason in the result, when the file
    cannot be read as one of ours."""
    result = ImportResult()
    try:
        rows = _read(data, columns=columns, required=required)
    except _FileProblem as exc:
        result.errors.append(RowError(exc.row, "", " ".join(exc.messages)))
        return result, None
    result.rows = len(rows)
    return result, rows


def _users_by_username(names: set[str]) -> dict[str, User]:
    users = User.objects.filter(username__in={n.lower() for n in names}).prefetch_related("groups")
    return {u.username: u for u in users}


# --- Actions ------------------------------------------------------------------------------

_ACTION_RENAME = {
    "objective": "objective",
    "due_on": "due_date",
    "status_reason": "reason",
    "is_public": "public",
    "source_ref": "source_kind",
}


def actions_import(*, plan: Plan, data: bytes, actor: User) -> ImportResult:
    result, rows = _start(data, columns=ACTION_COLUMNS, required=ACTION_REQUIRED)
    if rows is None:
        return result
    objectives = {o.number: o for o in Objective.objects.filter(plan=plan)}
    people = _users_by_username(
        ({r.get("owner", "") for r in rows} | {r.get("champion", "") for r in rows}) - {""}
    )
    parsed: list[tuple[int, dict[str, Any]]] = []
    for index, raw in enumerate(rows, start=2):
        row = _Row(index, raw, result.errors)
        number = row.get("objective", _id, required=True)
        objective = objectives.get(number) if number is not None else None
        if number is not None and objective is None:
            row.error("objective", _("This plan has no objective %(n)s.") % {"n": number})
        owner = people.get(row.get("owner", str.lower, required=True) or "")
        if row.row.get("owner") and owner is None:
            row.error("owner", _("No one has the username '%(u)s'.") % {"u": raw["owner"]})
        elif owner is not None and not owner.has_role(Role.STAFF, Role.SENIOR_MANAGER):
            row.error("owner", _("The owner must be a member of staff or a senior manager."))
        champion = people.get(row.get("champion", str.lower) or "")
        if row.row.get("champion") and champion is None:
            row.error("champion", _("No one has the username '%(u)s'.") % {"u": raw["champion"]})
        elif champion is not None and not champion.has_role(Role.REPRESENTATIVE, Role.MENTOR):
            row.error("champion", _("The user champion must be a representative or a peer mentor."))
        status = row.get(
            "status", lambda v: _choice(v, Status, _("status")), default=Status.NOT_STARTED
        )
        reason = row.get("reason", default="")
        if status in (Status.BLOCKED, Status.DROPPED) and not reason:
            row.error("reason", _("Say why the action is blocked or dropped."))
        kind = row.get("source_kind", lambda v: _choice(v, SourceKind, _("kind of source")))
        summary = row.get("source_summary", default="")
        if kind and not summary:
            row.error("source_summary", _("Say in plain words what was said."))
        if summary and not kind:
            row.error("source_kind", _("Say where this came from."))
        source_count = row.get("source_count", _count)
        source_link = row.get("source_link", lambda v: clean_link(v), default="")
        values = {
            "objective": objective,
            "title": row.get("title", required=True, default=""),
            "description": row.get("description", required=True, default=""),
            "owner": owner,
            "champion": champion,
            "due_on": row.get("due_date", _date, required=True),
            "status": status,
            "status_reason": reason,
            "progress": row.get("progress", _progress, default=0),
            "theme": row.get("theme", lambda v: _choice(v, Theme, _("theme")), default=Theme.OTHER),
            "is_public": row.get("public", _yes_no, default=False),
            "sources": (
                [SourceInput(kind=kind, summary=summary, count=source_count, link=source_link)]
                if kind and summary
                else []
            ),
        }
        for column, limit in (("title", 200), ("description", 5000)):
            if len(raw.get(column, "")) > limit:
                row.error(column, _("Use %(n)d characters or fewer.") % {"n": limit})
        parsed.append((index, values))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for index, values in parsed:
                try:
                    action_create(actor=actor, **values)
                except ValidationError as exc:
                    result.errors.extend(_service_errors(index, exc, _ACTION_RENAME))
                    raise _Rollback from None
                result.created += 1
            audit_record(
                actor=actor,
                action=AuditAction.ACTIONPLAN_ACTIONS_IMPORT,
                obj=plan,
                detail={"rows": result.created},
            )
    except _Rollback:
        result.created = 0
    return result


# --- Updates ------------------------------------------------------------------------------

_UPDATE_RENAME = {
    "happened_on": "date",
    "status_reason": "reason",
    "evidence_file": "evidence_link",
}


def updates_import(*, plan: Plan, data: bytes, actor: User) -> ImportResult:
    result, rows = _start(data, columns=UPDATE_COLUMNS, required=UPDATE_REQUIRED)
    if rows is None:
        return result
    ids = {n for raw in rows if (n := _whole(raw.get("action", ""))) is not None}
    actions = Action.objects.filter(objective__plan=plan).in_bulk(ids)
    parsed: list[tuple[int, Action, dict[str, Any]]] = []
    for index, raw in enumerate(rows, start=2):
        row = _Row(index, raw, result.errors)
        action_id = row.get("action", _id, required=True)
        action = actions.get(action_id) if action_id is not None else None
        if action_id is not None and action is None:
            row.error("action", _("This plan has no action number %(n)s.") % {"n": action_id})
        values = {
            "happened_on": row.get("date", _date),
            "note": row.get("note", required=True, default=""),
            "status": row.get("status", lambda v: _choice(v, Status, _("status")), default=""),
            "status_reason": row.get("reason", default=""),
            "progress": row.get("progress", _progress),
            "evidence_link": row.get("evidence_link", default=""),
        }
        if len(raw.get("note", "")) > 3000:
            row.error("note", _("Use %(n)d characters or fewer.") % {"n": 3000})
        if values["happened_on"] and values["happened_on"] > timezone.localdate():
            row.error("date", _("The date cannot be in the future."))
        if action is not None:
            parsed.append((index, action, values))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for index, action, values in parsed:
                try:
                    update_post(action=action, actor=actor, **values)
                except ValidationError as exc:
                    result.errors.extend(_service_errors(index, exc, _UPDATE_RENAME))
                    raise _Rollback from None
                result.created += 1
            audit_record(
                actor=actor,
                action=AuditAction.ACTIONPLAN_UPDATES_IMPORT,
                obj=plan,
                detail={"rows": result.created},
            )
    except _Rollback:
        result.created = 0
    return result


def template_csv(kind: str) -> str:
    columns = ACTION_COLUMNS if kind == "actions" else UPDATE_COLUMNS
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerow(TEMPLATE_EXAMPLES[kind])
    return out.getvalue()
