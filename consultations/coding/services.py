"""Business rules for coding. Views, tasks, commands, the demo and tests all call these.

The one rule everything else leans on is ``_recompute(item)``: after any change to an
answer's codings (a coder saves, edits, a code is merged, a lead settles) the answer's state
and its final codes are derived again from what is stored, so they can never drift from the
codings they summarise.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.coding.agreement import codes_key
from consultations.coding.models import (
    DEFAULT_COLOUR,
    Code,
    Codebook,
    CodeMerge,
    Coding,
    CodingItem,
    CodingLead,
    CodingPass,
    CodingProject,
    FinalCode,
    QuestionCoding,
    SettledCode,
    compact_counts,
)
from consultations.models import Answer, Consultation, Question
from consultations.services._common import ConsultationError
from core.services import audit_record
from users.roles import Role

# How long an answer shown to one coder is kept from the others.
CLAIM_FOR = timedelta(minutes=10)
# A colour for each new code in turn (GOV.UK Design System colours), so a chart is readable
# before anyone chooses colours.
PALETTE = (
    "#1D70B8",
    "#D4351C",
    "#00703C",
    "#F47738",
    "#4C2C92",
    "#28A197",
    "#D53880",
    "#B58840",
    "#505A5F",
    "#912B88",
    "#85994B",
    "#F499BE",
)
_BATCH = 2000
_random = secrets.SystemRandom()


class CodingError(ConsultationError):
    """A coding rule was broken; the message says so in plain English."""


class CodingConflict(CodingError):
    """Someone else got there first (the answer was coded, settled or withdrawn)."""

    default_message = _("Someone else has just coded that answer. Here is the next one.")


def _save(obj: Any, **kwargs: Any) -> Any:
    obj.full_clean(**kwargs)
    obj.save()
    return obj


# --- Codebooks and codes ----------------------------------------------------------------


@transaction.atomic
def codebook_create(
    *,
    name: str,
    description: str = "",
    consultation: Consultation | None = None,
    created_by: Any | None = None,
    origin: str = "",
) -> Codebook:
    codebook = _save(
        Codebook(
            name=name.strip(),
            description=description.strip(),
            consultation=consultation,
            created_by=created_by,
            origin=origin[:200],
        )
    )
    audit_record(actor=created_by, action="coding.codebook_created", obj=codebook)
    return codebook


@transaction.atomic
def codebook_update(
    *,
    codebook: Codebook,
    name: str,
    description: str = "",
    consultation: Consultation | None = None,
    changed_by: Any | None = None,
) -> Codebook:
    codebook.name = name.strip()
    codebook.description = description.strip()
    codebook.consultation = consultation
    _save(codebook)
    audit_record(actor=changed_by, action="coding.codebook_changed", obj=codebook)
    return codebook


def _descendant_ids(code: Code) -> set[int]:
    """Every code below ``code`` (one query: the codebook's parent links, walked in memory)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Code.objects.filter(codebook_id=code.codebook_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    stack = [code.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _check_parent(codebook: Codebook, parent: Code | None, code: Code | None = None) -> None:
    if parent is None:
        return
    if parent.codebook_id != codebook.pk or not parent.is_active:
        raise CodingError(_("Choose a place in the same codebook."))
    if code is not None and (parent.pk == code.pk or parent.pk in _descendant_ids(code)):
        raise CodingError(_("A code cannot go inside itself or inside one of its own codes."))


def _next_colour(codebook: Codebook) -> str:
    return PALETTE[Code.objects.filter(codebook=codebook).count() % len(PALETTE)]


@transaction.atomic
def code_create(
    *,
    codebook: Codebook,
    name: str,
    definition: str = "",
    parent: Code | None = None,
    colour: str = "",
    is_codable: bool = True,
    position: int | None = None,
    guid: Any | None = None,
    created_by: Any | None = None,
) -> Code:
    _check_parent(codebook, parent)
    if position is None:
        last = Code.objects.filter(codebook=codebook, parent=parent).aggregate(m=Max("position"))
        position = (last["m"] or 0) + 1
    code = Code(
        codebook=codebook,
        parent=parent,
        name=name.strip(),
        definition=definition.strip(),
        colour=(colour or _next_colour(codebook)).upper(),
        is_codable=is_codable,
        position=position,
    )
    if guid is not None:
        code.guid = guid
    _save(code)
    audit_record(actor=created_by, action="coding.code_created", obj=code)
    return code


@transaction.atomic
def code_update(
    *,
    code: Code,
    name: str,
    definition: str = "",
    parent: Code | None = None,
    colour: str = "",
    is_codable: bool = True,
    position: int | None = None,
    changed_by: Any | None = None,
) -> Code:
    if not code.is_active:
        raise CodingError(_("This code was merged into another, so it cannot be changed."))
    _check_parent(code.codebook, parent, code)
    if not is_codable and code.is_codable and Coding.objects.filter(code=code).exists():
        raise CodingError(
            _(
                "This code has been applied to answers, so it cannot become a folder. "
                "Merge it instead."
            )
        )
    code.name = name.strip()
    code.definition = definition.strip()
    code.parent = parent
    code.colour = (colour or code.colour or DEFAULT_COLOUR).upper()
    code.is_codable = is_codable
    if position is not None:
        code.position = position
    _save(code)
    audit_record(actor=changed_by, action="coding.code_changed", obj=code)
    return code


@transaction.atomic
def code_merge(*, source: Code, target: Code, merged_by: Any | None = None) -> CodeMerge:
    """Merge ``source`` into ``target``: codings move over and the old code is kept, retired.

    Where a coder had applied both codes to one answer, the two become one (an example-quote
    mark survives). Codes inside ``source`` move inside ``target``. Double-coded answers that
    used ``source`` are looked at again, because merging may end a disagreement.
    """
    source = Code.objects.select_for_update().get(pk=source.pk)
    target = Code.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise CodingError(_("Choose a different code to merge into."))
    if source.codebook_id != target.codebook_id:
        raise CodingError(_("You can only merge codes in the same codebook."))
    if not (source.is_active and target.is_active):
        raise CodingError(_("That code has already been merged into another."))
    if not target.is_codable:
        raise CodingError(_("Merge into a code that can be applied to answers, not a folder."))
    if target.pk in _descendant_ids(source):
        raise CodingError(_("A code cannot be merged into one of its own codes."))
    children = list(Code.objects.filter(parent=source, is_active=True))
    names_in_target = {
        n.lower()
        for n in Code.objects.filter(parent=target, is_active=True).values_list("name", flat=True)
    }
    clash = [c.name for c in children if c.name.lower() in names_in_target]
    if clash:
        raise CodingError(
            _("Both codes hold a code called “%(name)s”. Rename one first.") % {"name": clash[0]}
        )
    affected_items = list(
        Coding.objects.filter(code=source, item__is_double=True)
        .values_list("item_id", flat=True)
        .distinct()
    )
    same_coding = Coding.objects.filter(
        code=target, answer=OuterRef("answer"), coder=OuterRef("coder")
    )
    # An example-quote mark on the retired code carries over to the surviving coding.
    Coding.objects.filter(code=target, is_exemplar=False).filter(
        Exists(
            Coding.objects.filter(
                code=source, is_exemplar=True, answer=OuterRef("answer"), coder=OuterRef("coder")
            )
        )
    ).update(is_exemplar=True)
    duplicates = Coding.objects.filter(code=source).filter(Exists(same_coding))
    removed = duplicates.count()
    duplicates.delete()
    moved = Coding.objects.filter(code=source).update(code=target)
    for model in (SettledCode, FinalCode):
        same = model.objects.filter(code=target, item=OuterRef("item"))
        model.objects.filter(code=target, is_exemplar=False).filter(
            Exists(model.objects.filter(code=source, is_exemplar=True, item=OuterRef("item")))
        ).update(is_exemplar=True)
        model.objects.filter(code=source).filter(Exists(same)).delete()
        model.objects.filter(code=source).update(code=target)
    Code.objects.filter(parent=source, is_active=True).update(parent=target)
    source.is_active = False
    source.merged_into = target
    source.save(update_fields=["is_active", "merged_into"])
    for item in CodingItem.objects.select_for_update().filter(pk__in=affected_items):
        _recompute(item)
    merge = _save(
        CodeMerge(
            codebook_id=source.codebook_id,
            source=source,
            target=target,
            source_name=source.name,
            codings_moved=moved + removed,
            merged_by=merged_by,
        )
    )
    audit_record(
        actor=merged_by,
        action="coding.codes_merged",
        obj=target,
        detail={"source": source.name, "source_id": source.pk, "codings": moved + removed},
    )
    return merge


# --- Leads and publishing ---------------------------------------------------------------


@transaction.atomic
def coding_lead_add(
    *, consultation: Consultation, user: Any, added_by: Any | None = None
) -> CodingLead:
    if not user.is_active or not user.has_role(Role.STAFF, Role.ADMINISTRATOR):
        raise CodingError(_("Only staff can lead coding."))
    lead, created = CodingLead.objects.get_or_create(
        consultation=consultation, user=user, defaults={"added_by": added_by}
    )
    if created:
        audit_record(
            actor=added_by, action="coding.lead_added", obj=consultation, detail={"user": user.pk}
        )
    return lead


@transaction.atomic
def coding_lead_remove(*, lead: CodingLead, removed_by: Any | None = None) -> None:
    consultation = lead.consultation
    user_id = lead.user_id
    lead.delete()
    audit_record(
        actor=removed_by, action="coding.lead_removed", obj=consultation, detail={"user": user_id}
    )


@transaction.atomic
def coding_themes_publish(
    *, consultation: Consultation, published_by: Any | None, publish: bool = True
) -> CodingProject:
    """Let anyone read the consultation's themes (names, definitions and counts, no quotes)."""
    project, _created = CodingProject.objects.select_for_update().get_or_create(
        consultation=consultation
    )
    project.themes_published_at = timezone.now() if publish else None
    project.themes_published_by = published_by if publish else None
    project.save()
    audit_record(
        actor=published_by,
        action="coding.themes_published" if publish else "coding.themes_unpublished",
        obj=consultation,
    )
    return project


# --- Setting a question up --------------------------------------------------------------


def _text_answers_without_item(question: Question):
    return (
        Answer.objects.filter(question=question)
        .exclude(text_value="")
        .filter(~Exists(CodingItem.objects.filter(answer=OuterRef("pk"))))
    )


def coding_items_sync(*, question: Question) -> int:
    """Put answers that arrived since the last look into the queue. Safe to run twice.

    Each batch is its own transaction; a unique answer per item stops two runs adding one
    answer twice (the loser's batch is skipped and picked up next time).
    """
    setup = QuestionCoding.objects.filter(question=question).first()
    if setup is None:
        return 0
    created = 0
    while True:
        ids = list(_text_answers_without_item(question).values_list("pk", flat=True)[:_BATCH])
        if not ids:
            break
        share = setup.double_share / 100
        double = set(_random.sample(ids, round(len(ids) * share))) if share else set()
        with transaction.atomic():
            made = CodingItem.objects.bulk_create(
                [CodingItem(answer_id=pk, question=question, is_double=pk in double) for pk in ids],
                ignore_conflicts=True,
            )
        created += len(made)
        if len(ids) < _BATCH:
            break
    return created


def coding_items_sync_all() -> int:
    """For the periodic job: every set-up question of a consultation that is not a draft.

    Also folds the report's counter rows (``compact_counts``), so the rows of questions
    nobody has opened a report on lately, or that were deleted, do not pile up.
    """
    questions = Question.objects.filter(coding_setup__isnull=False).exclude(
        consultation__status=Consultation.Status.DRAFT
    )
    created = sum(coding_items_sync(question=q) for q in questions)
    compact_counts()
    return created


def _draw_double_sample(question: Question, share: int) -> None:
    """Mark ``share`` % of the question's answers, chosen at random, for two coders.

    Only answers nobody has started are added or taken out, so nobody's blind coding is
    changed under them; the share can therefore end a little off target.
    """
    items = CodingItem.objects.filter(question=question)
    total = items.count()
    target = round(total * share / 100)
    current = items.filter(is_double=True).count()
    if target > current:
        candidates = list(items.filter(is_double=False, passes_done=0).values_list("pk", flat=True))
        chosen = _random.sample(candidates, min(len(candidates), target - current))
        for start in range(0, len(chosen), _BATCH):
            items.filter(pk__in=chosen[start : start + _BATCH]).update(is_double=True)
    elif target < current:
        candidates = list(items.filter(is_double=True, passes_done=0).values_list("pk", flat=True))
        chosen = _random.sample(candidates, min(len(candidates), current - target))
        for start in range(0, len(chosen), _BATCH):
            items.filter(pk__in=chosen[start : start + _BATCH]).update(is_double=False)


@transaction.atomic
def question_coding_set(
    *,
    question: Question,
    codebook: Codebook,
    exclusive: bool = False,
    double_share: int = 0,
    show_profile: bool = True,
    changed_by: Any | None = None,
) -> QuestionCoding:
    """Choose a question's codebook and how much is double coded, and fill its queue."""
    if not question.is_text:
        raise CodingError(
            _("Only free-text questions are coded. Choice questions are counted directly.")
        )
    if codebook.consultation_id not in (None, question.consultation_id):
        raise CodingError(_("Choose a codebook of this consultation, or a shared one."))
    setup = QuestionCoding.objects.select_for_update().filter(question=question).first()
    coded = CodingPass.objects.filter(question=question).exists()
    if setup and setup.codebook_id != codebook.pk and coded:
        raise CodingError(
            _(
                "Answers to this question have been coded with another codebook, so it cannot "
                "change. Merge or rename codes instead."
            )
        )
    if exclusive and coded:
        several = (
            Coding.objects.filter(question=question)
            .values("item", "coder")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        if several.exists():
            raise CodingError(
                _("Some answers already have more than one code, so this cannot be one code each.")
            )
    if not 0 <= double_share <= 100:
        raise CodingError(_("Enter a share from 0 to 100."))
    setup = setup or QuestionCoding(question=question)
    setup.codebook = codebook
    setup.exclusive = exclusive
    setup.double_share = double_share
    setup.show_profile = show_profile
    setup.updated_by = changed_by
    _save(setup)
    CodingProject.objects.get_or_create(consultation_id=question.consultation_id)
    audit_record(
        actor=changed_by,
        action="coding.question_set_up",
        obj=question.consultation,
        detail={
            "question": question.pk,
            "codebook": codebook.pk,
            "exclusive": exclusive,
            "double_share": double_share,
        },
    )
    coding_items_sync(question=question)
    _draw_double_sample(question, double_share)
    return setup


# --- The queue --------------------------------------------------------------------------


def _free(now: datetime, coder: Any) -> Q:
    return Q(claimed_by__isnull=True) | Q(claimed_until__lte=now) | Q(claimed_by=coder)


def coding_queue_next(
    *, question: Question, coder: Any, skip: Collection[Any] = (), now: datetime | None = None
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
            base.filter(claimed_by=coder, claimed_until__gt=now, state__in=CodingItem.QUEUE_STATES)
            .exclude(first_coder=coder)
            .order_by("id")
            .first()
        )
        if item is not None:
            return item
        item = (
            base.filter(state=CodingItem.State.AWAITING_SECOND)
            .exclude(first_coder=coder)
            .filter(_free(now, coder))
            .order_by("id")
            .first()
        ) or (
            base.filter(state=CodingItem.State.TO_CODE)
            .filter(_free(now, coder))
            .order_by("id")
            .first()
        )
        if item is None:
            return None
        claimed = (
            CodingItem.objects.filter(pk=item.pk)
            .filter(_free(now, coder))
            .update(claimed_by=coder, claimed_until=now + CLAIM_FOR)
        )
        if claimed:
            item.claimed_by = coder
            item.claimed_until = now + CLAIM_FOR
            return item
    return None


def coding_item_release(*, item: CodingItem, coder: Any) -> None:
    """Give an answer back to the queue (the coder skipped it)."""
    CodingItem.objects.filter(pk=item.pk, claimed_by=coder).update(
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
    coder: Any,
    code_ids: Iterable[int],
    exemplar_ids: Iterable[int] = (),
    memo: str = "",
    none_fits: bool = False,
) -> CodingPass:
    """Save one coder's codes for one answer (a first coding, or a change to their own)."""
    item = (
        # Lock only the item: the set-up is on the nullable side of an outer join.
        CodingItem.objects.select_for_update(of=("self",))
        .select_related("question__coding_setup")
        .filter(pk=item.pk)
        .first()
    )
    if item is None:
        raise CodingConflict(_("That answer has been withdrawn, so it is no longer here to code."))
    setup = getattr(item.question, "coding_setup", None)
    if setup is None:
        raise CodingError(_("This question has no codebook yet."))
    choice = _check_choice(setup, code_ids, exemplar_ids, none_fits)
    memo = (memo or "").strip()
    if len(memo) > 2000:
        raise CodingError(_("Keep the memo to 2,000 characters or fewer."))
    mine = CodingPass.objects.filter(item=item, coder=coder).first()
    if item.settled_at is not None:
        raise CodingConflict(_("A lead coder has settled that answer, so it cannot be changed."))
    if mine is None:
        needed = 2 if item.is_double else 1
        if item.passes_done >= needed or item.state == CodingItem.State.DISAGREEMENT:
            raise CodingConflict()
        mine = CodingPass(item=item, question_id=item.question_id, coder=coder)
        mine.slot = item.passes_done + 1
    mine.memo = memo
    # The foreign keys come from rows just read under lock: checking them again would only
    # cost queries on every answer coded.
    _save(mine, exclude=["item", "question", "coder"], validate_constraints=False)
    Coding.objects.filter(item=item, coder=coder).delete()
    Coding.objects.bulk_create(
        Coding(
            answer_id=item.answer_id,
            item=item,
            question_id=item.question_id,
            code_id=code_id,
            coder=coder,
            slot=mine.slot,
            is_exemplar=code_id in choice.exemplar_ids,
        )
        for code_id in sorted(choice.code_ids)
    )
    if item.claimed_by_id == coder.pk:
        item.claimed_by = None
        item.claimed_until = None
    _recompute(item)
    return mine


@transaction.atomic
def coding_settle(
    *,
    item: CodingItem,
    settled_by: Any,
    code_ids: Iterable[int],
    exemplar_ids: Iterable[int] = (),
    none_fits: bool = False,
    note: str = "",
) -> CodingItem:
    """A lead coder's final codes for an answer two coders disagreed on. Both codings stay."""
    item = (
        CodingItem.objects.select_for_update(of=("self",))
        .select_related("question__coding_setup", "question__consultation")
        .filter(pk=item.pk)
        .first()
    )
    if item is None:
        raise CodingConflict(_("That answer has been withdrawn, so there is nothing to settle."))
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
    item.settled_by = settled_by
    item.settled_at = timezone.now()
    item.settle_note = note.strip()
    _recompute(item)
    audit_record(
        actor=settled_by,
        action="coding.settled",
        obj=item.question.consultation,
        detail={"question": item.question_id, "codes": sorted(choice.code_ids)},
    )
    return item


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


def validation_message(error: ValidationError) -> str:
    """One plain sentence from a model ``ValidationError`` (for commands and imports)."""
    return " ".join(str(m) for m in error.messages)
