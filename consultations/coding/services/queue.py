"""The coding queue: giving a coder the next answer, saving their codes, and deriving
each answer's state and final codes from what is stored (``_recompute``)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.coding.agreement import codes_key
from consultations.coding.models import (
    Code,
    Coding,
    CodingItem,
    CodingPass,
    FinalCode,
    QuestionCoding,
    SettledCode,
)
from consultations.coding.services._common import CodingConflict, CodingError, _save
from consultations.models import Question
from users.models import User

# How long an answer shown to one coder is kept from the others.
CLAIM_FOR = timedelta(minutes=10)


# --- The queue --------------------------------------------------------------------------


def _free(now: datetime, coder: User) -> Q:
    return Q(claimed_by__isnull=True) | Q(claimed_until__lte=now) | Q(claimed_by=coder)


def coding_queue_next(
    *, question: Question, actor: User, skip: Collection[Any] = (), now: datetime | None = None
) -> CodingItem | None:
    """The next answer for ``coder``, claimed for them so nobody else is shown it meanwhile.

    An answer already on this coder's screen comes first (a reload shows the same one); then
    double-coded answers waiting for a second coder (so agreement can be measured soon);
    then answers nobody has coded. Each step is one indexed query in random (UUID) order.
    """
    now = now or timezone.now()
    base = CodingItem.objects.filter(question=question).exclude(pk__in=list(skip))
    for _attempt in range(3):
        item = (
            base.filter(claimed_by=actor, claimed_until__gt=now, state__in=CodingItem.QUEUE_STATES)
            .exclude(first_coder=actor)
            .order_by("id")
            .first()
        )
        if item is not None:
            return item
        item = (
            base.filter(state=CodingItem.State.AWAITING_SECOND)
            .exclude(first_coder=actor)
            .filter(_free(now, actor))
            .order_by("id")
            .first()
        ) or (
            base.filter(state=CodingItem.State.TO_CODE)
            .filter(_free(now, actor))
            .order_by("id")
            .first()
        )
        if item is None:
            return None
        claimed = (
            CodingItem.objects.filter(pk=item.pk)
            .filter(_free(now, actor))
            .update(claimed_by=actor, claimed_until=now + CLAIM_FOR)
        )
        if claimed:
            item.claimed_by = actor
            item.claimed_until = now + CLAIM_FOR
            return item
    return None


def coding_item_release(*, item: CodingItem, actor: User) -> None:
    """Give an answer back to the queue (the coder skipped it)."""
    CodingItem.objects.filter(pk=item.pk, claimed_by=actor).update(
        claimed_by=None, claimed_until=None
    )


@dataclass(frozen=True)
class _Choice:
    code_ids: frozenset[int]
    exemplar_ids: frozenset[int]


def _check_choice(
    setup: QuestionCoding,
    code_ids: Iterable[int],
    exemplar_ids: Iterable[int],
    none_fits: bool,
) -> _Choice:
    codes = frozenset(int(c) for c in code_ids)
    exemplars = frozenset(int(c) for c in exemplar_ids)
    allowed = set(
        Code.objects.filter(
            codebook_id=setup.codebook_id, is_active=True, is_codable=True, pk__in=codes | exemplars
        ).values_list("pk", flat=True)
    )
    if not (codes | exemplars) <= allowed:
        raise CodingError(_("Choose from the codes of this question's codebook."))
    if exemplars - codes:
        raise CodingError(_("Mark an answer as an example only for a code you have applied."))
    if none_fits and codes:
        raise CodingError(_("You chose codes and also “No code fits”. Choose one or the other."))
    if not codes and not none_fits:
        raise CodingError(_("Choose at least one code, or “No code fits”."))
    if setup.exclusive and len(codes) > 1:
        raise CodingError(_("Choose only one code: this question takes one code for each answer."))
    return _Choice(codes, exemplars)


@transaction.atomic
def coding_pass_save(
    *,
    item: CodingItem,
    actor: User,
    code_ids: Iterable[int],
    exemplar_ids: Iterable[int] = (),
    memo: str = "",
    none_fits: bool = False,
) -> CodingPass:
    """Save one coder's codes for one answer (a first coding, or a change to their own)."""
    locked = (
        # Lock only the item: the set-up is on the nullable side of an outer join.
        CodingItem.objects.select_for_update(of=("self",))
        .select_related("question__coding_setup")
        .filter(pk=item.pk)
        .first()
    )
    if locked is None:
        raise CodingConflict(_("That answer has been withdrawn, so it is no longer here to code."))
    item = locked
    setup = getattr(item.question, "coding_setup", None)
    if setup is None:
        raise CodingError(_("This question has no codebook yet."))
    choice = _check_choice(setup, code_ids, exemplar_ids, none_fits)
    memo = (memo or "").strip()
    if len(memo) > 2000:
        raise CodingError(_("Keep the memo to 2,000 characters or fewer."))
    mine = CodingPass.objects.filter(item=item, coder=actor).first()
    if item.settled_at is not None:
        raise CodingConflict(_("A lead coder has settled that answer, so it cannot be changed."))
    if mine is None:
        needed = 2 if item.is_double else 1
        if item.passes_done >= needed or item.state == CodingItem.State.DISAGREEMENT:
            raise CodingConflict()
        mine = CodingPass(item=item, question_id=item.question_id, coder=actor)
        mine.slot = item.passes_done + 1
    mine.memo = memo
    # The foreign keys come from rows just read under lock: checking them again would only
    # cost queries on every answer coded.
    _save(mine, exclude=["item", "question", "coder"], validate_constraints=False)
    Coding.objects.filter(item=item, coder=actor).delete()
    Coding.objects.bulk_create(
        Coding(
            answer_id=item.answer_id,
            item=item,
            question_id=item.question_id,
            code_id=code_id,
            coder=actor,
            slot=mine.slot,
            is_exemplar=code_id in choice.exemplar_ids,
        )
        for code_id in sorted(choice.code_ids)
    )
    if item.claimed_by_id == actor.pk:
        item.claimed_by = None
        item.claimed_until = None
    _recompute(item)
    return mine


def _recompute(item: CodingItem) -> None:
    """Derive an answer's state and final codes from its passes, codings and settlement.

    * settled by a lead coder: the settled codes, done;
    * nobody has coded it: still to code;
    * coded once and not in the double-coded share: that coder's codes, done;
    * in the share and coded once: waiting for the second coder (no final codes yet);
    * coded twice: done with their codes if the two sets match, else a disagreement.

    The caller holds the item's row lock.
    """
    passes = dict(CodingPass.objects.filter(item=item).values_list("slot", "coder"))
    by_slot: dict[int, dict[int, bool]] = {1: {}, 2: {}}
    for slot, code_id, exemplar in Coding.objects.filter(item=item).values_list(
        "slot", "code_id", "is_exemplar"
    ):
        by_slot[slot][code_id] = by_slot[slot].get(code_id, False) or exemplar
    State = CodingItem.State
    final: dict[int, bool] | None = None
    item.passes_done = len(passes)
    item.first_coder_id = passes.get(1)
    both = item.is_double and item.passes_done >= 2
    item.first_codes = codes_key(by_slot[1]) if both else ""
    item.second_codes = codes_key(by_slot[2]) if both else ""
    if item.settled_at is not None:
        item.state = State.DONE
        final = dict(SettledCode.objects.filter(item=item).values_list("code_id", "is_exemplar"))
    elif not passes:
        item.state = State.TO_CODE
    elif not item.is_double:
        item.state = State.DONE
        final = by_slot[min(passes)]
    elif not both:
        item.state = State.AWAITING_SECOND
    elif set(by_slot[1]) == set(by_slot[2]):
        item.state = State.DONE
        final = {c: by_slot[1][c] or by_slot[2][c] for c in by_slot[1]}
    else:
        item.state = State.DISAGREEMENT
    item.save(
        update_fields=[
            "state",
            "passes_done",
            "first_coder",
            "first_codes",
            "second_codes",
            "claimed_by",
            "claimed_until",
            "settled_by",
            "settled_at",
            "settle_note",
        ]
    )
    FinalCode.objects.filter(item=item).delete()
    if final:
        FinalCode.objects.bulk_create(
            FinalCode(
                item=item,
                answer_id=item.answer_id,
                question_id=item.question_id,
                code_id=code_id,
                is_exemplar=exemplar,
            )
            for code_id, exemplar in sorted(final.items())
        )
