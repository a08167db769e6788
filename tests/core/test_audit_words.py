"""Every action the code base records has a sentence in ``core.audit_words``.

The codes are found by reading the source (every ``audit_record(action=...)`` call, and the
``audit_action=`` of the export helpers), so a new action without words fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core.audit_words import AUDIT_WORDS, audit_sentence
from core.services import audit_record

APPS = ("core", "users", "council", "consultations", "peersupport", "actionplan", "dashboards")
# Calls whose ``action`` is a parameter passed through, not a code: their callers are
# scanned instead (``audit_action=``).
PASS_THROUGH = {("core/exports.py", "action")}


def _strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        if body is not None and orelse is not None:
            return body + orelse
    return None


def recorded_codes() -> tuple[dict[str, str], list[str]]:
    """(code -> where it is recorded, calls whose code cannot be read)."""
    base = Path(settings.BASE_DIR)
    codes: dict[str, str] = {}
    unreadable: list[str] = []
    for app in APPS:
        for path in sorted((base / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            rel = path.relative_to(base).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = ast.unparse(node.func)
                for kw in node.keywords:
                    wanted = (kw.arg == "action" and name.endswith("audit_record")) or (
                        kw.arg == "audit_action"
                    )
                    if not wanted:
                        continue
                    found = _strings(kw.value)
                    if found is None:
                        if (rel, ast.unparse(kw.value)) not in PASS_THROUGH:
                            unreadable.append(f"{rel}:{node.lineno}")
                        continue
                    for code in found:
                        codes.setdefault(code, f"{rel}:{node.lineno}")
    return codes, unreadable


def test_the_scan_finds_the_codes_it_should():
    codes, _ = recorded_codes()
    # A plain call, a conditional code, and a view (not a service) that records.
    assert "consultations.respondent_reidentified" in codes
    assert {"peersupport.claim_approve", "peersupport.claim_reject"} <= set(codes)
    assert "user.data_exported" in codes
    assert len(codes) > 100


def test_every_recorded_action_has_words():
    codes, unreadable = recorded_codes()
    assert unreadable == [], "write the action code as a literal so it can be checked"
    missing = {code: where for code, where in codes.items() if code not in AUDIT_WORDS}
    assert missing == {}, "add a sentence for these to core/audit_words.py"


def test_no_words_for_codes_nobody_records():
    codes, _ = recorded_codes()
    assert set(AUDIT_WORDS) - set(codes) == set()


def test_sentences_read_as_english():
    assert audit_sentence("peersupport.claim_approve") == "Staff approved a travel claim"
    assert (
        audit_sentence("consultations.respondent_reidentified")
        == "A data steward saw who wrote an answer"
    )
    assert (
        audit_sentence("peersupport.certificate_award", by_someone=False)
        == "The portal awarded a certificate"
    )
    # An old code the portal no longer records reads as itself.
    assert audit_sentence("job.ran") == "job.ran"
    for code, words in AUDIT_WORDS.items():
        sentence = words.sentence()
        assert sentence[0].isupper() and "_" not in sentence and not sentence.endswith("."), code


@pytest.mark.django_db
def test_audit_log_page_shows_the_sentence_and_keeps_the_code(client, administrator, staff):
    audit_record(actor=staff, action="peersupport.claim_approve", obj=staff)
    audit_record(actor=None, action="peersupport.certificate_award", obj=staff)
    client.force_login(administrator)
    response = client.get(reverse("core:audit-log"))
    html = response.content.decode()
    assert "Staff approved a travel claim" in html
    assert "The portal awarded a certificate" in html
    assert "<code>peersupport.claim_approve</code>" in html
    assert "?action=peersupport.claim_approve" in html
    only = client.get(reverse("core:audit-log"), {"action": "peersupport.claim_approve"})
    text = only.content.decode()
    assert "Staff approved a travel claim" in text
    assert "The portal awarded a certificate" not in text
