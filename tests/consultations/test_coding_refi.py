"""REFI-QDA exchange: .qdc codebooks out and in, and the coded consultation as a .qdpx."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from consultations.coding import refi
from consultations.coding import services as coding
from consultations.coding.models import Code, Codebook
from tests.consultations.coding_factories import coded_consultation, items_of, make_codebook

pytestmark = pytest.mark.django_db

NS = {"c": refi.CODEBOOK_NS}
PNS = {"p": refi.PROJECT_NS}


def _nested_codebook(staff) -> Codebook:
    book = coding.codebook_create(name="Support", actor=staff)
    folder = coding.code_create(codebook=book, name="Practical help", is_codable=False, actor=staff)
    coding.code_create(
        codebook=book,
        name="Housing",
        definition="Somewhere to live. Not: money for rent (use Money).",
        parent=folder,
        colour="#00703c",
        actor=staff,
    )
    coding.code_create(codebook=book, name="Money & benefits <£>", parent=folder, actor=staff)
    coding.code_create(codebook=book, name="Peer mentor", actor=staff)
    return book


def test_exported_codebook_is_valid_against_the_refi_schema(staff):
    data = refi.codebook_to_qdc(_nested_codebook(staff))
    root = etree.fromstring(data)
    refi.codebook_schema().assertValid(root)
    assert root.tag == f"{{{refi.CODEBOOK_NS}}}CodeBook"
    folder = root.find("c:Codes/c:Code", NS)
    assert folder.get("name") == "Practical help" and folder.get("isCodable") == "false"
    housing = folder.find("c:Code", NS)
    # Description comes before nested codes; colour is #RRGGBB; every code has a GUID.
    assert [etree.QName(e).localname for e in housing] == ["Description"]
    assert housing.get("color") == "#00703C"
    assert all(uuid.UUID(e.get("guid")) for e in root.iter(f"{{{refi.CODEBOOK_NS}}}Code"))
    assert root.find("c:Sets", NS) is None  # only when non-empty


def test_round_trip_keeps_names_hierarchy_definitions_colours_and_guids(staff):
    book = _nested_codebook(staff)
    first = refi.codebook_to_qdc(book)
    copy = refi.codebook_import(data=first, name="Copy", actor=staff)
    assert copy.pk != book.pk and copy.origin == refi.ORIGIN
    assert refi.codebook_to_qdc(copy) == first
    housing = Code.objects.get(codebook=copy, name="Housing")
    assert housing.parent.name == "Practical help"
    assert housing.guid == Code.objects.get(codebook=book, name="Housing").guid


def test_import_tolerates_a_byte_order_mark_and_a_foreign_schema_location(staff):
    data = (
        b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-8'?>\n"
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        b'xsi:schemaLocation="urn:QDA-XML:codebook:1.0 http://example.invalid/Codebook.xsd" '
        b'origin="NVivo 14">'
        b"<Codes>"
        b'<Code guid="{0F8F4B8A-1111-4C1D-9A10-6B3B5C1D2E3F}" name="Trust" isCodable="1" '
        b'color="#c0f">'
        b"<Description>Whether they trust probation</Description>"
        b'<Code guid="2d3f4b8a-2222-4c1d-9a10-6b3b5c1d2e3f" name="Breach of confidence" '
        b'isCodable="true"/>'
        b"</Code>"
        b"</Codes></CodeBook>"
    )
    book = refi.codebook_import(data=data, actor=staff)
    assert book.name == "NVivo 14" and book.origin == "NVivo 14"
    trust = Code.objects.get(codebook=book, name="Trust")
    assert trust.colour == "#CC00FF" and trust.definition == "Whether they trust probation"
    assert str(trust.guid) == "0f8f4b8a-1111-4c1d-9a10-6b3b5c1d2e3f"
    assert trust.children.get().name == "Breach of confidence"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<CodeBook", "not a readable XML file"),
        (b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>', "not a REFI-QDA codebook"),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            b'<Code name="No guid" isCodable="true"/></Codes></CodeBook>',
            "guid",
        ),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            b'<Code guid="not-a-guid" name="x" isCodable="true"/></Codes></CodeBook>',
            "line 1",
        ),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            b'<Code guid="0f8f4b8a-1111-4c1d-9a10-6b3b5c1d2e3f" name="A" isCodable="true" '
            b'color="red"/></Codes></CodeBook>',
            "color",
        ),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            b'<Code guid="0f8f4b8a-1111-4c1d-9a10-6b3b5c1d2e3f" name="Same" isCodable="true"/>'
            b'<Code guid="0f8f4b8a-2222-4c1d-9a10-6b3b5c1d2e3f" name="same" isCodable="true"/>'
            b"</Codes></CodeBook>",
            "both called",
        ),
        (
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            b'<Code guid="0f8f4b8a-1111-4c1d-9a10-6b3b5c1d2e3f" name="A" isCodable="true"/>'
            b'<Code guid="0F8F4B8A-1111-4C1D-9A10-6B3B5C1D2E3F" name="B" isCodable="true"/>'
            b"</Codes></CodeBook>",
            "share the GUID",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            b'<Code guid="0f8f4b8a-1111-4c1d-9a10-6b3b5c1d2e3f" name="&e;" isCodable="true"/>'
            b"</Codes></CodeBook>",
            "",
        ),
    ],
)
def test_invalid_files_are_refused_whole_with_a_reason(staff, data, message):
    before = (Codebook.objects.count(), Code.objects.count())
    with pytest.raises(refi.CodebookFileError) as caught:
        refi.codebook_import(data=data, actor=staff)
    assert message.lower() in str(caught.value).lower()
    assert (Codebook.objects.count(), Code.objects.count()) == before


def test_importing_into_a_codebook_updates_codes_by_guid_and_clashes_import_nothing(staff):
    book = _nested_codebook(staff)
    root = etree.fromstring(refi.codebook_to_qdc(book))
    root.find("c:Codes/c:Code[@name='Peer mentor']", NS).set("name", "Peer mentors")
    refi.codebook_import(data=etree.tostring(root), into=book, actor=staff)
    assert Code.objects.filter(codebook=book, name="Peer mentors").exists()
    assert Code.objects.filter(codebook=book).count() == 4
    # A new code whose name clashes with an existing one: refused, nothing changed.
    extra = etree.SubElement(
        root.find("c:Codes", NS),
        f"{{{refi.CODEBOOK_NS}}}Code",
        guid=str(uuid.uuid4()),
        name="New one",
        isCodable="true",
    )
    clash = etree.SubElement(
        root.find("c:Codes", NS),
        f"{{{refi.CODEBOOK_NS}}}Code",
        guid=str(uuid.uuid4()),
        name="PEER MENTORS",
        isCodable="true",
    )
    assert extra is not None and clash is not None
    with pytest.raises(refi.CodebookFileError):
        refi.codebook_import(data=etree.tostring(root), into=book, actor=staff)
    assert not Code.objects.filter(codebook=book, name="New one").exists()


def test_commands_export_and_import_and_fail_with_a_reason(staff, tmp_path, capsys):
    book = _nested_codebook(staff)
    out = tmp_path / "support.qdc"
    call_command("export_codebook", str(book.pk), "--output", str(out))
    refi.codebook_schema().assertValid(etree.parse(str(out)))
    stdout = io.StringIO()
    call_command("import_codebook", str(out), "--name", "From the command line", stdout=stdout)
    assert "4 codes" in stdout.getvalue()
    assert Codebook.objects.filter(name="From the command line").exists()
    bad = tmp_path / "bad.qdc"
    bad.write_bytes(b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_codebook", str(bad))
    with pytest.raises(CommandError, match="no codebook number"):
        call_command("export_codebook", "999999")


def test_command_exits_non_zero_on_an_invalid_file(tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    bad = tmp_path / "bad.qdc"
    bad.write_text("not xml at all")
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "import_codebook", str(bad)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode != 0
    assert "not a readable XML file" in done.stderr


def test_empty_codebook_cannot_be_exported(staff):
    book = coding.codebook_create(name="Empty", actor=staff)
    with pytest.raises(coding.CodingError, match="no codes"):
        refi.codebook_to_qdc(book)


def test_project_export_is_valid_and_carries_cases_variables_codes_and_coders(staff, administrator):
    consultation, question, codebook, codes = coded_consultation(
        staff,
        double_share=100,
        texts=["Good, she listens", "Bad, never has time", "Helped with my flat"],
        profiles=[
            {"gender": "woman", "age_band": "25-34"},
            {"gender": "man"},
            {},
        ],
    )
    agreed, pending, other = items_of(question)
    for coder in (staff, administrator):
        coding.coding_pass_save(item=agreed, actor=coder, code_ids=[codes[0].pk], memo="Clear")
    # Coded by one of its two coders only: its codes must not leave the building yet.
    coding.coding_pass_save(item=pending, actor=staff, code_ids=[codes[1].pk], memo="Secret")
    archive = refi.project_to_qdpx(consultation)
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        root = etree.fromstring(zf.read("project.qde"))
        refi.project_schema().assertValid(root)
        sources = root.findall("p:Sources/p:TextSource", PNS)
        assert len(sources) == 3
        for source in sources:
            path = source.get("plainTextPath").removeprefix("internal://")
            assert f"sources/{path}" in names
        texts = {zf.read(f"sources/{s.get('plainTextPath')[11:]}").decode() for s in sources}
    assert "Helped with my flat" in texts
    assert len(root.findall("p:Cases/p:Case", PNS)) == 3
    values = {e.text for e in root.iter(f"{{{refi.PROJECT_NS}}}TextValue")}
    assert {"Woman", "Man", "25 to 34"} <= values
    users = {u.get("name") for u in root.findall("p:Users/p:User", PNS)}
    assert users == {staff.display_name, administrator.display_name}
    codings = root.findall(".//p:Coding", PNS)
    assert len(codings) == 2  # the agreed answer's two codings; not the pending one
    notes = [
        n.findtext("p:PlainTextContent", namespaces=PNS)
        for n in root.iter(f"{{{refi.PROJECT_NS}}}Note")
    ]
    assert notes == ["Clear", "Clear"] and "Secret" not in etree.tostring(root).decode()
    # Nothing that could be matched to a named list: no references, no submission ids.
    text = etree.tostring(root).decode()
    for s in consultation.submissions.all():
        assert s.reference not in text and str(s.pk) not in text


def test_two_exports_cannot_be_joined_on_respondents(staff):
    consultation, *_ = coded_consultation(staff, texts=["One", "Two"])
    first = refi.read_qde(refi.project_to_qdpx(consultation).read())
    second = refi.read_qde(refi.project_to_qdpx(consultation).read())
    guids = lambda root: {c.get("guid") for c in root.findall("p:Cases/p:Case", PNS)}  # noqa: E731
    assert guids(first).isdisjoint(guids(second))


def test_codebook_used_twice_still_gives_unique_guids(staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A"])
    other_book = refi.codebook_import(data=refi.codebook_to_qdc(codebook), actor=staff)
    other_question = consultation.questions.filter(kind="long_text").first()
    coding.question_coding_set(question=other_question, codebook=other_book, actor=staff)
    root = refi.read_qde(refi.project_to_qdpx(consultation).read())
    refi.project_schema().assertValid(root)
    all_guids = [c.get("guid") for c in root.iter(f"{{{refi.PROJECT_NS}}}Code")]
    assert len(all_guids) == len(set(all_guids))


def test_make_codebook_factory_is_exportable(staff):
    assert refi.codebook_to_qdc(make_codebook(staff))
