"""Export actions as CSV or XLSX (for staff): one row per action, in a fixed number of queries.

The file is written by ``core/exports.py`` (one writer for every export in the portal): cells
that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or carriage
return) get a leading apostrophe, so an action title cannot become a formula on the finance
team's computer. A large export takes seconds, so it is built by a background job
(``actionplan/jobs.py``), which also records it in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from django.db import models
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from actionplan.models import Action, ActionSource, ActionUpdate, SourceKind, Status, Theme
from actionplan.rag import Rag
from core.exports import Sheet, csv_bytes, xlsx_bytes
from users.models import User

PROGRESS_EVERY = 1000

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


def _person(user: User | None) -> str:
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


def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
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
            # Annotated by export_queryset (the stubs do not see annotations).
            getattr(action, "latest_on", None) or "",
            getattr(action, "latest_note", None) or "",
        ]


def build(
    qs: QuerySet[Action],
    fmt: str,
    progress: Callable[[int], None] | None = None,
    *,
    total: int = 0,
) -> bytes:
    """The whole file, CSV or XLSX, through core's formula-safe writers (``core/exports.py``).

    ``progress`` is told the share done (0-99) of ``total`` rows every ``PROGRESS_EVERY`` rows,
    for the job page.
    """

    def counted() -> Iterator[list[Any]]:
        for n, row in enumerate(rows(qs), start=1):
            if progress and total and n % PROGRESS_EVERY == 0:
                progress(n * 99 // total)
            yield row

    if fmt == "xlsx":
        return xlsx_bytes([Sheet("Actions", COLUMNS, counted())])
    return csv_bytes(COLUMNS, counted())
