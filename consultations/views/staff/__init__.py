"""Staff pages: ``consultations`` (build, publish, open and close, access codes),
``questions``, and ``answers`` (enter interviews and paper forms, read responses, results and
exports)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import services

# What the service calls on these pages may raise: a rule on a field, or a rule of the process.
SERVICE_ERRORS = (ValidationError, services.ConsultationError)


def detail_url(pk: int) -> str:
    return reverse("consultations:manage-detail", kwargs={"pk": pk})
