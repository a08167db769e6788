"""One-time access codes for open links: made in batches to print, only their hashes kept."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consultations import identity
from consultations.models import (
    AccessCode,
    AccessCodeBatch,
    Consultation,
)
from consultations.services._common import ConsultationError
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User

ACCESS_CODE_PURPOSE = "access"


@dataclass(frozen=True)
class IssuedCodes:
    batch: AccessCodeBatch
    codes: list[str]


@transaction.atomic
def access_code_batch_create(
    *, consultation: Consultation, label: str, size: int, actor: User
) -> IssuedCodes:
    """Make ``size`` one-time codes to print. They are shown once; only hashes are kept."""
    if not consultation.require_access_code:
        raise ConsultationError(_("This consultation does not use access codes."))
    if consultation.status == Consultation.Status.CLOSED:
        raise ConsultationError(_("This consultation has closed."))
    if not 1 <= size <= 500:
        raise ValidationError({"size": _("Make between 1 and 500 codes at a time.")})
    batch = AccessCodeBatch(consultation=consultation, label=label, size=size, created_by=actor)
    batch.full_clean()
    batch.save()
    codes = [identity.new_code() for _ in range(size)]
    AccessCode.objects.bulk_create(
        AccessCode(
            batch=batch,
            consultation=consultation,
            code_hash=identity.code_hash(code, purpose=ACCESS_CODE_PURPOSE),
        )
        for code in codes
    )
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_ACCESS_CODES_MAKE,
        obj=consultation,
        detail={"label": label, "size": size},
    )
    return IssuedCodes(batch=batch, codes=codes)
