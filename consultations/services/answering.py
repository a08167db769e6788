"""Answering: submissions online and by staff, drafts, and withdrawal.

What each anonymity mode writes when someone answers (and, as importantly, what it does not):

* anonymous — a ``Submission`` and its ``Answer`` rows with no person, no time of day (the
  date is the consultation's period start) and a random reference. A signed-in member's
  ``AnonymousPending`` row is deleted. No audit event, no notification, no draft: each of
  those would be a row about the person written in the same transaction as the answer.
* pseudonymous — the same, plus ``pseudonym`` = HMAC(key, person, consultation) and the date
  (no time). No audit event for online answers, for the same reason.
* named — a ``NamedRespondent`` row, the exact consent time and an audit event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import audience, identity
from consultations.models import (
    AccessCode,
    AnonymousInvitation,
    AnonymousPending,
    Answer,
    AnswerChoice,
    Consultation,
    Draft,
    NamedRespondent,
    Question,
    StaffEntry,
    Submission,
)
from consultations.services._common import (
    AlreadyAnswered,
    ConsentChanged,
    ConsultationError,
    InvalidAccessCode,
    NotOpen,
    NotReady,
    add_years,
)
from consultations.services.access_codes import ACCESS_CODE_PURPOSE
from consultations.services.building import current_consent_version
from core.audit_actions import AuditAction
from core.http import parse_ascii_int
from core.services import audit_record
from users.models import User

WITHDRAWAL_PURPOSE = "withdraw"
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000

_CONSENT_METHOD: dict[str, str] = {
    Submission.Method.ONLINE: Submission.ConsentMethod.ONLINE,
    Submission.Method.INTERVIEW: Submission.ConsentMethod.SPOKEN,
    Submission.Method.PAPER: Submission.ConsentMethod.SIGNED,
}


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77].rstrip() + "…"


def question_field_name(question: Question) -> str:
    return f"q_{question.pk}"


def declined_options(question: Question) -> list[str]:
    """The "Don't know" / "Prefer not to say" answers staff offered on this question."""
    if question.is_text:
        return []
    options = []
    if question.offer_dont_know:
        options.append(Answer.Declined.DONT_KNOW.value)
    if question.offer_prefer_not:
        options.append(Answer.Declined.PREFER_NOT.value)
    return options


def clean_answer(question: Question, value: Any) -> Any:
    """Return the tidy value for one question, or ``None`` when it was left blank.

    A "Don't know" or "Prefer not to say" (where offered) is kept as its code, a string such
    as ``"dont_know"``, and counts as an answer. Raises ``ValidationError`` with a sentence
    that names the question.
    """
    name = _short(question.text)
    kind = question.kind
    declined = declined_options(question)
    if declined and value not in (None, "", [], ()):
        values = value if isinstance(value, list | tuple) else [value]
        codes = [str(v) for v in values if str(v) in declined]
        if codes:
            if len(values) > 1:
                raise ValidationError(
                    _("Choose answers to ‘%(q)s’ or ‘%(d)s’, not both")
                    % {"q": name, "d": Answer.Declined(codes[0]).label}
                )
            return codes[0]
    if value in (None, "", [], ()):
        if question.required:
            if kind in Question.TEXT_KINDS:
                message = _("Enter an answer to ‘%(q)s’")
            elif kind == Question.Kind.MULTIPLE_CHOICE:
                message = _("Choose at least one answer to ‘%(q)s’")
            elif kind == Question.Kind.SCALE:
                message = _("Choose a number from 1 to 5 for ‘%(q)s’")
            else:
                message = _("Choose an answer to ‘%(q)s’")
            raise ValidationError(message % {"q": name})
        return None
    if kind in Question.TEXT_KINDS:
        text = str(value).strip()
        limit = SHORT_TEXT_MAX if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            raise ValidationError(
                _("The answer to ‘%(q)s’ must be %(n)s characters or fewer")
                % {"q": name, "n": limit}
            )
        if not text and question.required:
            raise ValidationError(_("Enter an answer to ‘%(q)s’") % {"q": name})
        return text or None
    if kind == Question.Kind.SCALE:
        number = parse_ascii_int(str(value)) or 0
        if not 1 <= number <= 5:
            raise ValidationError(_("Choose a number from 1 to 5 for ‘%(q)s’") % {"q": name})
        return number
    valid = {c.pk for c in question.choices.all()}
    values = value if isinstance(value, list | tuple) else [value]
    parsed = {parse_ascii_int(str(v)) for v in values}
    chosen = [] if None in parsed else sorted(n for n in parsed if n is not None)
    if not chosen or not set(chosen) <= valid:
        raise ValidationError(_("Choose one of the answers given for ‘%(q)s’") % {"q": name})
    if kind != Question.Kind.MULTIPLE_CHOICE:
        if len(chosen) != 1:
            raise ValidationError(_("Choose only one answer to ‘%(q)s’") % {"q": name})
        return chosen[0]
    return chosen


def clean_answers(questions: list[Question], answers: Mapping[Any, Any]) -> dict[int, Any]:
    """Check every question's answer; errors are keyed by form field name."""
    cleaned: dict[int, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        raw = answers.get(question.pk, answers.get(str(question.pk)))
        try:
            value = clean_answer(question, raw)
        except ValidationError as exc:
            errors[question_field_name(question)] = exc.messages
            continue
        if value is not None:
            cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_profile(consultation: Consultation, profile: Mapping[str, Any] | None) -> dict[str, str]:
    """Keep only known, allowed values. Every profile question may be skipped."""
    profile = profile or {}
    if not consultation.ask_profile:
        return {}
    allowed = {
        "gender": set(Submission.Gender.values),
        "ethnic_group": set(Submission.EthnicGroup.values),
        "age_band": set(Submission.AgeBand.values),
        "area": set(consultation.area_list),
    }
    return {
        name: str(profile.get(name) or "")
        for name in Submission.PROFILE_FIELDS
        if str(profile.get(name) or "") in allowed[name]
    }


def _new_reference() -> str:
    while True:
        reference = identity.new_reference()
        if not Submission.objects.filter(reference=reference).exists():
            return reference


@dataclass(frozen=True)
class NewSubmission:
    submission: Submission
    withdrawal_code: str


@transaction.atomic
def submission_create(
    *,
    consultation: Consultation,
    answers: Mapping[Any, Any],
    consented: bool,
    respondent: User | None = None,
    method: str = Submission.Method.ONLINE,
    actor: User | None = None,
    interviewer: User | None = None,
    interviewer_name: str = "",
    profile: Mapping[str, Any] | None = None,
    access_code: str = "",
    submitted_on: date | None = None,
    consent_version_id: int | None = None,
) -> NewSubmission:
    """Keep one person's answers and return the withdrawal code to show them once.

    ``respondent`` is the person answering online, or the member a staff user enters a
    pseudonymous or named interview for. In anonymous mode it is used only to spend their
    ``AnonymousPending`` row; it is never stored. ``consent_version_id`` is the version the
    person agreed to; if the text has changed since, they are asked again.
    """
    consultation = Consultation.objects.get(pk=consultation.pk)
    online = method == Submission.Method.ONLINE
    allowed = (
        {Consultation.Status.OPEN}
        if online
        else {Consultation.Status.OPEN, Consultation.Status.CLOSED}
    )
    if consultation.status not in allowed:
        raise NotOpen()
    if not consented:
        raise ConsultationError(
            _("The person must agree to take part before their answers can be kept.")
        )
    if not online and actor is None:
        raise ConsultationError(_("Say who typed in these answers."))
    members_only = online and consultation.audience != Consultation.Audience.OPEN_LINK
    if members_only and (
        respondent is None or not audience.user_in_audience(consultation, respondent)
    ):
        raise ConsultationError(_("This consultation is not open to you."))
    consent_version = current_consent_version(consultation)
    if consent_version_id is not None and consent_version_id != consent_version.pk:
        raise ConsentChanged()
    questions = list(consultation.questions.prefetch_related("choices"))
    cleaned = clean_answers(questions, answers)
    profile_values = clean_profile(consultation, profile)

    pseudonym = None
    if consultation.is_anonymous:
        if not online and respondent is not None:
            raise ConsultationError(_("Anonymous consultations do not record who answered."))
        if online and respondent is not None:
            _spend_anonymous_place(consultation, respondent)
        if online and consultation.require_access_code:
            _spend_access_code(consultation, access_code)
        day = consultation.period_start
    else:
        if respondent is None and (online or consultation.is_named):
            raise ConsultationError(_("Choose the person whose answers these are."))
        if consultation.is_pseudonymous and respondent is not None:
            pseudonym = identity.pseudonym_for(
                user_id=respondent.pk, consultation_id=consultation.pk
            )
        day = submitted_on or timezone.localdate()

    withdrawal_code = identity.new_code()
    submission = Submission(
        consultation=consultation,
        anonymity=consultation.anonymity,
        reference=_new_reference(),
        pseudonym=pseudonym,
        method=method,
        consent_version=consent_version,
        consent_method=_CONSENT_METHOD[method],
        consented_at=timezone.now() if consultation.is_named else None,
        submitted_on=day,
        destroy_after=add_years(day, consultation.retention_years),
        withdrawal_code_hash=identity.code_hash(withdrawal_code, purpose=WITHDRAWAL_PURPOSE),
        **profile_values,
    )
    submission.full_clean(
        exclude=["consultation", "consent_version"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            submission.save(force_insert=True)
            if consultation.is_named:
                # A named consultation refused a missing respondent above.
                assert respondent is not None
                NamedRespondent.objects.create(
                    submission=submission, consultation=consultation, respondent=respondent
                )
    except IntegrityError as exc:
        # The unique constraints on (consultation, pseudonym) and (consultation, respondent)
        # are what make "one answer per person" hold when two submits race.
        raise AlreadyAnswered(
            _("You have already answered this consultation.")
            if online
            else _("This person has already answered this consultation.")
        ) from exc
    _save_answers(submission, questions, cleaned)
    if not online:
        entry = StaffEntry(
            submission=submission,
            entered_by=actor,
            interviewer=interviewer,
            interviewer_name=interviewer_name[:150],
        )
        entry.full_clean(validate_unique=False, validate_constraints=False)
        entry.save(force_insert=True)
        audit_record(
            actor=actor,
            action=AuditAction.CONSULTATIONS_ANSWERS_ENTER,
            obj=consultation,
            detail={"method": method},
        )
    elif consultation.is_named:
        audit_record(
            actor=respondent, action=AuditAction.CONSULTATIONS_ANSWERS_SUBMIT, obj=consultation
        )
    if respondent is not None and not consultation.is_anonymous:
        Draft.objects.filter(
            consultation=consultation,
            owner_key=identity.draft_key_for(
                user_id=respondent.pk, consultation_id=consultation.pk
            ),
        ).delete()
    return NewSubmission(submission=submission, withdrawal_code=withdrawal_code)


def _spend_anonymous_place(consultation: Consultation, respondent: User) -> None:
    """Delete the member's pending row; if there was none, they cannot answer (again)."""
    deleted, _detail = AnonymousPending.objects.filter(
        consultation=consultation, user=respondent
    ).delete()
    if deleted:
        return
    if AnonymousInvitation.objects.filter(consultation=consultation, user=respondent).exists():
        raise AlreadyAnswered()
    raise NotReady()


def _spend_access_code(consultation: Consultation, code: str) -> None:
    if not identity.normalise_code(code):
        raise InvalidAccessCode(_("Enter the access code from your slip."))
    deleted, _detail = AccessCode.objects.filter(
        consultation=consultation,
        code_hash=identity.code_hash(code, purpose=ACCESS_CODE_PURPOSE),
    ).delete()
    if not deleted:
        raise InvalidAccessCode()


def _save_answers(
    submission: Submission, questions: list[Question], cleaned: dict[int, Any]
) -> None:
    rows: list[Answer] = []
    picked: list[list[int]] = []
    for question in questions:
        if question.pk not in cleaned:
            continue
        value = cleaned[question.pk]
        answer = Answer(submission=submission, question=question)
        chosen: list[int] = []
        if isinstance(value, str) and value in Answer.Declined.values and not question.is_text:
            answer.declined = value
        elif question.is_text:
            answer.text_value = value
        elif question.kind == Question.Kind.SCALE:
            answer.number_value = value
        else:
            chosen = value if isinstance(value, list) else [value]
        # Foreign keys were just fetched; checking them again would be a query per answer.
        answer.full_clean(
            exclude=["submission", "question"], validate_unique=False, validate_constraints=False
        )
        rows.append(answer)
        picked.append(chosen)
    Answer.objects.bulk_create(rows)
    AnswerChoice.objects.bulk_create(
        AnswerChoice(answer=answer, choice_id=choice_id)
        for answer, chosen in zip(rows, picked, strict=True)
        for choice_id in chosen
    )


# --- Drafts ---------------------------------------------------------------------------


def draft_owner_key(*, consultation: Consultation, user: Any) -> str:
    return identity.draft_key_for(user_id=user.pk, consultation_id=consultation.pk)


@transaction.atomic
def draft_save(
    *,
    consultation: Consultation,
    user: Any,
    answers: Mapping[str, Any],
    page: int,
    consent_version_id: int | None = None,
) -> Draft | None:
    """Keep a signed-in respondent's answers so far. Anonymous consultations keep none."""
    if consultation.is_anonymous or consultation.status != Consultation.Status.OPEN:
        return None
    draft, _created = Draft.objects.update_or_create(
        consultation=consultation,
        owner_key=draft_owner_key(consultation=consultation, user=user),
        defaults={
            "answers": {str(k): v for k, v in answers.items()},
            "page": max(0, min(page, 1000)),
            "consent_version_id": consent_version_id,
            "updated_on": timezone.localdate(),
        },
    )
    return draft


# --- Withdrawal -----------------------------------------------------------------------


def _withdraw(submission: Submission, *, actor: User | None) -> Consultation:
    consultation = submission.consultation
    named = submission.anonymity == Consultation.Anonymity.NAMED
    submission.delete()
    Consultation.objects.filter(pk=consultation.pk).update(withdrawn_count=F("withdrawn_count") + 1)
    # Counted, not attributed: only a named respondent's withdrawal names them.
    audit_record(
        actor=actor if named else None,
        action=AuditAction.CONSULTATIONS_ANSWERS_WITHDRAW,
        obj=consultation,
    )
    return consultation


@transaction.atomic
def submission_withdraw_by_code(*, code: str, actor: User | None = None) -> Consultation | None:
    """Delete the answers the withdrawal code belongs to. ``None`` if the code matches none."""
    if not identity.normalise_code(code):
        return None
    submission = (
        Submission.objects.select_for_update()
        .select_related("consultation")
        .filter(withdrawal_code_hash=identity.code_hash(code, purpose=WITHDRAWAL_PURPOSE))
        .first()
    )
    if submission is None:
        return None
    return _withdraw(submission, actor=actor)


def own_submission(*, consultation: Consultation, user: Any) -> Submission | None:
    """The named or pseudonymous submission ``user`` made to ``consultation``, if any."""
    if consultation.is_pseudonymous:
        return Submission.objects.filter(
            consultation=consultation,
            pseudonym=identity.pseudonym_for(user_id=user.pk, consultation_id=consultation.pk),
        ).first()
    if consultation.is_named:
        return Submission.objects.filter(consultation=consultation, named__respondent=user).first()
    return None


@transaction.atomic
def submission_withdraw_own(*, consultation: Consultation, actor: User) -> bool:
    """Delete a signed-in person's own named or pseudonymous answers."""
    submission = own_submission(consultation=consultation, user=actor)
    if submission is None:
        return False
    submission = (
        Submission.objects.select_for_update()
        .select_related("consultation")
        .filter(pk=submission.pk)
        .first()
    )
    if submission is None:
        return False
    _withdraw(submission, actor=actor)
    return True
