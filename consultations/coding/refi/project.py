"""The coded consultation as a REFI-QDA project (``.qdpx``)."""

from __future__ import annotations

import io
import tempfile
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
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
from consultations.coding.refi.codebook import add_codes, code_tree
from consultations.coding.refi.common import ORIGIN, PROJECT_NS
from consultations.models import Consultation, Submission
from users.models import User

# Fixed namespace for the GUIDs of things that have no GUID of their own (users,
# variables, codebooks as folders), so the same thing gets the same GUID in every export.
_PORTAL_NS = uuid.UUID("6f1c2b8e-3d4a-4f51-9b7e-2a0c5d8e9f10")


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
        add_codes(folder, PROJECT_NS, code_tree(by_book[book_id]), None, data.guid_of)
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
