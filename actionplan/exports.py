"""Export actions as CSV or XLSX (for staff): one row per action, in a fixed number of queries.

Cells that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or
carriage return) get a leading apostrophe, so an action title cannot become a formula on
the finance team's computer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from actionplan.models import Action, ActionSource, ActionUpdate, SourceKind, Status, Theme
from actionplan.rag import Rag
from core.spreadsheets import safe_cell

COLUMNS = [
    "id",
    "plan",
    "objective",
    "title",
    "description",
    "owner",
    "champion",
    "due_date",
    "status",
    "reason",
    "progress",
    "rag",
    "theme",
    "public",
    "sources",
    "latest_update_date",
    "latest_update",
]


def _person(user) -> str:
    return user.username if user else ""


def export_queryset(qs: QuerySet[Action]) -> QuerySet[Action]:
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-happened_on", "-pk")
    return (
        qs.select_related("objective__plan", "owner", "champion")
        .annotate(
            latest_note=Subquery(latest.values("note")[:1]),
            latest_on=Subquery(latest.values("happened_on")[:1]),
        )
        .prefetch_related(Prefetch("sources", queryset=ActionSource.objects.order_by("pk")))
    )


def _labels(choices) -> dict[str, str]:
    # Translated once per export, not once per cell (gettext dominated a 20,000-row export).
    return {value: str(label) for value, label in choices.choices}


def rows(qs: QuerySet[Action], today: date | None = None) -> Iterator[list[Any]]:
    today = today or timezone.localdate()
    kinds, statuses, rags, themes = (_labels(c) for c in (SourceKind, Status, Rag, Theme))
    # In chunks, so a national export streams in bounded memory.
    for action in export_queryset(qs).iterator(chunk_size=2000):
        sources = "; ".join(
            f"{kinds[s.kind]}: {s.summary}" + (f" ({s.count})" if s.count else "")
            for s in action.sources.all()
        )
        yield [
            action.pk,
            action.objective.plan.title,
            action.objective.number,
            action.title,
            action.description,
            _person(action.owner),
            _person(action.champion),
            action.due_on,
            statuses[action.status],
            action.status_reason,
            action.progress,
            rags[action.rag(today)],
            themes[action.theme],
            "yes" if action.is_public else "no",
            sources,
            action.latest_on or "",
            action.latest_note or "",
        ]


def iter_csv(qs: QuerySet[Action]) -> Iterator[str]:
    """The CSV file a few hundred rows at a time, for a streaming response."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for n, row in enumerate(rows(qs), start=1):
        writer.writerow([safe_cell(v.isoformat() if isinstance(v, date) else v) for v in row])
        if n % 500 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def to_csv(qs: QuerySet[Action]) -> str:
    return "".join(iter_csv(qs))


def to_xlsx(qs: QuerySet[Action]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Actions")
    sheet.append(COLUMNS)
    for row in rows(qs):
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
