"""A ``.qdc`` codebook is checked before anything is built: no DOCTYPE or entities, a byte
limit checked before reading, the number of codes and their depth counted first. A refused
file gives a plain message (naming the line where there is one) and imports nothing."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from consultations.coding import refi
from consultations.coding.forms import CodebookImportForm
from consultations.coding.models import Code, Codebook

pytestmark = pytest.mark.django_db

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
OPEN = b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Test">\n<Codes>\n'
CLOSE = b"</Codes>\n</CodeBook>\n"


def _code(name: str, inner: bytes = b"") -> bytes:
    guid = str(uuid.uuid4()).encode()
    return (
        b'<Code guid="'
        + guid
        + b'" name="'
        + name.encode()
        + b'" isCodable="true">'
        + (inner + b"</Code>\n")
    )


def _book(*codes: bytes, doctype: bytes = b"") -> bytes:
    return HEAD + doctype + OPEN + b"".join(codes) + CLOSE


def _refused(data: bytes) -> str:
    before = (Codebook.objects.count(), Code.objects.count())
    with pytest.raises(refi.CodebookFileError) as caught:
        refi.codebook_import(data=data)
    assert (Codebook.objects.count(), Code.objects.count()) == before
    return str(caught.value)


DOCTYPE_MESSAGE = "The file declares a DOCTYPE or entities"


def test_a_doctype_with_an_internal_entity_is_refused(staff):
    doctype = b'<!DOCTYPE CodeBook [<!ENTITY who "Housing">]>\n'
    data = _book(_code("A", b"<Description>&who;</Description>"), doctype=doctype)
    assert DOCTYPE_MESSAGE in _refused(data)


def test_entity_expansion_is_refused_before_parsing(staff):
    laughs = (
        b"<!DOCTYPE CodeBook [\n"
        b'<!ENTITY lol "lol">\n'
        b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">\n'
        b"]>\n"
    )
    data = _book(_code("&lol2;"), doctype=laughs)
    assert DOCTYPE_MESSAGE in _refused(data)


def test_a_doctype_in_utf16_is_caught_after_parsing(staff):
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE CodeBook>\n'
        + (OPEN + _code("A") + CLOSE).decode()
    )
    assert DOCTYPE_MESSAGE in _refused(text.encode("utf-16"))


def test_an_external_doctype_is_refused(staff):
    doctype = b'<!DOCTYPE CodeBook SYSTEM "http://127.0.0.1:9/codebook.dtd">\n'
    assert DOCTYPE_MESSAGE in _refused(_book(_code("A"), doctype=doctype))


def test_too_many_codes_names_the_line(staff, monkeypatch):
    monkeypatch.setattr(refi.codebook, "MAX_CODES", 3)
    data = _book(*(_code(f"Code {i}") for i in range(4)))
    assert _refused(data) == (
        "Line 7: the file has more than 3 codes. A codebook here can have at most 3."
    )


def test_codes_nested_too_deep_are_refused(staff):
    inner = b""
    for level in range(25, 0, -1):
        inner = _code(f"Level {level}", inner)
    message = _refused(_book(inner))
    assert message == (
        "Line 4: codes are nested more than 20 deep. A codebook here can nest codes at "
        "most 20 deep."
    )


def test_a_good_codebook_still_imports(staff):
    book = refi.codebook_import(data=_book(_code("A", _code("B")), _code("C")), actor=staff)
    assert book.codes.count() == 3


def test_form_refuses_a_big_file_before_reading_it(monkeypatch):
    monkeypatch.setattr("consultations.coding.forms.MAX_BYTES", 10)

    class Unreadable(SimpleUploadedFile):
        def read(self, *args, **kwargs):
            raise AssertionError("the file was read before its size was checked")

    form = CodebookImportForm(data={}, files={"file": Unreadable("c.qdc", b"x" * 11)})
    assert not form.is_valid()
    assert form.errors["file"] == ["The file is too big. A codebook file must be under 5 MB."]


def test_command_refuses_a_big_file_before_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr("consultations.management.commands.import_codebook.MAX_BYTES", 100)
    path = tmp_path / "big.qdc"
    path.write_bytes(_book(_code("A"), _code("B")))
    opened = []
    monkeypatch.setattr(type(path), "read_bytes", lambda self: opened.append(self) or b"")
    with pytest.raises(CommandError, match="too big.*Nothing was imported"):
        call_command("import_codebook", str(path), stdout=io.StringIO())
    assert not opened and not Codebook.objects.exists()


def test_command_refuses_a_doctype(tmp_path):
    path = tmp_path / "x.qdc"
    path.write_bytes(_book(_code("A"), doctype=b"<!DOCTYPE CodeBook>\n"))
    with pytest.raises(CommandError, match="DOCTYPE.*Nothing was imported"):
        call_command("import_codebook", str(path), stdout=io.StringIO())
    assert not Codebook.objects.exists()


def test_page_refuses_a_doctype_with_a_message(client, staff):
    client.force_login(staff)
    doctype = b'<!DOCTYPE CodeBook [<!ENTITY who "Housing">]>\n'
    upload = SimpleUploadedFile(
        "c.qdc", _book(_code("A", b"<Description>&who;</Description>"), doctype=doctype)
    )
    response = client.post("/consultations/coding/codebooks/import/", {"file": upload})
    assert response.status_code == 200
    assert "declares a DOCTYPE or entities" in response.content.decode()
    assert not Codebook.objects.exists()
