"""Thematic coding: codebooks, the coding queue, blind double coding and its settlement.

Imported by ``consultations/models/__init__.py``, so these are models of the
``consultations`` app.

How the tables keep the promises (``tests/consultations/test_coding_*.py`` check them):

* **Coders never see who wrote an answer.** They reach an answer only through its
  ``CodingItem``, whose primary key is a random UUID: the queue's URLs and forms carry no
  answer or submission id, no reference that could be matched to a list of names, and the
  queue is served in that random order, not the order answers came in.
* **Who coded what is always known**: every ``Coding`` and ``CodingPass`` has its coder, and
  one coding per (answer, code, coder) is a database constraint.
* **Blind double coding**: ``CodingItem.is_double`` marks the randomly chosen share. Each
  coder's codes live in their own rows; nobody is shown another coder's codes for an answer
  until both have coded it. A disagreement waits for a lead coder, whose settlement is kept
  beside (never instead of) the two codings.
* **Reports count in the database**: ``FinalCode`` holds one row per answer and final code,
  with the question on the row and indexed, so "how many answers got each code" is one
  ``GROUP BY`` whatever the number of answers.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from consultations.models.consultations import Consultation
from consultations.models.questions import Question
from consultations.models.submissions import Answer
from core.models import TimeStampedModel

colour_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", _("Enter a colour as # and six letters or digits, like #1D70B8.")
)
DEFAULT_COLOUR = "#1D70B8"


class Codebook(TimeStampedModel):
    """A set of codes. Belongs to one consultation, or to none (shared by any question)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it is for"), blank=True)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="codebooks",
        help_text=_("Leave empty to share it across consultations."),
    )
    # The program a codebook was imported from (REFI-QDA ``origin``), for the record.
    origin = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            # The codebook list, searched and sorted by name.
            models.Index(fields=["name"], name="coding_codebook_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Code(models.Model):
    """One code (theme). A code that is not codable is a folder that only groups others."""

    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("inside"),
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(
        _("definition"), blank=True, help_text=_("When to use this code, and when not to.")
    )
    colour = models.CharField(
        _("colour"), max_length=7, default=DEFAULT_COLOUR, validators=[colour_validator]
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    is_codable = models.BooleanField(
        _("can be applied to answers"),
        default=True,
        help_text=_("Untick for a folder that only groups other codes."),
    )
    # REFI-QDA's identity for the code, kept through export and import.
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    is_active = models.BooleanField(default=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["codebook", "position", "id"]
        constraints = [
            # No two live codes with the same name (in any case) under one parent...
            models.UniqueConstraint(
                Lower("name"),
                "codebook",
                "parent",
                condition=Q(is_active=True, parent__isnull=False),
                name="coding_code_name_unique_in_parent",
                violation_error_message=_("There is already a code with that name in that place."),
            ),
            # ...nor at the top level, where the parent is NULL and so never equal.
            models.UniqueConstraint(
                Lower("name"),
                "codebook",
                condition=Q(is_active=True, parent__isnull=True),
                name="coding_code_name_unique_at_top",
                violation_error_message=_("There is already a code with that name in that place."),
            ),
            models.UniqueConstraint(fields=["codebook", "guid"], name="coding_code_guid_unique"),
        ]
        indexes = [
            # Every page draws a codebook's tree in order.
            models.Index(fields=["codebook", "position"], name="coding_code_order_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class CodeMerge(models.Model):
    """That one code was merged into another: its codings moved over, the old code kept."""

    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="merges")
    source = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="merges_in")
    source_name = models.CharField(max_length=200)
    codings_moved = models.PositiveIntegerField(default=0)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name} → {self.target}"


class CodingProject(models.Model):
    """A consultation's coding as a whole: whether its themes are published."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, primary_key=True, related_name="coding"
    )
    themes_published_at = models.DateTimeField(null=True, blank=True)
    themes_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Coding of {self.consultation}"


class CodingLead(models.Model):
    """A lead coder of one consultation: sets up double coding and settles disagreements.

    The person who created the consultation is a lead without a row here, and anyone given
    the ``lead_any_coding`` permission (in the admin) leads every consultation.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="coding_leads"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [("lead_any_coding", "Can lead the coding of every consultation")]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="coding_lead_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} leads coding of {self.consultation_id}"


class QuestionCoding(models.Model):
    """How one free-text question is coded: its codebook and how much is double coded."""

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, primary_key=True, related_name="coding_setup"
    )
    codebook = models.ForeignKey(Codebook, on_delete=models.PROTECT, related_name="questions")
    exclusive = models.BooleanField(
        _("one code for each answer"),
        default=False,
        help_text=_("Tick when the codes are alternatives, like positive, negative or neither."),
    )
    double_share = models.PositiveSmallIntegerField(
        _("share coded by two people (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    show_profile = models.BooleanField(
        _("show 'about you' answers to coders"),
        default=True,
        help_text=_(
            "Gender, ethnic group, age band and area, only where at least 5 people share them."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Coding of question {self.question_id}"


class CodingItem(models.Model):
    """One free-text answer's place in the coding queue, and where its coding has got to."""

    class State(models.TextChoices):
        TO_CODE = "to_code", _("Still to code")
        AWAITING_SECOND = "awaiting_second", _("Waiting for a second coder")
        DISAGREEMENT = "disagreement", _("Coders disagree: waiting for a lead coder")
        DONE = "done", _("Coded")

    QUEUE_STATES = (State.TO_CODE, State.AWAITING_SECOND)

    # Random, so neither the URL nor the queue's order says anything about the submission.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="coding_item")
    # Indexed by coding_item_queue_idx, which starts with the question.
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    is_double = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.TO_CODE)
    passes_done = models.PositiveSmallIntegerField(default=0)
    first_coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Both coders' sets of codes as sorted ids ("3,7"), written once both have coded, so
    # agreement is one GROUP BY over these two columns.
    first_codes = models.CharField(max_length=500, blank=True)
    second_codes = models.CharField(max_length=500, blank=True)
    # Who is looking at it in the queue now, so two coders are not shown the same answer.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    claimed_until = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    settle_note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(passes_done__lte=2), name="coding_item_at_most_two_passes"
            ),
        ]
        indexes = [
            # The queue (next answer in a state, in random id order) and the report's
            # counts of answers by state for a question.
            models.Index(fields=["question", "state", "id"], name="coding_item_queue_idx"),
            # "The answer I am looking at now": my live claim.
            models.Index(
                fields=["claimed_by", "question"],
                name="coding_item_claim_idx",
                condition=Q(claimed_by__isnull=False),
            ),
            # Agreement: the double-coded answers of a question, grouped by both code sets.
            models.Index(
                fields=["question", "first_codes", "second_codes"],
                name="coding_item_double_idx",
                condition=Q(is_double=True, passes_done=2),
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to code ({self.get_state_display()})"


class CodingPass(TimeStampedModel):
    """One coder's reading of one answer: their codes are the ``Coding`` rows, plus a memo.

    ``slot`` 1 is whoever coded the answer first and 2 the second coder of a double-coded
    answer; Cohen's kappa compares slot 1 with slot 2.
    """

    item = models.ForeignKey(CodingItem, on_delete=models.CASCADE, related_name="passes")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    slot = models.PositiveSmallIntegerField()
    memo = models.TextField(_("memo"), blank=True)

    class Meta:
        verbose_name = _("coding pass")
        verbose_name_plural = _("coding passes")
        ordering = ["item", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["item", "coder"], name="coding_pass_once_per_coder"),
            models.UniqueConstraint(fields=["item", "slot"], name="coding_pass_slot_unique"),
            models.CheckConstraint(condition=Q(slot__in=[1, 2]), name="coding_pass_slot_1_or_2"),
        ]
        indexes = [
            # "Answers I coded recently" beside the queue.
            models.Index(fields=["coder", "question", "-updated_at"], name="coding_pass_mine_idx"),
        ]

    def __str__(self) -> str:
        return f"Coder {self.coder_id}, slot {self.slot}"


class Coding(models.Model):
    """One code applied to one answer by one coder."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="codings")
    item = models.ForeignKey(CodingItem, on_delete=models.CASCADE, related_name="codings")
    # Kept on the row so per-question reads need no join to answers; indexed by
    # coding_question_code_idx, which starts with it.
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    code = models.ForeignKey(Code, on_delete=models.RESTRICT, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    slot = models.PositiveSmallIntegerField()
    is_exemplar = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "code", "coder"], name="coding_once_per_answer_code_coder"
            ),
        ]
        indexes = [
            # Exports and the REFI-QDA project: a question's codings by code.
            models.Index(fields=["question", "code"], name="coding_question_code_idx"),
            # Merging codes moves every coding of one code.
            models.Index(fields=["code"], name="coding_code_idx"),
        ]

    def __str__(self) -> str:
        return f"Code {self.code_id} on answer {self.answer_id}"


class SettledCode(models.Model):
    """A final code chosen by a lead coder for an answer the two coders disagreed on."""

    item = models.ForeignKey(CodingItem, on_delete=models.CASCADE, related_name="settled_codes")
    code = models.ForeignKey(Code, on_delete=models.RESTRICT, related_name="+")
    is_exemplar = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="coding_settled_code_once")
        ]

    def __str__(self) -> str:
        return f"Settled code {self.code_id}"


class FinalCode(models.Model):
    """An answer's final code: the one coder's, the two coders' agreed, or the settled one.

    Derived (see ``coding.services.queue._recompute``); the report counts these rows.
    """

    item = models.ForeignKey(CodingItem, on_delete=models.CASCADE, related_name="final_codes")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="+")
    # Indexed by coding_final_report_idx, which starts with it.
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    code = models.ForeignKey(Code, on_delete=models.RESTRICT, related_name="+")
    is_exemplar = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="coding_final_code_once")
        ]
        indexes = [
            # The report: answers per code for a question (an index-only count).
            models.Index(fields=["question", "code"], name="coding_final_report_idx"),
            # The report's example quotes for each code.
            models.Index(
                fields=["question", "code"],
                name="coding_final_exemplar_idx",
                condition=Q(is_exemplar=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Final code {self.code_id} on answer {self.answer_id}"


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


class SharedTheme(models.Model):
    """A theme that codes in several consultations' codebooks stand for ("Housing").

    Themes are per consultation: two codebooks' "Positive" need not mean the same thing. Only
    codes that staff have linked to one shared theme (on the codebook page) are added up
    across consultations, on the senior managers' dashboards.
    """

    name = models.CharField(_("shared theme"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # "Housing" and "housing " are one theme: linking looks it up by name.
            models.UniqueConstraint(Lower("name"), name="coding_shared_theme_name"),
        ]

    def __str__(self) -> str:
        return self.name


class SharedThemeLink(models.Model):
    """One code linked to a shared theme. A code stands for at most one shared theme."""

    code = models.OneToOneField(Code, on_delete=models.CASCADE, related_name="shared_theme_link")
    theme = models.ForeignKey(SharedTheme, on_delete=models.CASCADE, related_name="links")
    linked_at = models.DateTimeField(auto_now=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.code_id} -> {self.theme_id}"
