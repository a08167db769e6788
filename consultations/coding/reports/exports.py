"""The coded answers of a question as rows to download."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch

from consultations.coding.models import (
    Code,
    CodingItem,
    FinalCode,
    QuestionCoding,
)
from consultations.coding.selectors import (
    code_tree,
)
from consultations.models import Question
from consultations.selectors import PROFILE_LABELS

# --- Exports ------------------------------------------------------------------------------


def export_codes(setup: QuestionCoding) -> list[Code]:
    return [t.code for t in code_tree(setup.codebook_id) if t.code.is_codable]


def export_header(codes: list[Code]) -> list[str]:
    return [
        "Answer ID",
        "Answer",
        "Coding",
        "Gender",
        "Ethnic group",
        "Age band",
        "Area",
        *[code.name for code in codes],
    ]


def export_rows(question: Question, codes: list[Code]) -> Iterator[list[Any]]:
    """One row per answer with a 0/1 column per code, in the random order of answer IDs.

    The answer ID is the coding queue's random ID: it matches no submission reference.
    """
    state_labels = {k: str(v) for k, v in CodingItem.State.choices}
    qs = (
        CodingItem.objects.filter(question=question)
        .select_related("answer__submission")
        .prefetch_related(
            Prefetch("final_codes", queryset=FinalCode.objects.only("item_id", "code_id"))
        )
        .order_by("id")
    )
    for item in qs.iterator(chunk_size=1000):
        submission = item.answer.submission
        final = {fc.code_id for fc in item.final_codes.all()}
        done = item.state == CodingItem.State.DONE
        yield [
            str(item.pk),
            item.answer.text_value,
            state_labels.get(item.state, item.state),
            str(PROFILE_LABELS["gender"].get(submission.gender, "")),
            str(PROFILE_LABELS["ethnic_group"].get(submission.ethnic_group, "")),
            str(PROFILE_LABELS["age_band"].get(submission.age_band, "")),
            submission.area,
            *[(1 if code.pk in final else 0) if done else "" for code in codes],
        ]
