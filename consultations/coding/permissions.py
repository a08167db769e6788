"""Who may code, lead coding and read reports, and the permission-checked getters.

* **Coders** are staff (and administrators): they build codebooks and code answers.
* **Lead coders** of a consultation are its creator, the staff named on it
  (``CodingLead``), and anyone holding ``consultations.lead_any_coding``; administrators
  too. They set up double coding, settle disagreements and publish the themes.
* **Readers** of reports are staff and senior managers (and administrators).
* Anyone may read a consultation's themes once a lead coder has published them.

Getters raise 403 for the wrong role and 404 for what does not exist (or is not codable).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from consultations.coding.models import Code, Codebook, CodingItem, CodingLead
from consultations.models import Consultation, Question
from consultations.permissions import MANAGERS, RESULT_READERS
from users.roles import Role

CODERS = MANAGERS
READERS = RESULT_READERS
# Who may turn a theme into an action (the action plan's managers).
ACTION_MAKERS = (Role.STAFF, Role.SENIOR_MANAGER, Role.ADMINISTRATOR)


def can_code(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(*CODERS))


def can_read_reports(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(*READERS))


def is_lead(user: Any, consultation: Consultation) -> bool:
    if not can_code(user):
        return False
    if user.has_role(Role.ADMINISTRATOR) or consultation.created_by_id == user.pk:
        return True
    if user.has_perm("consultations.lead_any_coding"):
        return True
    return CodingLead.objects.filter(consultation=consultation, user=user).exists()


def get_consultation_for_coding(
    *, user: Any, pk: int, lead: bool = False, read: bool = False
) -> Consultation:
    """A published consultation: to code (default), to lead (``lead``) or to read reports."""
    allowed = can_read_reports(user) if read else can_code(user)
    if not allowed:
        raise PermissionDenied
    consultation = get_object_or_404(
        Consultation.objects.exclude(status=Consultation.Status.DRAFT), pk=pk
    )
    if lead and not is_lead(user, consultation):
        raise PermissionDenied
    return consultation


def get_question_for_coding(*, consultation: Consultation, pk: int) -> Question:
    """A free-text question of ``consultation`` (only those are coded)."""
    return get_object_or_404(
        Question, pk=pk, consultation=consultation, kind__in=list(Question.TEXT_KINDS)
    )


def get_question_for_report(*, consultation: Consultation, pk: int) -> Question:
    return get_object_or_404(Question, pk=pk, consultation=consultation)


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def get_item_for_coder(*, user: Any, consultation: Consultation, item_id: Any) -> CodingItem:
    """An answer in the coding queue. Reaches the answer's text and profile, never its author."""
    if not can_code(user):
        raise PermissionDenied
    return get_object_or_404(
        CodingItem.objects.select_related("answer__submission", "question__coding_setup"),
        pk=_uuid(item_id),
        question__consultation=consultation,
    )


def get_own_item(*, user: Any, consultation: Consultation, item_id: Any) -> CodingItem:
    """An answer this coder has coded (to change their codes). 404 for anyone else's."""
    item = get_item_for_coder(user=user, consultation=consultation, item_id=item_id)
    if not item.passes.filter(coder=user).exists():
        raise Http404
    return item


def get_item_for_lead(*, user: Any, consultation: Consultation, item_id: Any) -> CodingItem:
    if not is_lead(user, consultation):
        raise PermissionDenied
    return get_item_for_coder(user=user, consultation=consultation, item_id=item_id)


def get_codebook_for_coder(*, user: Any, pk: int) -> Codebook:
    if not can_code(user):
        raise PermissionDenied
    return get_object_or_404(Codebook.objects.select_related("consultation"), pk=pk)


def get_code_for_coder(*, user: Any, pk: int) -> Code:
    if not can_code(user):
        raise PermissionDenied
    return get_object_or_404(Code.objects.select_related("codebook", "parent"), pk=pk)
