"""Re-identification of a pseudonymous answer by the data steward.

The database holds no link from a pseudonymous submission to a person, only the HMAC of
(person, consultation). Finding the author therefore means recomputing that HMAC for each
account and comparing — which needs ``settings.PSEUDONYM_KEY`` and so can only happen inside
the running portal, behind the checks in ``consultations.permissions`` (data steward role,
fresh re-authentication) and with a written reason that is put in the audit log first.

The person found is told that it happened and why (the steward's reason), never by whom. The
steward may decide not to tell them, only by writing why telling them could put someone at
risk; that decision and its reason are in the same audit event.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from consultations import identity
from consultations.models import Consultation, Submission
from consultations.services._common import ConsultationError
from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from users.models import User

MIN_REASON_LENGTH = 20


@dataclass(frozen=True)
class Reidentification:
    submission: Submission
    person: User | None
    person_told: bool = False


def _find_person(submission: Submission) -> User | None:
    if submission.pseudonym is None:
        return None
    ids = User.objects.order_by("pk").values_list("pk", flat=True)
    for user_id in ids.iterator(chunk_size=5000):
        candidate = identity.pseudonym_for(
            user_id=user_id, consultation_id=submission.consultation_id
        )
        if hmac.compare_digest(candidate, submission.pseudonym):
            return User.objects.get(pk=user_id)
    return None


@transaction.atomic
def submission_reidentify(
    *,
    actor: User,
    submission: Submission,
    reason: str,
    tell_person: bool = True,
    not_told_reason: str = "",
    request: HttpRequest | None = None,
) -> Reidentification:
    """Say who wrote a pseudonymous submission, log that it was asked and why, and tell the
    person (unless the steward wrote why that could put someone at risk).

    The audit event records the steward, the reference and the reason — not the person found,
    so the audit log (which administrators read) does not itself become a re-identification.
    """
    reason = reason.strip()
    not_told_reason = not_told_reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ConsultationError(
            _("Write the reason in at least %(n)s characters.") % {"n": MIN_REASON_LENGTH}
        )
    if not tell_person and len(not_told_reason) < MIN_REASON_LENGTH:
        raise ConsultationError(
            _("Write why telling them could put someone at risk, in at least %(n)s characters.")
            % {"n": MIN_REASON_LENGTH}
        )
    if submission.anonymity != Consultation.Anonymity.PSEUDONYMOUS:
        raise ConsultationError(
            _("Only pseudonymous answers can be re-identified. Anonymous answers store nobody.")
        )
    person = _find_person(submission)
    detail: dict[str, Any] = {
        "reference": submission.reference,
        "reason": reason[:2000],
        "found": person is not None,
        "person_told": person is not None and tell_person,
    }
    if not tell_person:
        detail["not_told_reason"] = not_told_reason[:2000]
    event = audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_RESPONDENT_REIDENTIFY,
        obj=submission.consultation,
        detail=detail,
        request=request,
    )
    if person is not None and tell_person:
        notify(
            user=person,
            kind=NotificationKind.CONSULTATIONS_REIDENTIFIED,
            context={
                "consultation": submission.consultation,
                "reference": submission.reference,
                "reason": reason,
            },
            dedupe_key=f"consultations.reidentified:{event.pk}",
            link=reverse("consultations:my-answers"),
        )
    return Reidentification(submission=submission, person=person, person_told=detail["person_told"])
