"""Folding the report's counter rows: a periodic job, never a page.

The database triggers append a row of net change per key and statement (see the comment
above ``FinalCodeCount`` in ``coding.models.counters``), so a report sums a handful of rows
per key.
Folding turns each key's rows into one and drops keys that add up to nothing (the rows of
deleted questions), so the sums stay small. It runs from a Celery beat job
(``consultations.tasks.fold_coding_counters``) so that reading a report never writes.
"""

from __future__ import annotations

from consultations.coding.models.counters import compact_counts


def coding_counts_fold() -> None:
    """Fold every question's counter rows into one row per key. Safe to run twice, and two
    runs at the same moment are safe too.

    Each table is folded by one ``DELETE ... RETURNING`` feeding an ``INSERT`` (so a count
    is never lost or doubled, and rows written meanwhile are kept as they are) under
    ``pg_try_advisory_xact_lock``: a second run that overlaps the first finds the lock taken
    and folds nothing instead of waiting. A second run after the first finds one row per
    key and writes them back unchanged. On SQLite the triggers keep one row per key, so
    there is nothing to fold.
    """
    compact_counts()
