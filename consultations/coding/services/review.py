"""Double coding: a lead coder settles an answer the two coders disagreed on."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.coding.models import (
    CodingItem,
    SettledCode,
)
from consultations.coding.services._common import CodingConflict, CodingError
from consultations.coding.services.queue import _check_choice, _recompute
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User


@transaction.atomic
def coding_settle(
    *,
    item: CodingItem,
    actor: User,
    code_ids: Iterable[int],
    exemplar_ids: Iterable[int] = (),
    none_fits: bool = False,
    note: str = "",
) -> CodingItem:
    """A lead coder's final codes for an answer two coders disagreed on. Both codings stay."""
    locked = (
        CodingItem.objects.select_for_update(of=("self",))
        .select_related("question__coding_setup", "question__consultation")
        .filter(pk=item.pk)
        .first()
    )
    if locked is None:
        raise CodingConflict(_("That answer has been withdrawn, so there is nothing to settle."))
    item = locked
    if item.state != CodingItem.State.DISAGREEMENT and item.settled_at is None:
        raise CodingConflict(_("That answer does not need settling any more."))
    choice = _check_choice(item.question.coding_setup, code_ids, exemplar_ids, none_fits)
    if len(note) > 2000:
        raise CodingError(_("Keep the note to 2,000 characters or fewer."))
    SettledCode.objects.filter(item=item).delete()
    SettledCode.objects.bulk_create(
        SettledCode(item=item, code_id=c, is_exemplar=c in choice.exemplar_ids)
        for c in sorted(choice.code_ids)
    )
    item.settled_by = actor
    item.settled_at = timezone.now()
    item.settle_note = note.strip()
    _recompute(item)
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_CODING_ITEM_SETTLE,
        obj=item.question.consultation,
        detail={"question": item.question_id, "codes": sorted(choice.code_ids)},
    )
    return item
