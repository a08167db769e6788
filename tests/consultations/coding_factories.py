"""Coding set-ups for tests, made through the same services the views use."""

from __future__ import annotations

from typing import Any

from consultations.coding import services as coding
from consultations.coding.models import Code, Codebook, CodingItem
from consultations.models import Consultation, Question, Submission
from tests.consultations.factories import answer, full_answers, make_consultation

CODES = (
    ("Listens", "The officer listens and has time."),
    ("Does not listen", "The officer does not listen or rushes."),
    ("Practical help", "Housing, benefits, work."),
)


def make_codebook(staff, *, consultation=None, name="Relationship", codes=CODES) -> Codebook:
    codebook = coding.codebook_create(name=name, consultation=consultation, actor=staff)
    for code_name, definition in codes:
        coding.code_create(codebook=codebook, name=code_name, definition=definition, actor=staff)
    return codebook


def first_text_question(consultation: Consultation) -> Question:
    return consultation.questions.filter(kind__in=list(Question.TEXT_KINDS)).order_by("position")[0]


def coded_consultation(
    staff,
    *,
    texts: list[str] | None = None,
    double_share: int = 0,
    exclusive: bool = False,
    anonymity: str = Consultation.Anonymity.PSEUDONYMOUS,
    profiles: list[dict[str, str]] | None = None,
    **kwargs: Any,
) -> tuple[Consultation, Question, Codebook, list[Code]]:
    """An open consultation whose first question has answers and a codebook set up."""
    consultation = make_consultation(staff, anonymity=anonymity, **kwargs)
    question = first_text_question(consultation)
    texts = texts if texts is not None else [f"Answer number {i}" for i in range(6)]
    for index, text in enumerate(texts):
        answers = full_answers(consultation, text=text)
        profile = profiles[index] if profiles else None
        answer(
            consultation,
            None,
            answers=answers,
            method=Submission.Method.PAPER,
            actor=staff,
            profile=profile,
        )
    codebook = make_codebook(staff, consultation=consultation)
    coding.question_coding_set(
        question=question,
        codebook=codebook,
        exclusive=exclusive,
        double_share=double_share,
        actor=staff,
    )
    codes = list(codebook.codes.order_by("position"))
    return consultation, question, codebook, codes


def items_of(question: Question) -> list[CodingItem]:
    """The question's queue items in the order their answers were given (queue IDs are random)."""
    return list(CodingItem.objects.filter(question=question).order_by("answer_id"))


def coding_objects(users: dict[str, Any]) -> dict[str, Any]:
    """What the permission matrix needs: a coded consultation with one answer agreed by two
    coders (staff and administrator), one they disagree on, and published themes."""
    staff, admin = users["staff"], users["administrator"]
    consultation, question, codebook, codes = coded_consultation(
        staff, double_share=100, title="Matrix: coding", texts=["One", "Two", "Three"]
    )
    agreed, disagreement, _rest = items_of(question)
    for coder in (staff, admin):
        coding.coding_pass_save(item=agreed, actor=coder, code_ids=[codes[0].pk])
    coding.coding_pass_save(item=disagreement, actor=staff, code_ids=[codes[0].pk])
    coding.coding_pass_save(item=disagreement, actor=admin, code_ids=[codes[1].pk])
    coding.coding_themes_publish(consultation=consultation, actor=staff)
    return {
        "consultations_coding": consultation,
        "consultations_coding_question": question,
        "consultations_coding_codebook": codebook,
        "consultations_coding_code": codes[0],
        "consultations_coding_agreed": agreed,
        "consultations_coding_disagreement": disagreement,
    }
