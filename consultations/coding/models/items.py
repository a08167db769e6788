"""The coding itself: each answer's place in the queue, each coder's pass and codes, the
lead's settlement, and the final codes the reports count."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.coding.models.codebooks import Code
from consultations.models.questions import Question
from consultations.models.submissions import Answer
from core.models import TimeStampedModel


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
