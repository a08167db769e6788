"""Consultation themes as sources of actions (read by ``actionplan.sources.autodiscover``).

A reference looks like ``consultations.code:12-34``: code 12 as used for question 34 (a
shared codebook's code can be used by several questions, each with its own count). This
module imports nothing from the action plan: the lower app only offers the dict.

Privacy: ``raised_by`` is always empty. Answers are anonymous or pseudonymous; naming the
people who gave them, even only to notify them, would re-link their answers to them.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from consultations.coding import permissions, reports
from consultations.coding.models import Code, CodingProject
from consultations.coding.suppression import SMALL
from consultations.models import Question
from core.http import int_param


def parse(pk: str) -> tuple[int, int] | None:
    code_id, sep, question_id = pk.partition("-")
    try:
        code, question = int_param(code_id), int_param(question_id)
    except ValueError:
        return None
    if not sep or code is None or question is None:
        return None
    return code, question


def resolve_code(*, pk: str, user: Any = None) -> dict[str, Any] | None:
    ids = parse(pk)
    if ids is None:
        return None
    code = Code.objects.filter(pk=ids[0], is_codable=True).first()
    if code is None:
        return None
    question = (
        Question.objects.select_related("consultation")
        .filter(pk=ids[1], coding_setup__codebook_id=code.codebook_id)
        .first()
    )
    if question is None:
        return None
    published = CodingProject.objects.filter(
        consultation_id=question.consultation_id, themes_published_at__isnull=False
    ).exists()
    if user is not None and not (published or permissions.can_read_reports(user)):
        return None
    while not code.is_active and code.merged_into is not None:
        code = code.merged_into
    theme = reports.theme(question, code)
    title = question.consultation.title
    if theme.count < SMALL:
        summary = _("Fewer than 5 people in “%(title)s” said: %(theme)s") % {
            "title": title,
            "theme": code.name,
        }
        count = None
    else:
        summary = _("%(n)s people in “%(title)s” said: %(theme)s") % {
            "n": theme.count,
            "title": title,
            "theme": code.name,
        }
        count = theme.count
    return {
        "summary": summary,
        "link": reverse("consultations:theme", kwargs={"pk": code.pk, "question_pk": question.pk}),
        "count": count,
        "raised_by": [],
    }
