"""Who may do what with consultations, and the one permission-checked getter per object.

* Staff (and administrators) build consultations, enter interviews and read answers —
  never who wrote an anonymous or pseudonymous one.
* Senior managers may read results and exports.
* Members answer the consultations whose audience includes them.
* Only a data steward — not an administrator — may re-identify a pseudonymous answer, and
  only after signing in again (see ``views.steward``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from consultations import audience
from consultations.models import Consultation, Question, Submission
from users.roles import MEMBER_ROLES, Role

MANAGERS = (Role.STAFF, Role.ADMINISTRATOR)
RESULT_READERS = (Role.STAFF, Role.SENIOR_MANAGER, Role.ADMINISTRATOR)
RESPONDENTS = tuple(MEMBER_ROLES)


def can_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(*MANAGERS))


def can_read_results(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(*RESULT_READERS))


def is_data_steward(user: Any) -> bool:
    """Exactly the data steward role: administrators do not inherit this one."""
    return user.is_authenticated and Role.DATA_STEWARD in user.roles


def data_steward_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_data_steward(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def get_consultation_for_staff(*, user: Any, pk: int, manage: bool = True) -> Consultation:
    """For building (``manage``) or for reading results. 403 for the wrong role, else 404."""
    allowed = can_manage(user) if manage else can_read_results(user)
    if not allowed:
        raise PermissionDenied
    return get_object_or_404(Consultation, pk=pk)


def get_question_for_staff(*, user: Any, consultation: Consultation, pk: int) -> Question:
    if not can_manage(user):
        raise PermissionDenied
    return get_object_or_404(Question, pk=pk, consultation=consultation)


def get_consultation_for_respondent(*, user: Any, pk: int) -> Consultation:
    """An open members' consultation that ``user`` is in the audience of; 404 otherwise.

    404 rather than 403 so a member cannot learn which consultations exist for others.
    """
    consultation = (
        Consultation.objects.filter(pk=pk, status=Consultation.Status.OPEN)
        .exclude(audience=Consultation.Audience.OPEN_LINK)
        .prefetch_related("constituencies")
        .first()
    )
    if consultation is None or not audience.user_in_audience(consultation, user):
        raise Http404
    return consultation


def get_consultation_for_member_history(*, user: Any, pk: int) -> Consultation:
    """Any members' consultation (open or closed) — for withdrawing one's own answers."""
    if not audience.is_member(user):
        raise PermissionDenied
    return get_object_or_404(Consultation.objects.exclude(status=Consultation.Status.DRAFT), pk=pk)


def get_consultation_for_open_link(*, token: str) -> Consultation:
    return get_object_or_404(
        Consultation,
        open_link_token=token,
        audience=Consultation.Audience.OPEN_LINK,
        status=Consultation.Status.OPEN,
    )


def get_submission_for_steward(*, user: Any, reference: str) -> Submission:
    if not is_data_steward(user):
        raise PermissionDenied
    reference = reference.strip().upper()
    return get_object_or_404(
        Submission.objects.select_related("consultation"),
        reference=reference,
        anonymity=Consultation.Anonymity.PSEUDONYMOUS,
    )
