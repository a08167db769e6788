"""Reads for consultation pages. Each returns what a page needs in a fixed number of queries,
however many consultations, questions or answers there are."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from consultations import audience, identity
from consultations.models import (
    AccessCodeBatch,
    AnonymousInvitation,
    AnonymousPending,
    Answer,
    AnswerChoice,
    Choice,
    Consultation,
    NamedRespondent,
    Question,
    Submission,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SMALL_CELL = 5


# --- Staff ----------------------------------------------------------------------------


def _count_of(model: type[Submission] | type[Question], field: str) -> Coalesce:
    """How many ``model`` rows point at the outer row: a subquery the database works out
    only for the rows a page shows, where a join would count every response first."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def consultations_for_staff(*, status: str = "") -> QuerySet[Consultation]:
    qs = Consultation.objects.annotate(
        submission_count=_count_of(Submission, "consultation"),
        question_count=_count_of(Question, "consultation"),
    ).order_by("-created_at", "-id")
    if status in Consultation.Status.values:
        qs = qs.filter(status=status)
    return qs


def questions_for(consultation: Consultation) -> list[Question]:
    """Questions in order with their choices and whether anyone has answered each."""
    return list(
        Question.objects.filter(consultation=consultation)
        .annotate(answer_count=Count("answers"))
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
        .order_by("position", "id")
    )


def questions_plain(consultation: Consultation) -> list[Question]:
    return list(
        Question.objects.filter(consultation=consultation)
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
        .order_by("position", "id")
    )


def submissions_for_staff(consultation: Consultation) -> QuerySet[Submission]:
    """Responses for reading. Names appear only for named consultations."""
    qs = Submission.objects.filter(consultation=consultation).prefetch_related(
        Prefetch(
            "answers",
            queryset=Answer.objects.prefetch_related(
                Prefetch("answer_choices", queryset=AnswerChoice.objects.select_related("choice"))
            ),
        )
    )
    if consultation.is_named:
        qs = qs.select_related("named__respondent")
    return qs.select_related("staff_entry").order_by("reference")


def access_code_batches(consultation: Consultation) -> QuerySet[AccessCodeBatch]:
    return consultation.access_code_batches.annotate(unused=Count("codes")).select_related(
        "created_by"
    )


# --- Results --------------------------------------------------------------------------


@dataclass
class Tally:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: Question
    answered: int
    tallies: list[Tally] = field(default_factory=list)


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def results_for(
    consultation: Consultation, questions: list[Question] | None = None
) -> tuple[int, list[QuestionResult]]:
    """Respondents and, per question, answers and live tallies of choice and scale questions.

    Four queries whatever the size: respondents, answered per question, choice counts, scale
    counts. Percentages are of the people who answered that question, so "choose any"
    questions can add up to more than 100.
    """
    questions = questions_plain(consultation) if questions is None else questions
    respondents = Submission.objects.filter(consultation=consultation).count()
    answered: dict[int, int] = {}
    # "Don't know" and "Prefer not to say" are counted on their own, in the same query.
    declined: dict[tuple[int, str], int] = {}
    for question_id, code, n in (
        Answer.objects.filter(question__consultation=consultation)
        .values_list("question", "declined")
        .annotate(n=Count("id"))
        .values_list("question", "declined", "n")
    ):
        answered[question_id] = answered.get(question_id, 0) + n
        if code:
            declined[(question_id, code)] = n
    choice_counts = dict(
        AnswerChoice.objects.filter(choice__question__consultation=consultation)
        .values_list("choice")
        .annotate(n=Count("id"))
        .values_list("choice", "n")
    )
    scale_counts: dict[tuple[int, int | None], int] = {
        (q, v): n
        for q, v, n in Answer.objects.filter(
            question__consultation=consultation, number_value__isnull=False
        )
        .values_list("question", "number_value")
        .annotate(n=Count("id"))
        .values_list("question", "number_value", "n")
    }
    results = []
    for question in questions:
        total = answered.get(question.pk, 0)
        result = QuestionResult(question=question, answered=total)
        if question.has_choices:
            for choice in question.choices.all():
                n = choice_counts.get(choice.pk, 0)
                result.tallies.append(Tally(choice.label, n, _percent(n, total)))
        elif question.kind == Question.Kind.SCALE:
            for value in range(1, 6):
                n = scale_counts.get((question.pk, value), 0)
                result.tallies.append(Tally(scale_label(question, value), n, _percent(n, total)))
        if result.tallies:
            for code, label in Answer.Declined.choices:
                n = declined.get((question.pk, code), 0)
                offered = (
                    question.offer_dont_know
                    if code == Answer.Declined.DONT_KNOW
                    else question.offer_prefer_not
                )
                if n or offered:
                    result.tallies.append(Tally(str(label), n, _percent(n, total)))
        results.append(result)
    return respondents, results


def scale_label(question: Question, value: int) -> str:
    if value == 1 and question.scale_low_label:
        return f"1 — {question.scale_low_label}"
    if value == 5 and question.scale_high_label:
        return f"5 — {question.scale_high_label}"
    return str(value)


PROFILE_LABELS: dict[str, dict[str, StrOrPromise]] = {
    "gender": dict(Submission.Gender.choices),
    "ethnic_group": dict(Submission.EthnicGroup.choices),
    "age_band": dict(Submission.AgeBand.choices),
}


def profile_columns(consultation: Consultation, attribute: str) -> list[tuple[str, StrOrPromise]]:
    values: list[tuple[str, StrOrPromise]]
    if attribute == "area":
        values = [(a, a) for a in consultation.area_list]
    else:
        values = list(PROFILE_LABELS[attribute].items())
    return [*values, ("", "Not given")]


@dataclass
class BreakdownRow:
    label: str
    cells: list[str]


@dataclass
class Breakdown:
    question: Question
    rows: list[BreakdownRow]


def _suppress(counts: list[int]) -> list[str]:
    """Show counts from 1 to 4 as "fewer than 5".

    If only one cell in a row would be hidden, the next smallest is hidden too: otherwise the
    hidden one could be worked out from the row's total, which the results page shows.
    """
    hidden = {i for i, n in enumerate(counts) if 0 < n < SMALL_CELL}
    if len(hidden) == 1:
        others = [(n, i) for i, n in enumerate(counts) if i not in hidden and n > 0]
        if others:
            hidden.add(min(others)[1])
    return ["fewer than 5" if i in hidden else str(n) for i, n in enumerate(counts)]


def breakdown_for(
    consultation: Consultation, attribute: str, questions: list[Question] | None = None
) -> tuple[list[StrOrPromise], list[Breakdown]]:
    """Choice and scale answers by one profile attribute, with small cells suppressed.

    Two queries (one for choices, one for scales) plus the questions.
    """
    if attribute not in Submission.PROFILE_FIELDS:
        return [], []
    columns = profile_columns(consultation, attribute)
    keys = [key for key, _label in columns]
    questions = questions_plain(consultation) if questions is None else questions
    by_choice: dict[tuple[int, str], int] = {
        (c, v or ""): n
        for c, v, n in AnswerChoice.objects.filter(choice__question__consultation=consultation)
        .values_list("choice", f"answer__submission__{attribute}")
        .annotate(n=Count("id"))
        .values_list("choice", f"answer__submission__{attribute}", "n")
    }
    by_scale: dict[tuple[int, int, str], int] = {
        (q, v, a or ""): n
        for q, v, a, n in Answer.objects.filter(
            question__consultation=consultation, number_value__isnull=False
        )
        .values_list("question", "number_value", f"submission__{attribute}")
        .annotate(n=Count("id"))
        .values_list("question", "number_value", f"submission__{attribute}", "n")
    }
    breakdowns = []
    for question in questions:
        rows = []
        if question.has_choices:
            for choice in question.choices.all():
                counts = [by_choice.get((choice.pk, key), 0) for key in keys]
                rows.append(BreakdownRow(choice.label, _suppress(counts)))
        elif question.kind == Question.Kind.SCALE:
            for value in range(1, 6):
                counts = [by_scale.get((question.pk, value, key), 0) for key in keys]
                rows.append(BreakdownRow(scale_label(question, value), _suppress(counts)))
        else:
            continue
        breakdowns.append(Breakdown(question=question, rows=rows))
    return [label for _key, label in columns], breakdowns


# --- Export ---------------------------------------------------------------------------


def export_header(questions: list[Question], consultation: Consultation) -> list[str]:
    header = ["Reference", "Date", "How answered"]
    for index, question in enumerate(questions, start=1):
        if question.kind == Question.Kind.MULTIPLE_CHOICE:
            header += [f"Q{index}. {question.text}: {c.label}" for c in question.choices.all()]
        else:
            header.append(f"Q{index}. {question.text}")
    if consultation.ask_profile:
        header += ["Gender", "Ethnic group", "Age band", "Area"]
    return header


def export_rows(consultation: Consultation, questions: list[Question]) -> Iterator[list[Any]]:
    """One row per submission, no identities. Fetched in chunks with their answers."""
    method_labels = {k: str(v) for k, v in Submission.Method.choices}
    qs = (
        Submission.objects.filter(consultation=consultation)
        .only(
            "id",
            "reference",
            "submitted_on",
            "method",
            "gender",
            "ethnic_group",
            "age_band",
            "area",
        )
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.only(
                    "id", "submission_id", "question_id", "text_value", "number_value", "declined"
                ).prefetch_related(
                    Prefetch(
                        "answer_choices",
                        queryset=AnswerChoice.objects.only("answer_id", "choice_id"),
                    )
                ),
            )
        )
        .order_by("reference")
    )
    choice_labels = {c.pk: c.label for q in questions for c in q.choices.all()}
    for submission in qs.iterator(chunk_size=500):
        by_question = {a.question_id: a for a in submission.answers.all()}
        row: list[Any] = [
            submission.reference,
            consultation.period_start.isoformat()
            if consultation.is_anonymous
            else submission.submitted_on.isoformat(),
            method_labels.get(submission.method, submission.method),
        ]
        for question in questions:
            answer = by_question.get(question.pk)
            chosen = {ac.choice_id for ac in answer.answer_choices.all()} if answer else set()
            if answer and answer.declined and question.kind != Question.Kind.MULTIPLE_CHOICE:
                row.append(str(Answer.Declined(answer.declined).label))
            elif question.kind == Question.Kind.MULTIPLE_CHOICE:
                row += [
                    (1 if c.pk in chosen else 0) if answer else "" for c in question.choices.all()
                ]
            elif question.has_choices:
                row.append(", ".join(choice_labels[c] for c in sorted(chosen)) if answer else "")
            elif question.kind == Question.Kind.SCALE:
                row.append(answer.number_value if answer else "")
            else:
                row.append(answer.text_value if answer else "")
        if consultation.ask_profile:
            row += [
                str(PROFILE_LABELS["gender"].get(submission.gender, "")),
                str(PROFILE_LABELS["ethnic_group"].get(submission.ethnic_group, "")),
                str(PROFILE_LABELS["age_band"].get(submission.age_band, "")),
                submission.area,
            ]
        yield row


# --- Members --------------------------------------------------------------------------


@dataclass
class MemberConsultation:
    consultation: Consultation
    answered: bool


def _answered_ids(user: Any, consultations: list[Consultation]) -> set[int]:
    """Which of ``consultations`` ``user`` has answered: three queries at most.

    Pseudonymous: recompute this person's pseudonym for each and look them up together.
    Named: the NamedRespondent rows. Anonymous: let in, and no longer pending.
    """
    answered: set[int] = set()
    # Keyed ``str | None`` as the pseudonym column is nullable (the filter below leaves no None).
    pseudo: dict[str | None, int] = {
        identity.pseudonym_for(user_id=user.pk, consultation_id=c.pk): c.pk
        for c in consultations
        if c.is_pseudonymous
    }
    if pseudo:
        answered |= {
            pseudo[p]
            for p in Submission.objects.filter(pseudonym__in=list(pseudo)).values_list(
                "pseudonym", flat=True
            )
        }
    named = [c.pk for c in consultations if c.is_named]
    if named:
        answered |= set(
            NamedRespondent.objects.filter(respondent=user, consultation_id__in=named).values_list(
                "consultation_id", flat=True
            )
        )
    anonymous = [c.pk for c in consultations if c.is_anonymous]
    if anonymous:
        answered |= set(
            AnonymousInvitation.objects.filter(user=user, consultation_id__in=anonymous)
            .exclude(
                consultation_id__in=AnonymousPending.objects.filter(
                    user=user, consultation_id__in=anonymous
                ).values("consultation_id")
            )
            .values_list("consultation_id", flat=True)
        )
    return answered


def open_consultations_for_member(user: Any) -> list[MemberConsultation]:
    consultations = list(
        Consultation.objects.filter(status=Consultation.Status.OPEN)
        .filter(audience.audience_filter_for(user))
        .distinct()
        .order_by("closes_at", "-opened_at", "-id")
    )
    answered = _answered_ids(user, consultations)
    return [MemberConsultation(c, c.pk in answered) for c in consultations]


@dataclass
class OwnAnswer:
    consultation: Consultation
    submission: Submission


def own_answers(user: Any) -> list[OwnAnswer]:
    """This person's named and pseudonymous submissions, wherever they are.

    Pseudonymous ones are found by recomputing the pseudonym for every pseudonymous
    consultation — there is no stored link to follow.
    """
    pseudo_ids = list(
        Consultation.objects.filter(anonymity=Consultation.Anonymity.PSEUDONYMOUS)
        .exclude(status=Consultation.Status.DRAFT)
        .values_list("pk", flat=True)
    )
    pseudonyms = [identity.pseudonym_for(user_id=user.pk, consultation_id=pk) for pk in pseudo_ids]
    qs = (
        Submission.objects.filter(Q(pseudonym__in=pseudonyms) | Q(named__respondent=user))
        .select_related("consultation")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question")
                .prefetch_related(
                    Prefetch(
                        "answer_choices", queryset=AnswerChoice.objects.select_related("choice")
                    )
                )
                .order_by("question__position", "question_id"),
            )
        )
        .order_by("-submitted_on", "reference")
    )
    return [OwnAnswer(s.consultation, s) for s in qs]


def anonymous_answered_open(user: Any) -> list[Consultation]:
    """Open anonymous consultations this person has answered (they withdraw with the code)."""
    return list(
        Consultation.objects.filter(
            status=Consultation.Status.OPEN,
            anonymity=Consultation.Anonymity.ANONYMOUS,
            pk__in=AnonymousInvitation.objects.filter(user=user).values("consultation_id"),
        )
        .exclude(pk__in=AnonymousPending.objects.filter(user=user).values("consultation_id"))
        .order_by("title")
    )


def answers_by_question(submission: Submission) -> dict[int, Answer]:
    return {a.question_id: a for a in submission.answers.all()}


def group_answers(submissions: list[Submission]) -> dict[Any, dict[int, Answer]]:
    grouped: dict[Any, dict[int, Answer]] = defaultdict(dict)
    for s in submissions:
        for a in s.answers.all():
            grouped[s.pk][a.question_id] = a
    return grouped


def has_answered(user: Any, consultation: Consultation) -> bool:
    return consultation.pk in _answered_ids(user, [consultation])


def anonymous_place_ready(user: Any, consultation: Consultation) -> bool:
    """Whether the member has been let in to an anonymous consultation (see AnonymousPending)."""
    return AnonymousInvitation.objects.filter(consultation=consultation, user=user).exists()


def access_code_is_unused(consultation: Consultation, code: str) -> bool:
    from consultations.models import AccessCode
    from consultations.services.access_codes import ACCESS_CODE_PURPOSE

    return AccessCode.objects.filter(
        consultation=consultation,
        code_hash=identity.code_hash(code, purpose=ACCESS_CODE_PURPOSE),
    ).exists()
