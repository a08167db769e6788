"""Coding the demo: the report's categories as codebooks, its answers coded to its figures
(a fifth double coded, with realistic disagreement settled by the lead), and a shared codebook
with folders for the open consultation."""

from __future__ import annotations

import random

from consultations.demo.questionnaire import (
    DEMO_QUESTIONNAIRE,
    OPEN_TITLE,
    REPORT_TITLE,
    category_for,
)
from consultations.models import Consultation
from users.models import User

# Short names for the codebooks of the seven questions (Q6, yes or no, is counted directly).
CODEBOOK_NAMES = {
    1: "Relationship with the probation officer",
    2: "Why people do not attend programmes",
    3: "What would improve relationships with the service",
    4: "What ‘service user involvement’ means",
    5: "What ‘peer mentor’ means",
    7: "Best way to communicate",
}
DEFINITIONS = {
    (1, "Positive"): (
        "The person describes the relationship as good, helpful or supportive. Not when "
        "they add a real complaint: use ‘Neither positive nor negative’."
    ),
    (1, "Negative"): (
        "The person describes the relationship as poor, distant or unhelpful, or says they "
        "have no real relationship."
    ),
    (1, "Neither positive nor negative"): (
        "Mixed or flat answers: good and bad, ‘it's OK but…’, or ‘just business’."
    ),
}
# How many of each category's texts (the first ones) are the report's own example comments.
REPORT_EXAMPLES = {
    (1, "Positive"): 5,
    (1, "Negative"): 4,
    (1, "Neither positive nor negative"): 3,
    (2, "Pre-conceived attitudes of offenders"): 3,
    (2, "Don't see the relevance or benefit of courses"): 3,
    (2, "Lifestyle issues (e.g. drug use or housing)"): 3,
    (2, "Poor relationship with probation"): 2,
    (2, "Resent coercion"): 2,
    (2, "Fear of being embarrassed"): 2,
    (2, "Travel issues"): 1,
    (2, "Some would prefer to go to prison"): 1,
    (3, "More 1 to 1 time with officers"): 1,
    (3, "Increased flexibility from officers"): 2,
    (3, "Improve the quality of relationships"): 3,
    (3, "Improve employment prospects"): 1,
    (4, "Nothing"): 2,
    (4, "Probation listening to service user views"): 1,
    (4, "Service users attending services"): 1,
    (4, "Service users delivering services"): 1,
    (4, "Service users supporting services"): 1,
    (4, "Compliance with requirements"): 1,
    (4, "Doing their work for them"): 1,
    (5, "Service users supporting service users"): 4,
    (5, "Nothing"): 2,
    (5, "Service users pressuring service users"): 2,
    (5, "Working with keyworker"): 1,
    (7, "Face to face meetings"): 5,
    (7, "Through a third party"): 2,
    (7, "One to one with Probation Officer"): 1,
    (7, "By phone or e-mail"): 2,
}
DOUBLE_SHARE = 20
# The second coder picks another category this often: realistic disagreement, all settled
# by the lead coder to the report's category so the report shows the published figures.
DISAGREE_RATE = 0.2
SECOND_CODER = "second-coder"

SHARED_CODEBOOK = "Support after an order ends"
SHARED_CODES = (
    (
        "Practical help",
        "",
        (
            ("Housing", "Somewhere to live, hostels, tenancy."),
            ("Money and benefits", "Benefits, debts, budgeting."),
            ("Work and training", "Jobs, courses, qualifications."),
        ),
    ),
    (
        "People to turn to",
        "",
        (
            ("Peer mentor", "Someone who has been through it."),
            ("Out-of-hours helpline", "A number to ring evenings and weekends."),
            ("Befriending", "Company for people who feel on their own."),
        ),
    ),
    ("Health", "Drugs, alcohol and mental health support.", ()),
)


def _second_coder() -> User:
    """A demo analyst who double-coded in 2009. Cannot sign in (no password, not active)."""
    user, created = User.objects.get_or_create(
        username=SECOND_CODER, defaults={"display_name": "Lee (second coder, demo)"}
    )
    if created:
        user.set_unusable_password()
        user.is_active = False
        user.save()
    return user


def seed_report_coding(staff: User) -> None:
    from consultations.coding import services as coding
    from consultations.coding.models import CodingItem, QuestionCoding

    consultation = Consultation.objects.filter(title=REPORT_TITLE).first()
    if (
        consultation is None
        or QuestionCoding.objects.filter(question__consultation=consultation).exists()
    ):
        return
    second = _second_coder()
    rng = random.Random(2010)
    questions = list(consultation.questions.order_by("position", "id"))
    for position, (spec, question) in enumerate(
        zip(DEMO_QUESTIONNAIRE, questions, strict=True), start=1
    ):
        if not spec.categories:
            continue
        codebook = coding.codebook_create(
            name=CODEBOOK_NAMES[position],
            description=f"The categories of section 4.1.{position} of the report.",
            consultation=consultation,
            actor=staff,
        )
        codes = {
            category.name: coding.code_create(
                codebook=codebook,
                name=category.name,
                definition=DEFINITIONS.get(
                    (position, category.name),
                    f"The answer is mainly about: {category.name[0].lower()}{category.name[1:]}.",
                ),
                actor=staff,
            )
            for category in spec.categories
        }
        coding.question_coding_set(
            question=question,
            codebook=codebook,
            exclusive=True,
            double_share=DOUBLE_SHARE,
            actor=staff,
        )
        examples = {
            text
            for category in spec.categories
            for text in category.texts[: REPORT_EXAMPLES.get((position, category.name), 0)]
        }
        quoted: set[str] = set()
        items = CodingItem.objects.filter(question=question).select_related("answer")
        for item in items.order_by("answer_id"):
            text = item.answer.text_value
            category = category_for(position, text)
            assert category is not None  # every demo answer was written from a category
            code = codes[category]
            exemplar = text in examples and text not in quoted
            quoted.add(text)
            coding.coding_pass_save(
                item=item,
                actor=staff,
                code_ids=[code.pk],
                exemplar_ids=[code.pk] if exemplar else [],
            )
            if not item.is_double:
                continue
            other = code
            if rng.random() < DISAGREE_RATE:
                other = rng.choice([c for c in codes.values() if c.pk != code.pk])
            coding.coding_pass_save(item=item, actor=second, code_ids=[other.pk])
            if other.pk != code.pk:
                coding.coding_settle(
                    item=item,
                    actor=staff,
                    code_ids=[code.pk],
                    exemplar_ids=[code.pk] if exemplar else [],
                    note="The report's analysts put this answer in this category.",
                )
    coding.coding_themes_publish(consultation=consultation, actor=staff)


def seed_open_coding(staff: User) -> None:
    """A shared codebook with folders, ready for the open consultation's first question."""
    from consultations.coding import services as coding
    from consultations.coding.models import Codebook

    consultation = Consultation.objects.filter(title=OPEN_TITLE).first()
    if consultation is None or Codebook.objects.filter(name=SHARED_CODEBOOK).exists():
        return
    codebook = coding.codebook_create(
        name=SHARED_CODEBOOK,
        description="Kinds of support people ask for when supervision ends. Shared.",
        actor=staff,
    )
    for name, definition, children in SHARED_CODES:
        folder = coding.code_create(
            codebook=codebook,
            name=name,
            definition=definition,
            is_codable=not children,
            actor=staff,
        )
        for child, child_definition in children:
            coding.code_create(
                codebook=codebook,
                name=child,
                definition=child_definition,
                parent=folder,
                actor=staff,
            )
    first = consultation.questions.order_by("position", "id").first()
    if first is not None and first.is_text:
        coding.question_coding_set(
            question=first, codebook=codebook, double_share=DOUBLE_SHARE, actor=staff
        )
