"""Codebooks (``.qdc``) out and in: export, and the defensive reading and import described in
the package docstring."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from consultations.coding.models import (
    Code,
    Codebook,
)
from consultations.coding.refi.common import CODEBOOK_NS, ORIGIN, CodebookFileError, codebook_schema
from consultations.coding.services import CodingError, code_create, code_update, codebook_create
from consultations.models import Consultation
from users.models import User

# A codebook of a few thousand codes with long definitions is well under 1 MB; 5 MB leaves
# room for verbose exporters and is small enough to parse in memory at once.
MAX_BYTES = 5 * 1024 * 1024
# Each code becomes a row through the same service as the form, in one request. Large
# published codebooks have hundreds of codes; 2,000 is far more, and still quick to import.
MAX_CODES = 2000
# Codes are read recursively. Real codebooks nest three or four levels; 20 is generous and
# keeps the recursion (ours and the database's) far from Python's limit.
MAX_DEPTH = 20
_GUID = re.compile(r"^\{?([0-9a-fA-F-]{36})\}?$")


# --- Codebook export --------------------------------------------------------------------


def code_tree(codes: list[Code]) -> dict[int | None, list[Code]]:
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in sorted(codes, key=lambda c: (c.position, c.pk)):
        children[code.parent_id].append(code)
    return children


def add_codes(
    parent: etree._Element,
    ns: str,
    children: dict[int | None, list[Code]],
    key: int | None,
    guid_of: dict[int, str] | None = None,
) -> None:
    for code in children.get(key, []):
        element = etree.SubElement(
            parent,
            f"{{{ns}}}Code",
            guid=guid_of[code.pk] if guid_of else str(code.guid),
            name=code.name,
            isCodable="true" if code.is_codable else "false",
            color=code.colour.upper(),
        )
        # The schema wants Description before any nested Code.
        if code.definition:
            etree.SubElement(element, f"{{{ns}}}Description").text = code.definition
        add_codes(element, ns, children, code.pk, guid_of)


def codebook_to_qdc(codebook: Codebook) -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` file (UTF-8 XML). Merged codes are left out."""
    codes = list(Code.objects.filter(codebook=codebook, is_active=True))
    if not codes:
        raise CodingError(_("This codebook has no codes yet, so there is nothing to export."))
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    codes_element = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    add_codes(codes_element, CODEBOOK_NS, code_tree(codes), None)
    # No <Sets>: the schema allows it only with at least one set, and we keep none.
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- Codebook import --------------------------------------------------------------------


@dataclass
class ParsedCode:
    guid: uuid.UUID
    name: str
    is_codable: bool
    colour: str
    definition: str
    children: list[ParsedCode] = field(default_factory=list)


@dataclass
class ParsedCodebook:
    origin: str
    codes: list[ParsedCode]

    def count(self) -> int:
        def walk(codes: list[ParsedCode]) -> int:
            return sum(1 + walk(c.children) for c in codes)

        return walk(self.codes)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _plain_schema_error(error: Any) -> str:
    message = re.sub(r"\{[^}]*\}", "", error.message)
    return _("line %(line)s: %(message)s") % {"line": error.line, "message": message}


def _colour(value: str | None) -> str:
    if not value:
        return ""
    value = value.strip().upper()
    if len(value) == 4:  # #ABC means #AABBCC
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value


def _refuse_doctype() -> CodebookFileError:
    return CodebookFileError(
        _(
            "The file declares a DOCTYPE or entities, which a codebook never needs and which "
            "can be used to attack the server. Export the codebook again without them."
        )
    )


def parse_qdc(data: bytes) -> ParsedCodebook:
    """Read and check a ``.qdc`` file; raise ``CodebookFileError`` saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise CodebookFileError(_("The file is too big. A codebook file must be under 5 MB."))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    data = data.lstrip()
    if not data:
        raise CodebookFileError(_("The file is empty."))
    # Refused before parsing when it can be seen in the bytes (UTF-8, what every program
    # writes); any other encoding is caught by the check on the parsed tree below.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _refuse_doctype()
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CodebookFileError(
            _("This is not a readable XML file (line %(line)s: %(message)s).")
            % {"line": exc.lineno, "message": exc.msg}
        ) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _refuse_doctype()
    for element in root.iter(etree.Entity):
        raise CodebookFileError(
            _("Line %(line)s: the file uses an entity (%(name)s); a codebook never needs one.")
            % {"line": element.sourceline, "name": element.text}
        )
    if root.tag != f"{{{CODEBOOK_NS}}}CodeBook":
        raise CodebookFileError(
            _(
                "This is not a REFI-QDA codebook: it should start with <CodeBook> in the "
                "namespace urn:QDA-XML:codebook:1.0. Export the codebook (.qdc) from your "
                "program, not the whole project."
            )
        )
    # Counted on the tree as parsed, before the schema check and before any code is built.
    code_tag = f"{{{CODEBOOK_NS}}}Code"
    for number, element in enumerate(root.iter(code_tag), start=1):
        if number > MAX_CODES:
            raise CodebookFileError(
                _(
                    "Line %(line)s: the file has more than %(limit)s codes. A codebook here can "
                    "have at most %(limit)s."
                )
                % {"line": element.sourceline, "limit": MAX_CODES}
            )
        depth = sum(1 for ancestor in element.iterancestors(code_tag))
        if depth >= MAX_DEPTH:
            raise CodebookFileError(
                _(
                    "Line %(line)s: codes are nested more than %(limit)s deep. A codebook here "
                    "can nest codes at most %(limit)s deep."
                )
                % {"line": element.sourceline, "limit": MAX_DEPTH}
            )
    schema = codebook_schema()
    if not schema.validate(root):
        problems = [_plain_schema_error(e) for e in list(schema.error_log)[:3]]
        raise CodebookFileError(
            _("This codebook file does not follow the REFI-QDA standard: %(problems)s.")
            % {"problems": "; ".join(problems)}
        )
    seen: set[uuid.UUID] = set()

    def read(element: etree._Element, path: str) -> ParsedCode:
        match = _GUID.match(element.get("guid").strip())
        assert match is not None  # the schema (GUIDType) checked the guid's form above
        guid = uuid.UUID(match.group(1))
        name = element.get("name", "").strip()
        if not name:
            raise CodebookFileError(
                _("Line %(line)s: a code has no name.") % {"line": element.sourceline}
            )
        if len(name) > 200:
            raise CodebookFileError(
                _("The code “%(name)s…” has a name longer than 200 characters.")
                % {"name": name[:40]}
            )
        if guid in seen:
            raise CodebookFileError(
                _("Two codes share the GUID %(guid)s; each code needs its own.") % {"guid": guid}
            )
        seen.add(guid)
        definition = ""
        kids = []
        for child in element:
            if _local(child.tag) == "Description":
                definition = (child.text or "").strip()
            elif _local(child.tag) == "Code":
                kids.append(read(child, f"{path}{name} › "))
        names = [k.name.lower() for k in kids]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise CodebookFileError(
                _("Two codes inside “%(parent)s” are both called “%(name)s”.")
                % {"parent": f"{path}{name}", "name": duplicates[0]}
            )
        return ParsedCode(
            guid=guid,
            name=name,
            is_codable=element.get("isCodable").strip() in ("true", "1"),
            colour=_colour(element.get("color")),
            definition=definition,
            children=kids,
        )

    codes_element = root.find(f"{{{CODEBOOK_NS}}}Codes")
    top = [read(e, "") for e in codes_element.findall(f"{{{CODEBOOK_NS}}}Code")]
    names = [c.name.lower() for c in top]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CodebookFileError(
            _("Two top-level codes are both called “%(name)s”.") % {"name": duplicates[0]}
        )
    return ParsedCodebook(origin=(root.get("origin") or "").strip(), codes=top)


@transaction.atomic
def codebook_import(
    *,
    data: bytes,
    name: str = "",
    consultation: Consultation | None = None,
    into: Codebook | None = None,
    actor: User | None = None,
) -> Codebook:
    """Import a ``.qdc`` file as a new codebook, or into ``into`` (matching codes by GUID).

    All or nothing: any problem raises ``CodebookFileError`` and nothing is kept.
    """
    parsed = parse_qdc(data)
    if into is None:
        codebook = codebook_create(
            name=(name or parsed.origin or _("Imported codebook"))[:200],
            consultation=consultation,
            actor=actor,
            origin=parsed.origin,
        )
    else:
        codebook = into
    existing = {c.guid: c for c in Code.objects.filter(codebook=codebook, is_active=True)}

    def place(codes: list[ParsedCode], parent: Code | None) -> None:
        for position, parsed_code in enumerate(codes, start=1):
            fields: dict[str, Any] = {
                "name": parsed_code.name,
                "definition": parsed_code.definition,
                "parent": parent,
                "colour": parsed_code.colour,
                "is_codable": parsed_code.is_codable,
                "position": position,
            }
            try:
                if parsed_code.guid in existing:
                    code = code_update(code=existing[parsed_code.guid], actor=actor, **fields)
                else:
                    code = code_create(
                        codebook=codebook,
                        guid=parsed_code.guid,
                        actor=actor,
                        **fields,
                    )
            except CodingError as exc:
                raise CodebookFileError(f"“{parsed_code.name}”: {exc}") from exc
            except Exception as exc:  # a model ValidationError: say which code and why
                messages = getattr(exc, "messages", None)
                if messages is None:
                    raise
                raise CodebookFileError(
                    f"“{parsed_code.name}”: {' '.join(str(m) for m in messages)}"
                ) from exc
            place(parsed_code.children, code)

    place(parsed.codes, None)
    return codebook
