"""The public page of one theme: its share of the answers and example quotes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from consultations.coding.models import (
    Code,
    CodingItem,
    CodingItemCount,
    FinalCodeCount,
)
from consultations.coding.selectors import (
    _percent,
)
from consultations.coding.suppression import SMALL
from consultations.models import Consultation, Question

# --- Public themes ------------------------------------------------------------------------


@dataclass
class Theme:
    consultation: Consultation
    question: Question
    code: Code
    count: int
    coded: int

    @property
    def percent(self) -> int:
        return _percent(self.count, self.coded)

    @property
    def is_small(self) -> bool:
        return self.count < SMALL


def theme(question: Question, code: Code) -> Theme:
    count = (
        FinalCodeCount.objects.filter(question=question, code=code).aggregate(n=Sum("answers"))["n"]
        or 0
    )
    coded = (
        CodingItemCount.objects.filter(question=question, state=CodingItem.State.DONE).aggregate(
            n=Sum("items")
        )["n"]
        or 0
    )
    return Theme(question.consultation, question, code, count, coded)
