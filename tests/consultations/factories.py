"""Consultations for tests, made through the same services the views use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Question

DEFAULT_QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": Question.Kind.SHORT_TEXT,
        "text": "Describe your relationship with your probation officer",
        "required": True,
    },
    {"kind": Question.Kind.LONG_TEXT, "text": "What could improve the service?", "required": False},
    {
        "kind": Question.Kind.SINGLE_CHOICE,
        "text": "Best way to communicate",
        "choices": ["Face to face", "Through a third party", "By phone or e-mail"],
    },
    {
        "kind": Question.Kind.MULTIPLE_CHOICE,
        "text": "What gets in the way of programmes?",
        "choices": ["Travel", "Housing", "Drug use"],
        "required": False,
    },
    {"kind": Question.Kind.YES_NO, "text": "Are you interested in having your say?"},
    {
        "kind": Question.Kind.SCALE,
        "text": "How much do you trust the service?",
        "scale_low_label": "Not at all",
        "scale_high_label": "Completely",
    },
]


def make_consultation(
    staff,
    *,
    anonymity: str = Consultation.Anonymity.PSEUDONYMOUS,
    audience: str = Consultation.Audience.ALL_MEMBERS,
    status: str = Consultation.Status.OPEN,
    questions: list[dict[str, Any]] | None = None,
    title: str = "Your views on probation",
    **kwargs: Any,
) -> Consultation:
    consultation = services.consultation_create(
        actor=staff,
        title=title,
        purpose="To hear what you think of the service.",
        information_sheet="You do not have to take part. You can withdraw at any time.",
        consent_statement="I have read the information and agree to take part.",
        anonymity=anonymity,
        audience=audience,
        **kwargs,
    )
    for spec in DEFAULT_QUESTIONS if questions is None else questions:
        services.question_create(consultation=consultation, actor=staff, **spec)
    if status == Consultation.Status.DRAFT:
        return consultation
    if status == Consultation.Status.SCHEDULED:
        services.consultation_update(
            consultation=consultation,
            actor=staff,
            opens_at=timezone.now() + timedelta(days=1),
        )
        return services.consultation_publish(consultation=consultation, actor=staff)
    services.consultation_publish(consultation=consultation, actor=staff)
    if status == Consultation.Status.CLOSED:
        services.consultation_close(consultation_id=consultation.pk)
    consultation.refresh_from_db()
    return consultation


def questions_of(consultation: Consultation) -> list[Question]:
    return list(consultation.questions.prefetch_related("choices").order_by("position"))


def full_answers(consultation: Consultation, *, text: str = "Good, she listens") -> dict[int, Any]:
    """A valid answer to every default question (keys are question ids)."""
    answers: dict[int, Any] = {}
    for q in questions_of(consultation):
        choices = [c.pk for c in q.choices.all()]
        if q.kind == Question.Kind.SHORT_TEXT:
            answers[q.pk] = text
        elif q.kind == Question.Kind.LONG_TEXT:
            answers[q.pk] = "More one to one time with officers."
        elif q.kind == Question.Kind.MULTIPLE_CHOICE:
            answers[q.pk] = choices[:2]
        elif q.kind == Question.Kind.SCALE:
            answers[q.pk] = 4
        else:
            answers[q.pk] = choices[0]
    return answers


def answer(consultation: Consultation, respondent=None, **kwargs: Any):
    return services.submission_create(
        consultation=consultation,
        answers=kwargs.pop("answers", None) or full_answers(consultation),
        consented=True,
        respondent=respondent,
        **kwargs,
    )
