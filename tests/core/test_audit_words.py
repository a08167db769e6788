"""Every action the code base records has a sentence in ``core.audit_words``.

The codes are the declared ``core.audit_actions.AuditAction`` (every ``audit_record`` call
uses one, checked by test_audit_actions.py), so a new action without words fails here.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.audit_actions import AuditAction
from core.audit_words import AUDIT_WORDS, audit_sentence
from core.services import audit_record


def declared_codes() -> set[str]:
    """Every code the portal records: ``tests/core/test_audit_actions.py`` checks that each
    ``audit_record`` call uses a declared ``AuditAction`` and that each one is used."""
    return {str(action.value) for action in AuditAction}


def test_the_declared_codes_are_the_ones_in_use():
    codes = declared_codes()
    assert "consultations.respondent.reidentify" in codes
    assert {"peersupport.claim.approve", "peersupport.claim.reject"} <= codes
    assert "users.personal_data.export" in codes
    assert len(codes) > 100


def test_every_recorded_action_has_words():
    missing = sorted(declared_codes() - set(AUDIT_WORDS))
    assert missing == [], "add a sentence for these to core/audit_words.py"


def test_no_words_for_codes_nobody_records():
    assert set(AUDIT_WORDS) - declared_codes() == set()


def test_sentences_read_as_english():
    assert audit_sentence("peersupport.claim.approve") == "Staff approved a travel claim"
    assert (
        audit_sentence("consultations.respondent.reidentify")
        == "A data steward saw who wrote an answer"
    )
    assert (
        audit_sentence("peersupport.certificate.award", by_someone=False)
        == "The portal awarded a certificate"
    )
    # An old code the portal no longer records reads as itself.
    assert audit_sentence("job.ran") == "job.ran"
    for code, words in AUDIT_WORDS.items():
        sentence = words.sentence()
        assert sentence[0].isupper() and "_" not in sentence and not sentence.endswith("."), code


@pytest.mark.django_db
def test_audit_log_page_shows_the_sentence_and_keeps_the_code(client, administrator, staff):
    audit_record(actor=staff, action="peersupport.claim.approve", obj=staff)
    audit_record(actor=None, action="peersupport.certificate.award", obj=staff)
    client.force_login(administrator)
    response = client.get(reverse("core:audit-log"))
    html = response.content.decode()
    assert "Staff approved a travel claim" in html
    assert "The portal awarded a certificate" in html
    assert "<code>peersupport.claim.approve</code>" in html
    assert "?action=peersupport.claim.approve" in html
    only = client.get(reverse("core:audit-log"), {"action": "peersupport.claim.approve"})
    text = only.content.decode()
    assert "Staff approved a travel claim" in text
    assert "The portal awarded a certificate" not in text
