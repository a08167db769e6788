"""Codebooks and their codes: making, changing and merging codes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext as _

from consultations.coding.models import (
    Code,
    Codebook,
    CodeMerge,
    Coding,
    CodingItem,
    FinalCode,
    SettledCode,
)
from consultations.coding.models.codebooks import DEFAULT_COLOUR
from consultations.coding.services._common import CodingError, _save
from consultations.coding.services.queue import _recompute
from consultations.models import Consultation
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User

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

# --- Codebooks and codes ----------------------------------------------------------------


@transaction.atomic
def codebook_create(
    *,
    name: str,
    description: str = "",
    consultation: Consultation | None = None,
    actor: User | None = None,
    origin: str = "",
) -> Codebook:
    codebook = _save(
        Codebook(
            name=name.strip(),
            description=description.strip(),
            consultation=consultation,
            created_by=actor,
            origin=origin[:200],
        )
    )
    audit_record(actor=actor, action=AuditAction.CONSULTATIONS_CODEBOOK_CREATE, obj=codebook)
    return codebook


@transaction.atomic
def codebook_update(
    *,
    codebook: Codebook,
    name: str,
    description: str = "",
    consultation: Consultation | None = None,
    actor: User | None = None,
) -> Codebook:
    codebook.name = name.strip()
    codebook.description = description.strip()
    codebook.consultation = consultation
    _save(codebook)
    audit_record(actor=actor, action=AuditAction.CONSULTATIONS_CODEBOOK_UPDATE, obj=codebook)
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
    actor: User | None = None,
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
    audit_record(actor=actor, action=AuditAction.CONSULTATIONS_CODE_CREATE, obj=code)
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
    actor: User | None = None,
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
    audit_record(actor=actor, action=AuditAction.CONSULTATIONS_CODE_UPDATE, obj=code)
    return code


@transaction.atomic
def code_merge(*, source: Code, target: Code, actor: User | None = None) -> CodeMerge:
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
            merged_by=actor,
        )
    )
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_CODE_MERGE,
        obj=target,
        detail={"source": source.name, "source_id": source.pk, "codings": moved + removed},
    )
    return merge
