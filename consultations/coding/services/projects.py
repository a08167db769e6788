"""A consultation's coding: lead coders, publishing themes, and setting questions up
(with their coding queue filled from the answers)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.coding.models import (
    Codebook,
    Coding,
    CodingItem,
    CodingLead,
    CodingPass,
    CodingProject,
    QuestionCoding,
)
from consultations.coding.services._common import CodingError, _save
from consultations.models import Answer, Consultation, Question
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User
from users.roles import Role

_BATCH = 2000
_random = secrets.SystemRandom()


# --- Leads and publishing ---------------------------------------------------------------


@transaction.atomic
def coding_lead_add(
    *, consultation: Consultation, user: User, actor: User | None = None
) -> CodingLead:
    if not user.is_active or not user.has_role(Role.STAFF, Role.ADMINISTRATOR):
        raise CodingError(_("Only staff can lead coding."))
    lead, created = CodingLead.objects.get_or_create(
        consultation=consultation, user=user, defaults={"added_by": actor}
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CONSULTATIONS_CODING_LEAD_ADD,
            obj=consultation,
            detail={"user": user.pk},
        )
    return lead


@transaction.atomic
def coding_lead_remove(*, lead: CodingLead, actor: User | None = None) -> None:
    consultation = lead.consultation
    user_id = lead.user_id
    lead.delete()
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_CODING_LEAD_REMOVE,
        obj=consultation,
        detail={"user": user_id},
    )


@transaction.atomic
def coding_themes_publish(
    *, consultation: Consultation, actor: User | None, publish: bool = True
) -> CodingProject:
    """Let anyone read the consultation's themes (names, definitions and counts, no quotes)."""
    project, _created = CodingProject.objects.select_for_update().get_or_create(
        consultation=consultation
    )
    project.themes_published_at = timezone.now() if publish else None
    project.themes_published_by = actor if publish else None
    project.save()
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_THEMES_PUBLISH
        if publish
        else AuditAction.CONSULTATIONS_THEMES_UNPUBLISH,
        obj=consultation,
    )
    return project


# --- Setting a question up --------------------------------------------------------------


def _text_answers_without_item(question: Question) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(question=question)
        .exclude(text_value="")
        .filter(~Exists(CodingItem.objects.filter(answer=OuterRef("pk"))))
    )


def coding_items_sync(*, question: Question) -> int:
    """Put answers that arrived since the last look into the queue. Safe to run twice.

    Each batch is its own transaction; a unique answer per item stops two runs adding one
    answer twice (the loser's batch is skipped and picked up next time).
    """
    setup = QuestionCoding.objects.filter(question=question).first()
    if setup is None:
        return 0
    created = 0
    while True:
        ids = list(_text_answers_without_item(question).values_list("pk", flat=True)[:_BATCH])
        if not ids:
            break
        share = setup.double_share / 100
        double = set(_random.sample(ids, round(len(ids) * share))) if share else set()
        with transaction.atomic():
            made = CodingItem.objects.bulk_create(
                [CodingItem(answer_id=pk, question=question, is_double=pk in double) for pk in ids],
                ignore_conflicts=True,
            )
        created += len(made)
        if len(ids) < _BATCH:
            break
    return created


def coding_items_sync_all() -> int:
    """For the periodic job: every set-up question of a consultation that is not a draft."""
    questions = Question.objects.filter(coding_setup__isnull=False).exclude(
        consultation__status=Consultation.Status.DRAFT
    )
    return sum(coding_items_sync(question=q) for q in questions)


def _draw_double_sample(question: Question, share: int) -> None:
    """Mark ``share`` % of the question's answers, chosen at random, for two coders.

    Only answers nobody has started are added or taken out, so nobody's blind coding is
    changed under them; the share can therefore end a little off target.
    """
    items = CodingItem.objects.filter(question=question)
    total = items.count()
    target = round(total * share / 100)
    current = items.filter(is_double=True).count()
    if target > current:
        candidates = list(items.filter(is_double=False, passes_done=0).values_list("pk", flat=True))
        chosen = _random.sample(candidates, min(len(candidates), target - current))
        for start in range(0, len(chosen), _BATCH):
            items.filter(pk__in=chosen[start : start + _BATCH]).update(is_double=True)
    elif target < current:
        candidates = list(items.filter(is_double=True, passes_done=0).values_list("pk", flat=True))
        chosen = _random.sample(candidates, min(len(candidates), current - target))
        for start in range(0, len(chosen), _BATCH):
            items.filter(pk__in=chosen[start : start + _BATCH]).update(is_double=False)


@transaction.atomic
def question_coding_set(
    *,
    question: Question,
    codebook: Codebook,
    exclusive: bool = False,
    double_share: int = 0,
    show_profile: bool = True,
    actor: User | None = None,
) -> QuestionCoding:
    """Choose a question's codebook and how much is double coded, and fill its queue."""
    if not question.is_text:
        raise CodingError(
            _("Only free-text questions are coded. Choice questions are counted directly.")
        )
    if codebook.consultation_id not in (None, question.consultation_id):
        raise CodingError(_("Choose a codebook of this consultation, or a shared one."))
    setup = QuestionCoding.objects.select_for_update().filter(question=question).first()
    coded = CodingPass.objects.filter(question=question).exists()
    if setup and setup.codebook_id != codebook.pk and coded:
        raise CodingError(
            _(
                "Answers to this question have been coded with another codebook, so it cannot "
                "change. Merge or rename codes instead."
            )
        )
    if exclusive and coded:
        several = (
            Coding.objects.filter(question=question)
            .values("item", "coder")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        if several.exists():
            raise CodingError(
                _("Some answers already have more than one code, so this cannot be one code each.")
            )
    if not 0 <= double_share <= 100:
        raise CodingError(_("Enter a share from 0 to 100."))
    setup = setup or QuestionCoding(question=question)
    setup.codebook = codebook
    setup.exclusive = exclusive
    setup.double_share = double_share
    setup.show_profile = show_profile
    setup.updated_by = actor
    _save(setup)
    CodingProject.objects.get_or_create(consultation_id=question.consultation_id)
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_CODING_QUESTION_SET_UP,
        obj=question.consultation,
        detail={
            "question": question.pk,
            "codebook": codebook.pk,
            "exclusive": exclusive,
            "double_share": double_share,
        },
    )
    coding_items_sync(question=question)
    _draw_double_sample(question, double_share)
    return setup
