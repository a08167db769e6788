"""Counters kept by the database (see the comment below) and their compaction."""

from __future__ import annotations

from django.db import models

from consultations.coding.models.codebooks import Code
from consultations.coding.models.items import CodingItem
from consultations.models.questions import Question

# --- Counters kept by the database ------------------------------------------------------------
#
# The report's counts, kept exact by database triggers (migration 0003) on ``FinalCode`` and
# ``CodingItem``, so every writer keeps them right without knowing about them: the services,
# the demo loader, the national seeder's ``COPY``, the admin, cascading deletes (retention,
# account erasure, deleting a consultation) and hand-written SQL.
#
# Why delta rows and not one row per key:
#
# * On PostgreSQL the triggers are statement-level with transition tables: one bulk ``COPY``
#   of 1,500,000 final codes adds one row per (question, code), not 1,500,000 row triggers.
# * Each statement *inserts* its net change as new rows and never updates a shared row. So
#   two coders saving at the same moment never wait for each other on a hot counter row,
#   can never deadlock on one (a settlement that swaps code A for B while another swaps B
#   for A would, with ``UPDATE ... SET n = n + 1``), and never lose a count.
# * A count is therefore ``SUM`` over a handful of rows per key. ``compact_counts`` folds a
#   question's rows into one per key (dropping keys that sum to nothing) with one
#   ``DELETE ... RETURNING`` feeding an ``INSERT``, under a try-lock so two compactions never
#   wait on each other; a periodic job calls it (``services.counters.coding_counts_fold``),
#   never a page: reading a report only sums the rows not yet folded.
#
# On SQLite (one writer at a time, row-level triggers) the triggers update the key's one row
# in place, so there is never more than one row per key and nothing to compact.
#
# The question and code are kept as plain ids without a database constraint: a question's
# rows are deleted by its cascade in whatever order Django chooses, and a constraint would
# refuse the delta rows written as its final codes go. Rows of a deleted question sum to
# zero and are dropped by the next compaction (the periodic fold takes every question's rows).


class FinalCodeCount(models.Model):
    """Per question and code: how many answers have it as a final code, how many as example."""

    question = models.ForeignKey(
        Question,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    code = models.ForeignKey(
        Code, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    answers = models.IntegerField(default=0)
    exemplars = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["question", "code"],
                name="coding_final_count_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Code {self.code_id} of question {self.question_id}: {self.answers}"


class CodingItemCount(models.Model):
    """Per question: how many answers are in each state and, of the answers coded by two
    coders (``paired``), how many had each pair of code sets (for agreement)."""

    question = models.ForeignKey(
        Question,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    state = models.CharField(max_length=20, choices=CodingItem.State.choices)
    paired = models.BooleanField(default=False)
    first_codes = models.CharField(max_length=500, blank=True)
    second_codes = models.CharField(max_length=500, blank=True)
    items = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["question", "state", "paired", "first_codes", "second_codes"],
                name="coding_item_count_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Question {self.question_id}, {self.state}: {self.items}"


def compact_counts(question_ids: list[int] | None = None) -> None:
    """Fold the counter rows of ``question_ids`` (all when None) into one row per key.

    PostgreSQL only (SQLite's triggers keep one row per key). One statement per table: the
    ``DELETE ... RETURNING`` takes exactly the rows it removes, so rows written meanwhile by
    other transactions are kept as they are; ``pg_try_advisory_xact_lock`` makes a second
    compaction running at the same moment skip instead of waiting.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    where = "question_id = ANY(%s)" if question_ids is not None else "TRUE"
    params = [list(question_ids)] if question_ids is not None else []
    statements = (
        (
            FinalCodeCount._meta.db_table,
            "question_id, code_id",
            "sum(answers), sum(exemplars)",
            "answers, exemplars",
            "sum(answers) <> 0 OR sum(exemplars) <> 0",
        ),
        (
            CodingItemCount._meta.db_table,
            "question_id, state, paired, first_codes, second_codes",
            "sum(items)",
            "items",
            "sum(items) <> 0",
        ),
    )
    with connection.cursor() as cursor:
        for table, keys, sums, values, nonzero in statements:
            cursor.execute(
                f"WITH gone AS (DELETE FROM {table} WHERE {where} "  # noqa: S608 (own names)
                f"AND (SELECT pg_try_advisory_xact_lock(hashtext('{table}'))) RETURNING *) "
                f"INSERT INTO {table} ({keys}, {values}) "
                f"SELECT {keys}, {sums} FROM gone GROUP BY {keys} HAVING {nonzero}",
                params,
            )
