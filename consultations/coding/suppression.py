"""Small-cell suppression for breakdowns by who answered, so nobody can be picked out.

The rule (after the Office for National Statistics' guidance on disclosure control for
tables):

1. **Primary**: a count from 1 to 4 is shown as "fewer than 5". A group (column) of fewer
   than 5 people shows no counts at all: even a 0 would say something about each of them.
2. **Secondary**: a hidden count must not be recoverable by subtraction. Each code's total
   is shown elsewhere on the page, so a row with exactly one hidden cell gets its smallest
   other cell hidden too; groups' totals add up to the number of coded answers, so the same
   goes for them; and where codes are exclusive (one per answer) a group's cells add up to
   its total, so each column is checked the same way and a hidden total hides its column.
   Repeated until nothing changes.

Cells hidden only to protect another show "not shown" rather than "fewer than 5", which
would be untrue of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

SMALL = 5


@dataclass(frozen=True)
class SuppressedTable:
    cells: list[list[str]]  # rows x columns
    totals: list[str]  # one per column
    hidden_any: bool


def _hide_one_more(values: list[int], hidden: set[int], candidates: list[int]) -> int | None:
    """The index of the smallest visible cell among ``candidates`` (non-zero preferred)."""
    visible = [i for i in candidates if i not in hidden]
    if not visible:
        return None
    nonzero = [i for i in visible if values[i] > 0]
    pool = nonzero or visible
    return min(pool, key=lambda i: (values[i], i))


def suppress(
    matrix: list[list[int]], column_totals: list[int], *, columns_add_up: bool
) -> SuppressedTable:
    """Suppress ``matrix`` (codes x groups) and the groups' totals.

    ``columns_add_up``: each column's cells sum to its total (exclusive codes).
    """
    n_rows = len(matrix)
    n_cols = len(column_totals)
    small_columns = {j for j, total in enumerate(column_totals) if 0 < total < SMALL}
    hidden_totals = set(small_columns)
    primary: set[tuple[int, int]] = set()
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if j in small_columns or 0 < value < SMALL:
                primary.add((i, j))
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        # Group totals add up to the coded answers shown on the page.
        if len(hidden_totals) == 1:
            extra = _hide_one_more(column_totals, hidden_totals, list(range(n_cols)))
            if extra is not None:
                hidden_totals.add(extra)
                changed = True
        # Where a column's cells add up to its total, a hidden total hides its cells too.
        if columns_add_up:
            for j in hidden_totals:
                for i in range(n_rows):
                    if (i, j) not in hidden and matrix[i][j] > 0:
                        hidden.add((i, j))
                        changed = True
        for i, row in enumerate(matrix):
            in_row = {j for j in range(n_cols) if (i, j) in hidden}
            if len(in_row) == 1:
                extra = _hide_one_more(row, in_row, list(range(n_cols)))
                if extra is not None:
                    hidden.add((i, extra))
                    changed = True
        if columns_add_up:
            for j in range(n_cols):
                if j in hidden_totals:
                    continue
                column = [matrix[i][j] for i in range(n_rows)]
                in_column = {i for i in range(n_rows) if (i, j) in hidden}
                if len(in_column) == 1:
                    extra = _hide_one_more(column, in_column, list(range(n_rows)))
                    if extra is not None:
                        hidden.add((extra, j))
                        changed = True

    def label(is_primary: bool) -> str:
        return _("fewer than 5") if is_primary else _("not shown")

    cells = [
        [label((i, j) in primary) if (i, j) in hidden else str(matrix[i][j]) for j in range(n_cols)]
        for i in range(n_rows)
    ]
    totals = [
        label(j in small_columns) if j in hidden_totals else str(column_totals[j])
        for j in range(n_cols)
    ]
    return SuppressedTable(cells=cells, totals=totals, hidden_any=bool(hidden or hidden_totals))
