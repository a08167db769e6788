"""Re-identification of a pseudonymous answer by the data steward.

The database holds no link from a pseudonymous submission to a person, only the HMAC of
(person, consultation). Finding the author therefore means recomputing that HMAC for each
account and comparing — which needs ``settings.PSEUDONYM_KEY`` and so can only happen inside
the running portal, behind the checks in ``consultations.permissions`` (data steward role,
fresh re-authentication) and with a written reason that is put in the audit log first.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from consultations import identity
from consultations.models import Consultation, Submission
from consultations.services._common import ConsultationError
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User

MIN_REASON_LENGTH = 20


@dataclass(frozen=True)
class Reidentification:
    submission: Submission
    person: User | None


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
    steward: Any,
    submission: Submission,
    reason: str,
    request: HttpRequest | None = None,
) -> Reidentification:
    """Say who wrote a pseudonymous submission, and log that it was asked and why.

    The audit event records the steward, the reference and the reason — not the person found,
    so the audit log (which administrators read) does not itself become a re-identification.
    """
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ConsultationError(
            _("Write the reason in at least %(n)s characters.") % {"n": MIN_REASON_LENGTH}
        )
    if submission.anonymity != Consultation.Anonymity.PSEUDONYMOUS:
        raise ConsultationError(
            _("Only pseudonymous answers can be re-identified. Anonymous answers store nobody.")
        )
    person = _find_person(submission)
    audit_record(
        actor=steward,
        action=AuditAction.CONSULTATIONS_RESPONDENT_REIDENTIFY,
        obj=submission.consultation,
        detail={
            "reference": submission.reference,
            "reason": reason[:2000],
            "found": person is not None,
        },
        request=request,
    )
    return Reidentification(submission=submission, person=person)
