"""Staff adding, changing, removing and reordering a consultation's questions."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from consultations.models import (
    Answer,
    Choice,
    Consultation,
    Question,
    Submission,
)
from consultations.services._common import ConsultationError
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User

YES_NO_LABELS = ("Yes", "No")
MAX_CHOICES = 30


def _clean_choice_labels(kind: str, labels: Sequence[str]) -> list[str]:
    if kind == Question.Kind.YES_NO:
        return [_(label) for label in YES_NO_LABELS]
    if kind not in Question.CHOICE_KINDS:
        return []
    cleaned: list[str] = []
    seen: set[str] = set()
    for label in labels:
        label = " ".join(label.split())[:200]
        if label and label.lower() not in seen:
            cleaned.append(label)
            seen.add(label.lower())
    if len(cleaned) < 2:
        raise ValidationError({"choices": _("Give at least two answers to choose from.")})
    if len(cleaned) > MAX_CHOICES:
        raise ValidationError(
            {"choices": _("Give no more than %(n)s answers to choose from.") % {"n": MAX_CHOICES}}
        )
    return cleaned


def _add_choices(question: Question, labels: Sequence[str]) -> None:
    """The answers to choose from, numbered in the order given."""
    Choice.objects.bulk_create(
        Choice(question=question, position=i, label=label)
        for i, label in enumerate(labels, start=1)
    )


def _question_is_answered(question: Question) -> bool:
    return Answer.objects.filter(question=question).exists()


def _refuse_if_closed(consultation: Consultation) -> None:
    if consultation.status == Consultation.Status.CLOSED:
        raise ConsultationError(_("This consultation has closed, so its questions are fixed."))


def _refuse_if_answered(consultation: Consultation) -> None:
    if Submission.objects.filter(consultation=consultation).exists():
        raise ConsultationError(
            _(
                "People have already answered, so questions cannot be added or removed. "
                "Make a copy of the consultation to change it."
            )
        )


@transaction.atomic
def question_create(
    *,
    consultation: Consultation,
    actor: User,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool | None = None,
    choices: Sequence[str] = (),
    scale_low_label: str = "",
    scale_high_label: str = "",
    same_page_as_previous: bool = False,
    offer_dont_know: bool = False,
    offer_prefer_not: bool = False,
) -> Question:
    """Add a question at the end. Free-text questions are optional unless ``required``."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _refuse_if_closed(consultation)
    _refuse_if_answered(consultation)
    labels = _clean_choice_labels(kind, choices)
    last = consultation.questions.aggregate(n=Max("position"))["n"] or 0
    question = Question(
        consultation=consultation,
        position=last + 1,
        kind=kind,
        text=text,
        help_text=help_text,
        required=kind not in Question.TEXT_KINDS if required is None else required,
        scale_low_label=scale_low_label if kind == Question.Kind.SCALE else "",
        scale_high_label=scale_high_label if kind == Question.Kind.SCALE else "",
        same_page_as_previous=same_page_as_previous,
        offer_dont_know=offer_dont_know and kind not in Question.TEXT_KINDS,
        offer_prefer_not=offer_prefer_not and kind not in Question.TEXT_KINDS,
    )
    question.full_clean()
    question.save()
    _add_choices(question, labels)
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_QUESTION_ADD,
        obj=consultation,
        detail={"question": question.pk},
    )
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    actor: User,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = True,
    choices: Sequence[str] = (),
    scale_low_label: str = "",
    scale_high_label: str = "",
    same_page_as_previous: bool = False,
    offer_dont_know: bool = False,
    offer_prefer_not: bool = False,
) -> Question:
    """Change a question. Its type and choices lock once anyone has answered it."""
    question = (
        Question.objects.select_for_update().select_related("consultation").get(pk=question.pk)
    )
    _refuse_if_closed(question.consultation)
    labels = _clean_choice_labels(kind, choices)
    current = [c.label for c in question.choices.all()]
    if _question_is_answered(question) and (kind != question.kind or labels != current):
        raise ConsultationError(
            _(
                "People have already answered this question, so its type and the answers "
                "to choose from cannot change. You can still reword the question."
            )
        )
    question.kind = kind
    question.text = text
    question.help_text = help_text
    question.required = required
    question.same_page_as_previous = same_page_as_previous
    question.offer_dont_know = offer_dont_know and kind not in Question.TEXT_KINDS
    question.offer_prefer_not = offer_prefer_not and kind not in Question.TEXT_KINDS
    question.scale_low_label = scale_low_label if kind == Question.Kind.SCALE else ""
    question.scale_high_label = scale_high_label if kind == Question.Kind.SCALE else ""
    question.full_clean()
    question.save()
    if labels != current:
        question.choices.all().delete()
        _add_choices(question, labels)
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_QUESTION_UPDATE,
        obj=question.consultation,
        detail={"question": question.pk},
    )
    return question


@transaction.atomic
def question_delete(*, question: Question, actor: User) -> None:
    question = (
        Question.objects.select_for_update().select_related("consultation").get(pk=question.pk)
    )
    _refuse_if_closed(question.consultation)
    if _question_is_answered(question):
        raise ConsultationError(
            _("People have already answered this question, so it cannot be removed.")
        )
    consultation = question.consultation
    question.delete()
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_QUESTION_REMOVE,
        obj=consultation,
        detail={"text": question.text[:200]},
    )


@transaction.atomic
def question_move(*, question: Question, direction: str, actor: User) -> None:
    """Swap a question with its neighbour ("up" or "down"); positions are renumbered 1..n."""
    consultation = Consultation.objects.select_for_update().get(pk=question.consultation_id)
    questions = list(consultation.questions.order_by("position", "id"))
    index = next((i for i, q in enumerate(questions) if q.pk == question.pk), None)
    if index is None:
        return
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else index
    if other == index or not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, q in enumerate(questions, start=1):
        q.position = position
    Question.objects.bulk_update(questions, ["position"])
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_QUESTION_REORDER,
        obj=consultation,
        detail={"question": question.pk, "direction": direction},
    )
