"""REFI-QDA exchange: codebooks (``.qdc``) in and out, and a coded consultation as a project
(``.qdpx``), so the work moves to and from NVivo, ATLAS.ti, MAXQDA and QualCoder.

The schemas are REFI's own (``schemas/``, MIT licence; see ``schemas/README.md``); every file
we write is valid against them (the tests check), and every file we read is checked against
them before anything is imported.

Reading is defensive: a file with a DOCTYPE or an entity declaration is refused (no XXE, no
"billion laughs"), the parser resolves no entities, loads no DTD, fetches nothing from the
network and keeps libxml2's limits on (no ``huge_tree``); files over 5 MB are refused before
they are read, and the number of codes and how deeply they nest are counted before any code
is built. A byte-order mark and a foreign ``xsi:schemaLocation`` are tolerated, and an
invalid file is refused whole with a message saying what is wrong and on which line.
"""

from __future__ import annotations

import io
import re
import tempfile
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from consultations.coding.models import (
    Code,
    Codebook,
    Coding,
    CodingItem,
    CodingPass,
    QuestionCoding,
    SettledCode,
)
from consultations.coding.services import CodingError, code_create, code_update, codebook_create
from consultations.models import Consultation, Submission
from users.models import User

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
ORIGIN = "Probation Council Portal"
# A codebook of a few thousand codes with long definitions is well under 1 MB; 5 MB leaves
# room for verbose exporters and is small enough to parse in memory at once.
MAX_BYTES = 5 * 1024 * 1024
# Each code becomes a row through the same service as the form, in one request. Large
# published codebooks have hundreds of codes; 2,000 is far more, and still quick to import.
MAX_CODES = 2000
# Codes are read recursively. Real codebooks nest three or four levels; 20 is generous and
# keeps the recursion (ours and the database's) far from Python's limit.
MAX_DEPTH = 20
SCHEMAS = Path(__file__).resolve().parent / "schemas"
# Fixed namespace for the GUIDs of things that have no GUID of their own (users,
# variables, codebooks as folders), so the same thing gets the same GUID in every export.
_PORTAL_NS = uuid.UUID("6f1c2b8e-3d4a-4f51-9b7e-2a0c5d8e9f10")
_GUID = re.compile(r"^\{?([0-9a-fA-F-]{36})\}?$")


class CodebookFileError(CodingError):
    """The file is not a codebook we can import; the message says why."""


@cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def codebook_schema() -> etree.XMLSchema:
    return _schema("Codebook.xsd")


def project_schema() -> etree.XMLSchema:
    return _schema("Project-mrt2019.xsd")


# --- Codebook export --------------------------------------------------------------------


def _tree(codes: list[Code]) -> dict[int | None, list[Code]]:
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in sorted(codes, key=lambda c: (c.position, c.pk)):
        children[code.parent_id].append(code)
    return children


def _add_codes(
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
        _add_codes(element, ns, children, code.pk, guid_of)


def codebook_to_qdc(codebook: Codebook) -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` file (UTF-8 XML). Merged codes are left out."""
    codes = list(Code.objects.filter(codebook=codebook, is_active=True))
    if not codes:
        raise CodingError(_("This codebook has no codes yet, so there is nothing to export."))
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    codes_element = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    _add_codes(codes_element, CODEBOOK_NS, _tree(codes), None)
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


# --- The coded consultation as a REFI-QDA project ---------------------------------------


def _guid(kind: str, key: Any) -> str:
    return str(uuid.uuid5(_PORTAL_NS, f"{kind}:{key}"))


PROFILE_VARIABLES = (
    ("gender", "Gender", dict(Submission.Gender.choices)),
    ("ethnic_group", "Ethnic group", dict(Submission.EthnicGroup.choices)),
    ("age_band", "Age band", dict(Submission.AgeBand.choices)),
    ("area", "Area", None),
)


def _when(moment: datetime | None) -> str:
    return (moment or timezone.now()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _p(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


@dataclass
class _ProjectData:
    """What a project export needs besides the answers, read in a fixed number of queries."""

    codebook_names: dict[int, str]
    codes: list[Code]
    guid_of: dict[int, str]
    codings: dict[Any, list[tuple[int, int, datetime]]]
    notes: list[tuple[str, Any, str, int, datetime]]
    users: dict[int, Any]
    question_numbers: dict[int, int]


def _project_data(consultation: Consultation) -> _ProjectData:
    from users.models import User

    codebook_ids = sorted(
        set(
            QuestionCoding.objects.filter(question__consultation=consultation).values_list(
                "codebook_id", flat=True
            )
        )
    )
    codes = list(Code.objects.filter(codebook_id__in=codebook_ids, is_active=True))
    guid_of: dict[int, str] = {}
    for code in codes:
        guid = str(code.guid)
        # The same imported codebook may be used twice: each code still needs its own GUID.
        guid_of[code.pk] = guid if guid not in guid_of.values() else _guid("code", code.pk)
    # A double-coded answer only one coder has done yet is left out: the blind holds.
    hidden = (CodingItem.State.AWAITING_SECOND,)
    codings: dict[Any, list[tuple[int, int, datetime]]] = defaultdict(list)
    for item_id, code_id, coder_id, created in (
        Coding.objects.filter(question__consultation=consultation)
        .exclude(item__state__in=hidden)
        .values_list("item_id", "code_id", "coder_id", "created_at")
        .iterator(chunk_size=5000)
    ):
        codings[item_id].append((code_id, coder_id, created))
    for item_id, code_id, lead_id, when in (
        SettledCode.objects.filter(item__question__consultation=consultation)
        .values_list("item_id", "code_id", "item__settled_by_id", "item__settled_at")
        .iterator(chunk_size=5000)
    ):
        assert when is not None  # a settled code's item has its settled_at
        codings[item_id].append((code_id, lead_id, when))
    notes = [
        (str(uuid.uuid4()), item_id, memo, coder_id, when)
        for item_id, coder_id, memo, when in CodingPass.objects.filter(
            question__consultation=consultation
        )
        .exclude(memo="")
        .exclude(item__state__in=hidden)
        .values_list("item_id", "coder_id", "memo", "updated_at")
    ]
    user_ids = {c for rows in codings.values() for _code, c, _w in rows} | {n[3] for n in notes}
    return _ProjectData(
        codebook_names=dict(Codebook.objects.filter(pk__in=codebook_ids).values_list("pk", "name")),
        codes=codes,
        guid_of=guid_of,
        codings=codings,
        notes=notes,
        users={u.pk: u for u in User.objects.filter(pk__in=user_ids)},
        question_numbers={
            q: n
            for n, q in enumerate(
                consultation.questions.order_by("position", "id").values_list("pk", flat=True), 1
            )
        },
    )


def _users_element(data: _ProjectData) -> etree._Element:
    users = etree.Element(_p("Users"))
    for user in data.users.values():
        etree.SubElement(
            users,
            _p("User"),
            guid=_guid("user", user.pk),
            name=user.display_name or user.get_username(),
        )
    return users


def _codebook_element(data: _ProjectData) -> etree._Element:
    """Each codebook becomes a folder (a code that cannot be applied) holding its codes."""
    book = etree.Element(_p("CodeBook"))
    codes_element = etree.SubElement(book, _p("Codes"))
    by_book: dict[int, list[Code]] = defaultdict(list)
    for code in data.codes:
        by_book[code.codebook_id].append(code)
    for book_id, name in sorted(data.codebook_names.items()):
        folder = etree.SubElement(
            codes_element,
            _p("Code"),
            guid=_guid("codebook", book_id),
            name=name,
            isCodable="false",
        )
        _add_codes(folder, PROJECT_NS, _tree(by_book[book_id]), None, data.guid_of)
    return book


def _variables_element() -> etree._Element:
    variables = etree.Element(_p("Variables"))
    for key, label, _labels in PROFILE_VARIABLES:
        etree.SubElement(
            variables,
            _p("Variable"),
            guid=_guid("variable", key),
            name=label,
            typeOfVariable="Text",
        )
    return variables


def _case_element(submission: Submission, guid: str, number: int) -> etree._Element:
    case = etree.Element(_p("Case"), guid=guid, name=f"Respondent {number}")
    for key, _label, labels in PROFILE_VARIABLES:
        value = getattr(submission, key)
        if not value:
            continue
        variable_value = etree.SubElement(case, _p("VariableValue"))
        etree.SubElement(variable_value, _p("VariableRef"), targetGUID=_guid("variable", key))
        etree.SubElement(variable_value, _p("TextValue")).text = str(
            labels.get(value, value) if labels else value
        )
    return case


def _source_element(
    item: CodingItem, guid: str, name: str, data: _ProjectData, note_guids: list[str]
) -> etree._Element:
    text = item.answer.text_value
    source = etree.Element(
        _p("TextSource"), guid=guid, name=name, plainTextPath=f"internal://{guid}.txt"
    )
    rows = [row for row in data.codings.get(item.pk, []) if row[0] in data.guid_of]
    if rows:
        selection = etree.SubElement(
            source,
            _p("PlainTextSelection"),
            guid=str(uuid.uuid4()),
            name=text[:60],
            startPosition="0",
            endPosition=str(len(text)),
        )
        for code_id, user_id, when in rows:
            coding = etree.SubElement(
                selection,
                _p("Coding"),
                guid=str(uuid.uuid4()),
                creatingUser=_guid("user", user_id),
                creationDateTime=_when(when),
            )
            etree.SubElement(coding, _p("CodeRef"), targetGUID=data.guid_of[code_id])
    for note_guid in note_guids:
        etree.SubElement(source, _p("NoteRef"), targetGUID=note_guid)
    return source


def project_to_qdpx(consultation: Consultation) -> tempfile.SpooledTemporaryFile:
    """The coded consultation as a ``.qdpx`` (a zip of ``project.qde`` and ``sources/``).

    Answers are text sources, respondents cases with their profile answers as variables,
    codes the codebooks of its questions, and every coder's codes codings by that coder (a
    lead coder's settlement as codings by the lead); memos are notes. No names: respondents
    are numbered in a random order and their GUIDs are new in every export, so two exports
    cannot be joined on them. Streams through temporary files, so memory stays flat.
    """
    data = _project_data(consultation)
    export_ns = uuid.uuid4()
    items = (
        CodingItem.objects.filter(question__consultation=consultation)
        .select_related("answer__submission")
        .order_by("answer__submission_id", "question_id")
    )
    notes_by_item: dict[Any, list[str]] = defaultdict(list)
    for note_guid, item_id, *_rest in data.notes:
        notes_by_item[item_id].append(note_guid)
    has_items = items.exists()

    # Returned open: the view hands it to a FileResponse, which closes it.
    archive = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    with (
        tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024) as qde,
        zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf,
    ):
        with etree.xmlfile(qde, encoding="UTF-8") as xf:
            xf.write_declaration()
            attributes = {
                "name": consultation.title,
                "origin": ORIGIN,
                "creationDateTime": _when(None),
            }
            with xf.element(_p("Project"), attributes, nsmap={None: PROJECT_NS}):
                if data.users:
                    xf.write(_users_element(data))
                if data.codes:
                    xf.write(_codebook_element(data))
                xf.write(_variables_element())
                if has_items:
                    with xf.element(_p("Cases")):
                        case, current, number = None, None, 0
                        for item in items.iterator(chunk_size=2000):
                            submission = item.answer.submission
                            if submission.pk != current:
                                if case is not None:
                                    xf.write(case)
                                current, number = submission.pk, number + 1
                                guid = str(uuid.uuid5(export_ns, f"case:{submission.pk}"))
                                case = _case_element(submission, guid, number)
                            etree.SubElement(
                                case,
                                _p("SourceRef"),
                                targetGUID=str(uuid.uuid5(export_ns, f"source:{item.pk}")),
                            )
                        xf.write(case)
                    with xf.element(_p("Sources")):
                        current, number = None, 0
                        for item in items.iterator(chunk_size=2000):
                            if item.answer.submission_id != current:
                                current, number = item.answer.submission_id, number + 1
                            guid = str(uuid.uuid5(export_ns, f"source:{item.pk}"))
                            zf.writestr(f"sources/{guid}.txt", item.answer.text_value.encode())
                            name = (
                                f"Q{data.question_numbers.get(item.question_id, 0)} — "
                                f"Respondent {number}"
                            )
                            xf.write(
                                _source_element(item, guid, name, data, notes_by_item[item.pk])
                            )
                if data.notes:
                    with xf.element(_p("Notes")):
                        for note_guid, _item, memo, coder_id, when in data.notes:
                            note = etree.Element(
                                _p("Note"),
                                guid=note_guid,
                                name="Memo",
                                creatingUser=_guid("user", coder_id),
                                creationDateTime=_when(when),
                            )
                            etree.SubElement(note, _p("PlainTextContent")).text = memo
                            xf.write(note)
                description = etree.Element(_p("Description"))
                description.text = consultation.purpose
                xf.write(description)
        qde.seek(0)
        with zf.open("project.qde", "w") as target:
            while chunk := qde.read(1024 * 1024):
                target.write(chunk)
    archive.seek(0)
    return archive


def read_qde(qdpx: bytes | io.BytesIO) -> etree._Element:
    """The ``project.qde`` of a ``.qdpx`` (for tests and for checking an export)."""
    with zipfile.ZipFile(io.BytesIO(qdpx) if isinstance(qdpx, bytes) else qdpx) as zf:
        return etree.fromstring(zf.read("project.qde"))
