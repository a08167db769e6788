"""The demo consultations: the report's (closed, its 119 answers entered by staff from
interviews) and one open consultation."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from consultations import services
from consultations.demo.questionnaire import (
    CONSENT_STATEMENT,
    DEMO_QUESTIONNAIRE,
    INFORMATION_SHEET,
    OPEN_TITLE,
    REPORT_TITLE,
    RESPONDENTS,
    DemoQuestion,
)
from consultations.models import Consultation, Question, Submission
from users.models import User


def _answer_texts(spec: DemoQuestion, rng: random.Random) -> list[str]:
    texts = [
        category.texts[i % len(category.texts)]
        for category in spec.categories
        for i in range(category.count)
    ]
    rng.shuffle(texts)
    return texts


def _profiles(rng: random.Random) -> list[dict[str, str]]:
    def spread(pairs: list[tuple[str, int]]) -> list[str]:
        values = [value for value, n in pairs for _ in range(n)]
        rng.shuffle(values)
        return values

    # Women are under-represented in the sample, as the report says.
    genders = spread([("man", 102), ("woman", 14), ("", 3)])
    ethnic = spread([("white", 95), ("asian", 10), ("black", 8), ("mixed", 4), ("", 2)])
    ages = spread(
        [("18-24", 21), ("25-34", 41), ("35-44", 33), ("45-54", 17), ("55-64", 5), ("", 2)]
    )
    areas = spread([("Leicester City", 62), ("Leicestershire", 46), ("Rutland", 5), ("", 6)])
    return [
        {"gender": g, "ethnic_group": e, "age_band": a, "area": r}
        for g, e, a, r in zip(genders, ethnic, ages, areas, strict=True)
    ]


def _create(staff: User, title: str, **fields: Any) -> Consultation | None:
    """The new consultation, or None when the demo has it already (seeding runs twice)."""
    if Consultation.objects.filter(title=title).exists():
        return None
    return services.consultation_create(actor=staff, title=title, **fields)


def seed_report(staff: User) -> None:
    now = timezone.now()
    consultation = _create(
        staff,
        REPORT_TITLE,
        purpose=(
            "One-to-one interviews with 119 people on probation in Leicestershire and Rutland, "
            "run by User Voice, about their relationship with probation and how people on "
            "probation could be involved in running it."
        ),
        information_sheet=INFORMATION_SHEET,
        consent_statement=CONSENT_STATEMENT,
        anonymity=Consultation.Anonymity.ANONYMOUS,
        audience=Consultation.Audience.ALL_MEMBERS,
        opens_at=now - timedelta(days=92),
        questions_per_page=3,
        areas="Leicester City\nLeicestershire\nRutland",
    )
    if consultation is None:
        return
    questions = [
        services.question_create(
            consultation=consultation,
            actor=staff,
            kind=spec.kind,
            text=spec.text,
            help_text=spec.help_text,
            required=True,
        )
        for spec in DEMO_QUESTIONNAIRE
    ]
    services.consultation_publish(consultation=consultation, actor=staff, now=now)
    # Demo only: date the questionnaire three months back, as if it ran then.
    Consultation.objects.filter(pk=consultation.pk).update(opened_at=now - timedelta(days=92))
    consultation.refresh_from_db()
    rng = random.Random(2009)
    columns: list[list[object]] = []
    for spec, question in zip(DEMO_QUESTIONNAIRE, questions, strict=True):
        if spec.kind == Question.Kind.YES_NO:
            yes, no = (c.pk for c in question.choices.order_by("position"))
            values: list[object] = [*[yes] * spec.yes, *[no] * (RESPONDENTS - spec.yes)]
            rng.shuffle(values)
        else:
            values = list(_answer_texts(spec, rng))
        assert len(values) == RESPONDENTS, spec.text
        columns.append(values)
    profiles = _profiles(rng)
    for index in range(RESPONDENTS):
        services.submission_create(
            consultation=consultation,
            answers={q.pk: column[index] for q, column in zip(questions, columns, strict=True)},
            consented=True,
            method=Submission.Method.INTERVIEW,
            actor=staff,
            interviewer_name="User Voice interviewer",
            profile=profiles[index],
        )
    services.consultation_close(consultation_id=consultation.pk, now=now - timedelta(days=61))
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=now - timedelta(days=61))


def seed_open(staff: User) -> None:
    now = timezone.now()
    consultation = _create(
        staff,
        OPEN_TITLE,
        purpose=(
            "People told us that the hardest time is after an order ends, when support stops. "
            "Tell us what would help, so the council and probation can plan it together."
        ),
        information_sheet=(
            "Taking part is up to you and will not affect the service you get. Staff cannot "
            "see who wrote each answer. You can look at your answers and withdraw them at any "
            "time without giving a reason. Answers are kept for five years and then deleted."
        ),
        consent_statement="I have read the information and I agree to take part.",
        anonymity=Consultation.Anonymity.PSEUDONYMOUS,
        audience=Consultation.Audience.ALL_MEMBERS,
        closes_at=now + timedelta(days=30),
        questions_per_page=2,
        areas="Leicester City\nLeicestershire\nRutland",
    )
    if consultation is None:
        return
    for spec in (
        {
            "kind": Question.Kind.LONG_TEXT,
            "text": "When your order ended (or when it ends), what support would help you most?",
        },
        {
            "kind": Question.Kind.MULTIPLE_CHOICE,
            "text": "Which of these would you use?",
            "help_text": "Choose all that apply.",
            "choices": [
                "An out-of-hours helpline run with people who have been on probation",
                "A peer mentor from outside probation",
                "A group that meets in the evening",
                "Befriending, for people who feel on their own",
            ],
        },
        {
            "kind": Question.Kind.SCALE,
            "text": "How sure are you that probation will act on what people say?",
            "scale_low_label": "Not at all sure",
            "scale_high_label": "Completely sure",
        },
        {
            "kind": Question.Kind.YES_NO,
            "text": "Would you like to help plan this with staff?",
        },
        {
            "kind": Question.Kind.LONG_TEXT,
            "text": "Is there anything else you want to tell us?",
            "required": False,
        },
    ):
        services.question_create(consultation=consultation, actor=staff, **spec)
    services.consultation_publish(consultation=consultation, actor=staff)
