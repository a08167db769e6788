"""Who is answering and where the pages are: a member, an open link, or the staff preview."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from consultations import selectors
from consultations.models import Consultation, Question

STATE_SALT = "consultations.answering"
# The "About you" answers ride in the draft's answers under a key no question id can have.
PROFILE_KEY = "about_you"
SAVED_MESSAGE = gettext_lazy(
    "Your answers are saved. You can sign out and finish them later, until it closes."
)
STATE_MAX_AGE = 12 * 60 * 60


@dataclass
class Flow:
    """One way into a questionnaire: ``member`` (signed in), ``open`` (link) or ``preview``."""

    consultation: Consultation
    kind: str
    start_url: str
    answer_url: str

    @cached_property
    def questions(self) -> list[Question]:
        return selectors.questions_plain(self.consultation)

    @cached_property
    def question_pages(self) -> list[list[Question]]:
        """One question a page, unless staff put a question with the one before it."""
        pages: list[list[Question]] = []
        for question in self.questions:
            if pages and question.same_page_as_previous:
                pages[-1].append(question)
            else:
                pages.append([question])
        return pages or [[]]

    @property
    def has_profile_page(self) -> bool:
        return self.consultation.ask_profile

    @property
    def total_pages(self) -> int:
        return len(self.question_pages) + (1 if self.has_profile_page else 0)

    @property
    def check_page(self) -> int:
        """The step after the last page: "Check your answers"."""
        return self.total_pages

    def first_number(self, page: int) -> int:
        """The number of the first question on ``page`` (1 for the first question)."""
        return 1 + sum(len(p) for p in self.question_pages[:page])

    def page_of(self, question_id: int) -> int:
        for index, page in enumerate(self.question_pages):
            if any(q.pk == question_id for q in page):
                return index
        return 0

    def can_keep_draft(self, request: HttpRequest) -> bool:
        return (
            self.kind == "member"
            and request.user.is_authenticated
            and not self.consultation.is_anonymous
        )


def member_flow(consultation: Consultation) -> Flow:
    return Flow(
        consultation,
        "member",
        reverse("consultations:start", kwargs={"pk": consultation.pk}),
        reverse("consultations:answer", kwargs={"pk": consultation.pk}),
    )


def open_flow(consultation: Consultation) -> Flow:
    token = consultation.open_link_token
    return Flow(
        consultation,
        "open",
        reverse("consultations:open-start", kwargs={"token": token}),
        reverse("consultations:open-answer", kwargs={"token": token}),
    )


def preview_flow(consultation: Consultation) -> Flow:
    return Flow(
        consultation,
        "preview",
        reverse("consultations:preview", kwargs={"pk": consultation.pk}),
        reverse("consultations:preview-answer", kwargs={"pk": consultation.pk}),
    )
