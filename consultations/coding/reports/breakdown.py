"""A question's figures broken down by who answered, small cells suppressed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from consultations.coding.models import (
    CodingItem,
    FinalCode,
)
from consultations.coding.reports.figures import QuestionReport
from consultations.coding.selectors import (
    PROFILE_ATTRIBUTES,
)
from consultations.coding.suppression import SuppressedTable, suppress
from consultations.models import Answer, AnswerChoice, Consultation, Question
from consultations.selectors import PROFILE_LABELS, scale_label

# --- Breakdown by who answered ------------------------------------------------------------


@dataclass
class Breakdown:
    attribute: str
    label: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    totals: list[str]
    hidden_any: bool


def _columns(consultation: Consultation, attribute: str, seen: set[str]) -> list[tuple[str, str]]:
    if attribute == "area":
        values = [(a, a) for a in consultation.area_list]
    else:
        values = [(k, str(v)) for k, v in PROFILE_LABELS[attribute].items()]
    known = {k for k, _v in values}
    values += [(v, v) for v in sorted(seen - known - {""})]
    return [*values, ("", _("Not given"))]


def breakdown(report: QuestionReport, attribute: str) -> Breakdown | None:
    """The question's figures by one profile attribute, small cells suppressed. Two queries."""
    if attribute not in dict(PROFILE_ATTRIBUTES):
        return None
    q = report.question
    path = f"answer__submission__{attribute}"
    if report.is_coded:
        totals = dict(
            CodingItem.objects.filter(question=q, state=CodingItem.State.DONE)
            .values_list(path)
            .annotate(n=Count("pk"))
            .values_list(path, "n")
            .order_by()
        )
        cells = {
            (code, value): n
            for code, value, n in FinalCode.objects.filter(question=q)
            .values_list("code", path)
            .annotate(n=Count("pk"))
            .values_list("code", path, "n")
            .order_by()
        }
        row_keys = [(r.code.pk, r.code.name) for r in report.rows if not r.is_folder]
        exclusive = bool(report.setup and report.setup.exclusive)
    elif q.has_choices:
        totals = dict(
            Answer.objects.filter(question=q)
            .values_list(f"submission__{attribute}")
            .annotate(n=Count("pk"))
            .values_list(f"submission__{attribute}", "n")
            .order_by()
        )
        cells = {
            (choice, value): n
            for choice, value, n in AnswerChoice.objects.filter(choice__question=q)
            .values_list("choice", path)
            .annotate(n=Count("pk"))
            .values_list("choice", path, "n")
            .order_by()
        }
        row_keys = [(c.pk, c.label) for c in q.choices.all()]
        exclusive = q.kind != Question.Kind.MULTIPLE_CHOICE
    elif q.kind == Question.Kind.SCALE:
        totals = dict(
            Answer.objects.filter(question=q, number_value__isnull=False)
            .values_list(f"submission__{attribute}")
            .annotate(n=Count("pk"))
            .values_list(f"submission__{attribute}", "n")
            .order_by()
        )
        cells = {
            (v, value): n
            for v, value, n in Answer.objects.filter(question=q, number_value__isnull=False)
            .values_list("number_value", f"submission__{attribute}")
            .annotate(n=Count("pk"))
            .values_list("number_value", f"submission__{attribute}", "n")
            .order_by()
        }
        row_keys = [(v, scale_label(q, v)) for v in range(1, 6)]
        exclusive = True
    else:
        return None
    totals = {(k or ""): n for k, n in totals.items()}
    columns = _columns(q.consultation, attribute, set(totals))
    keys = [k for k, _label in columns]
    cells = {(row, value or ""): n for (row, value), n in cells.items()}
    matrix = [[cells.get((row, k), 0) for k in keys] for row, _l in row_keys]
    table: SuppressedTable = suppress(
        matrix, [totals.get(k, 0) for k in keys], columns_add_up=exclusive
    )
    return Breakdown(
        attribute=attribute,
        label=str(dict(PROFILE_ATTRIBUTES)[attribute]),
        columns=[label for _k, label in columns],
        rows=[(label, cells_) for (_row, label), cells_ in zip(row_keys, table.cells, strict=True)],
        totals=table.totals,
        hidden_any=table.hidden_any,
    )
