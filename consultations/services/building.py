"""Staff building consultations: settings, publishing, opening, closing and copying. Their
questions are in ``questions``, access codes in ``access_codes``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import audience, identity
from consultations.models import (
    AnonymousInvitation,
    AnonymousPending,
    Choice,
    ConsentVersion,
    Consultation,
    ConsultationConstituency,
    Draft,
    Question,
    Submission,
)
from consultations.services._common import ConsultationError
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User

_LOCKED_AFTER_PUBLISHING = ("audience", "anonymity", "require_access_code")


def _set_constituencies(consultation: Consultation, constituency_ids: Iterable[int]) -> None:
    names = dict(audience.constituency_choices())
    wanted = [int(i) for i in constituency_ids]
    ConsultationConstituency.objects.filter(consultation=consultation).exclude(
        constituency_id__in=wanted
    ).delete()
    existing = set(
        ConsultationConstituency.objects.filter(consultation=consultation).values_list(
            "constituency_id", flat=True
        )
    )
    ConsultationConstituency.objects.bulk_create(
        ConsultationConstituency(
            consultation=consultation, constituency_id=i, name=names.get(i, str(i))[:200]
        )
        for i in wanted
        if i not in existing
    )


def _new_consent_version(consultation: Consultation) -> ConsentVersion:
    last = (
        ConsentVersion.objects.filter(consultation=consultation).aggregate(n=Max("number"))["n"]
        or 0
    )
    version = ConsentVersion(
        consultation=consultation,
        number=last + 1,
        information_sheet=consultation.information_sheet,
        consent_statement=consultation.consent_statement,
    )
    version.full_clean()
    version.save()
    return version


def current_consent_version(consultation: Consultation) -> ConsentVersion:
    version = ConsentVersion.objects.filter(consultation=consultation).order_by("-number").first()
    return version or _new_consent_version(consultation)


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    title: str,
    purpose: str,
    information_sheet: str,
    consent_statement: str,
    audience: str = Consultation.Audience.ALL_MEMBERS,
    anonymity: str = Consultation.Anonymity.PSEUDONYMOUS,
    constituency_ids: Sequence[int] = (),
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    retention_years: int = 5,
    retention_action: str = Consultation.RetentionAction.DELETE,
    questions_per_page: int = 3,
    ask_profile: bool = True,
    areas: str = "",
    require_access_code: bool = False,
) -> Consultation:
    consultation = Consultation(
        created_by=actor,
        title=title,
        purpose=purpose,
        information_sheet=information_sheet,
        consent_statement=consent_statement,
        audience=audience,
        anonymity=anonymity,
        opens_at=opens_at,
        closes_at=closes_at,
        retention_years=retention_years,
        retention_action=retention_action,
        questions_per_page=questions_per_page,
        ask_profile=ask_profile,
        areas=areas,
        require_access_code=require_access_code,
    )
    if audience == Consultation.Audience.OPEN_LINK:
        consultation.open_link_token = identity.new_link_token()
    consultation.full_clean()
    consultation.save()
    if audience == Consultation.Audience.CONSTITUENCIES:
        _set_constituencies(consultation, constituency_ids)
    _new_consent_version(consultation)
    audit_record(
        actor=actor, action=AuditAction.CONSULTATIONS_CONSULTATION_CREATE, obj=consultation
    )
    return consultation


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    actor: User,
    constituency_ids: Sequence[int] | None = None,
    **fields: Any,
) -> Consultation:
    """Change a consultation's settings.

    Who can answer and how anonymous it is are promises to respondents: they can change
    only while the consultation is a draft. Nothing changes once it has closed.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status == Consultation.Status.CLOSED:
        raise ConsultationError(_("This consultation has closed, so it cannot be changed."))
    if not consultation.is_editable:
        for name in _LOCKED_AFTER_PUBLISHING:
            if name in fields and fields[name] != getattr(consultation, name):
                raise ConsultationError(
                    _(
                        "Who can answer and how anonymous the answers are cannot change "
                        "after publishing. Make a copy of the consultation instead."
                    )
                )
        fields = {k: v for k, v in fields.items() if k not in _LOCKED_AFTER_PUBLISHING}
        constituency_ids = None
    has_answers = Submission.objects.filter(consultation=consultation).exists()
    if has_answers and any(
        name in fields and fields[name] != getattr(consultation, name)
        for name in ("retention_years", "retention_action")
    ):
        raise ConsultationError(
            _("How long answers are kept cannot change once people have answered.")
        )
    consent_changed = any(
        name in fields and fields[name] != getattr(consultation, name)
        for name in ("information_sheet", "consent_statement")
    )
    for name, value in fields.items():
        setattr(consultation, name, value)
    if consultation.audience == Consultation.Audience.OPEN_LINK:
        consultation.open_link_token = consultation.open_link_token or identity.new_link_token()
    else:
        consultation.open_link_token = None
    consultation.full_clean()
    consultation.save()
    if constituency_ids is not None:
        wanted = (
            constituency_ids
            if consultation.audience == Consultation.Audience.CONSTITUENCIES
            else []
        )
        _set_constituencies(consultation, wanted)
    if consent_changed:
        _new_consent_version(consultation)
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_CONSULTATION_UPDATE,
        obj=consultation,
        detail={"fields": sorted(fields)},
    )
    return consultation


def _publish_problems(consultation: Consultation) -> list[str]:
    problems = []
    questions = list(consultation.questions.prefetch_related("choices"))
    if not questions:
        problems.append(_("Add at least one question."))
    for question in questions:
        if question.has_choices and len(question.choices.all()) < 2:
            problems.append(
                _("Give the question ‘%(text)s’ at least two answers to choose from.")
                % {"text": question.text}
            )
    if not consultation.information_sheet.strip() or not consultation.consent_statement.strip():
        problems.append(_("Write the information sheet and the consent statement."))
    if (
        consultation.audience == Consultation.Audience.CONSTITUENCIES
        and not consultation.constituencies.exists()
    ):
        problems.append(_("Choose at least one constituency."))
    if consultation.closes_at and consultation.closes_at <= timezone.now():
        problems.append(_("The closing time has passed. Choose a later one."))
    return problems


@transaction.atomic
def consultation_publish(
    *, consultation: Consultation, actor: User, now: datetime | None = None
) -> Consultation:
    """Publish a draft. It opens now if its opening time has come, otherwise at that time."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Consultation.Status.DRAFT:
        raise ConsultationError(_("This consultation has already been published."))
    problems = _publish_problems(consultation)
    if problems:
        raise ConsultationError(" ".join(problems))
    consultation.status = Consultation.Status.SCHEDULED
    consultation.full_clean()
    consultation.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action=AuditAction.CONSULTATIONS_CONSULTATION_PUBLISH, obj=consultation
    )
    if consultation.opens_at is None or consultation.opens_at <= now:
        consultation_open(consultation_id=consultation.pk, now=now, actor=actor)
        consultation.refresh_from_db()
    return consultation


@transaction.atomic
def anonymous_invitations_issue(*, consultation_id: int) -> int:
    """Let every member of an anonymous consultation's audience in, in bulk.

    Runs when the consultation opens and again from the periodic job (for people who join
    later), never at the moment someone answers — see ``AnonymousPending``. The row lock on
    the consultation makes two overlapping runs take turns, so nobody gets a second pending
    row after they have answered.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    if not consultation.is_anonymous or consultation.status != Consultation.Status.OPEN:
        return 0
    if consultation.audience == Consultation.Audience.OPEN_LINK:
        return 0
    already = AnonymousInvitation.objects.filter(consultation=consultation).values("user_id")
    ids = audience.audience_user_ids(consultation)
    if hasattr(ids, "exclude"):
        ids = ids.exclude(pk__in=already)
    else:
        done = set(already.values_list("user_id", flat=True))
        ids = [i for i in ids if i not in done]
    issued = 0
    batch: list[int] = []

    def flush() -> None:
        AnonymousInvitation.objects.bulk_create(
            [AnonymousInvitation(consultation=consultation, user_id=i) for i in batch],
            ignore_conflicts=True,
        )
        AnonymousPending.objects.bulk_create(
            [AnonymousPending(consultation=consultation, user_id=i) for i in batch],
            ignore_conflicts=True,
        )

    for user_id in list(ids):
        batch.append(user_id)
        if len(batch) >= 2000:
            flush()
            issued += len(batch)
            batch = []
    if batch:
        flush()
        issued += len(batch)
    return issued


@transaction.atomic
def consultation_open(
    *,
    consultation_id: int,
    now: datetime | None = None,
    actor: User | None = None,
    on_schedule: bool = False,
) -> bool:
    """Open a published consultation. Safe to run twice: only the run that flips it acts.

    ``on_schedule`` (the periodic job) records the advertised opening time even when the job
    runs a few minutes late: it starts the period every anonymous answer is dated with.
    Opening by hand records the moment it happened.
    """
    now = now or timezone.now()
    scheduled = Consultation.objects.filter(
        pk=consultation_id, status=Consultation.Status.SCHEDULED
    )
    opens_at = scheduled.values_list("opens_at", flat=True).first() if on_schedule else None
    opened_at = opens_at if opens_at and opens_at <= now else now
    claimed = scheduled.update(status=Consultation.Status.OPEN, opened_at=opened_at, updated_at=now)
    if not claimed:
        return False
    consultation = Consultation.objects.get(pk=consultation_id)
    anonymous_invitations_issue(consultation_id=consultation_id)
    audit_record(actor=actor, action=AuditAction.CONSULTATIONS_CONSULTATION_OPEN, obj=consultation)
    if consultation.audience != Consultation.Audience.OPEN_LINK:
        from consultations import tasks

        transaction.on_commit(lambda: tasks.notify_consultation_opened.delay(consultation_id))
    return True


@transaction.atomic
def consultation_close(
    *, consultation_id: int, now: datetime | None = None, actor: User | None = None
) -> bool:
    """Close an open consultation and drop what was only needed while it was open.

    Drafts and the anonymous "may still answer" rows go: after closing nobody answers, so
    keeping who had or had not answered would only be a risk.
    """
    now = now or timezone.now()
    claimed = Consultation.objects.filter(
        pk=consultation_id, status=Consultation.Status.OPEN
    ).update(status=Consultation.Status.CLOSED, closed_at=now, updated_at=now)
    if not claimed:
        return False
    Draft.objects.filter(consultation_id=consultation_id).delete()
    AnonymousPending.objects.filter(consultation_id=consultation_id).delete()
    AnonymousInvitation.objects.filter(consultation_id=consultation_id).delete()
    consultation = Consultation.objects.get(pk=consultation_id)
    audit_record(actor=actor, action=AuditAction.CONSULTATIONS_CONSULTATION_CLOSE, obj=consultation)
    return True


@transaction.atomic
def consultation_duplicate(*, consultation: Consultation, actor: User) -> Consultation:
    """A new draft with the same settings and questions (e.g. to run it again next year)."""
    copy = consultation_create(
        actor=actor,
        title=(_("Copy of %(title)s") % {"title": consultation.title})[:200],
        purpose=consultation.purpose,
        information_sheet=consultation.information_sheet,
        consent_statement=consultation.consent_statement,
        audience=consultation.audience,
        anonymity=consultation.anonymity,
        constituency_ids=list(
            consultation.constituencies.values_list("constituency_id", flat=True)
        ),
        retention_years=consultation.retention_years,
        retention_action=consultation.retention_action,
        questions_per_page=consultation.questions_per_page,
        ask_profile=consultation.ask_profile,
        areas=consultation.areas,
        require_access_code=consultation.require_access_code,
    )
    Consultation.objects.filter(pk=copy.pk).update(duplicated_from=consultation)
    copy.duplicated_from = consultation
    originals = list(consultation.questions.prefetch_related("choices"))
    new_questions = Question.objects.bulk_create(
        [
            Question(
                consultation=copy,
                position=index,
                kind=q.kind,
                text=q.text,
                help_text=q.help_text,
                required=q.required,
                same_page_as_previous=q.same_page_as_previous,
                offer_dont_know=q.offer_dont_know,
                offer_prefer_not=q.offer_prefer_not,
                scale_low_label=q.scale_low_label,
                scale_high_label=q.scale_high_label,
            )
            for index, q in enumerate(originals, start=1)
        ]
    )
    if any(q.pk is None for q in new_questions):  # a database that cannot return ids
        new_questions = list(copy.questions.all())
    Choice.objects.bulk_create(
        [
            Choice(question=new, position=c.position, label=c.label)
            for old, new in zip(originals, new_questions, strict=True)
            for c in old.choices.all()
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_CONSULTATION_DUPLICATE,
        obj=copy,
        detail={"from": consultation.pk},
    )
    return copy
