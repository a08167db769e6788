"""The glossary: one explanation per word, used where the word appears, all on one page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from core import glossary
from core.glossary import TERMS, UnknownTerm

# The words the issue names, which must always be explained.
REQUIRED = {
    "pseudonymous",
    "data steward",
    "returning officer",
    "quota",
    "transfer",
    "council",
    "constituency",
    "co-opted",
    "withdrawal code",
}
_TAG = re.compile(r"""{%\s*glossary(?:_definition)?\s+["']([^"']+)["']""")


def _uses() -> dict[str, set[str]]:
    """slug -> templates that explain it."""
    found: dict[str, set[str]] = {}
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for slug in _TAG.findall(path.read_text(encoding="utf-8")):
            found.setdefault(slug, set()).add(path.name)
    return found


def test_the_words_members_meet_are_all_there():
    assert set(TERMS) >= REQUIRED
    for term in TERMS.values():
        assert str(term.definition).endswith("."), term.slug
        assert len(str(term.definition)) < 400, term.slug  # short enough to read in a box


def test_every_word_a_template_asks_for_exists():
    uses = _uses()
    assert set(uses) - set(TERMS) == set()


def test_the_required_words_are_explained_where_they_appear():
    uses = _uses()
    assert {"_anonymity.html"} <= uses["pseudonymous"]
    assert {"_anonymity.html"} <= uses["data steward"]
    assert "election_detail.html" in uses["returning officer"]
    assert "election_detail.html" in uses["quota"]
    assert "election_detail.html" in uses["transfer"]
    assert "council_detail.html" in uses["council"]
    assert "council_detail.html" in uses["constituency"]
    assert "representative_list.html" in uses["co-opted"]
    assert "answer_done.html" in uses["withdrawal code"]


def test_the_tag_renders_a_details_with_the_question_and_the_definition():
    html = Template('{% load glossary %}{% glossary "quota" %}').render(Context({}))
    assert 'class="govuk-details app-glossary"' in html
    assert "What does quota mean?" in html
    assert str(TERMS["quota"].definition).replace("'", "&#x27;") in html
    assert reverse("core:glossary") + "#term-quota" in html
    assert " open" not in html.split(">")[0]
    opened = Template('{% load glossary %}{% glossary "quota" open=True %}').render(Context({}))
    assert "open>" in opened.split("\n")[1] or " open" in opened
    plain = Template('{% load glossary %}{% glossary_definition "transfer" %}').render(Context({}))
    assert plain == str(TERMS["transfer"].definition).replace("'", "&#x27;")


def test_a_question_can_be_worded_for_the_term():
    html = Template('{% load glossary %}{% glossary "ranking" %}').render(Context({}))
    assert "How does ranking your choices work?" in html


def test_an_unknown_word_is_an_error_not_an_empty_box():
    with pytest.raises((UnknownTerm, TemplateSyntaxError)):
        Template('{% load glossary %}{% glossary "quorum" %}').render(Context({}))
    with pytest.raises(UnknownTerm):
        glossary.term("quorum")


@pytest.mark.django_db
def test_glossary_page_is_public_lists_every_word_and_is_in_the_footer(client):
    response = client.get(reverse("core:glossary"))
    assert response.status_code == 200
    html = response.content.decode()
    for term in TERMS.values():
        assert f'id="{term.anchor}"' in html
    # In alphabetical order of the word shown.
    anchors = re.findall(r'<dt[^>]* id="(term-[^"]+)"', html)
    assert anchors == [t.anchor for t in glossary.all_terms()]
    home = client.get(reverse("core:privacy")).content.decode()
    assert f'href="{reverse("core:glossary")}"' in home
    assert client.post(reverse("core:glossary")).status_code == 405


@pytest.mark.django_db
def test_the_consultation_start_page_explains_pseudonymous_and_data_steward(client, staff, member):
    from tests.consultations.factories import make_consultation

    consultation = make_consultation(staff)
    client.force_login(member)
    html = client.get(reverse("consultations:start", args=[consultation.pk])).content.decode()
    assert "What does pseudonymous mean?" in html
    assert "Who is the data steward?" in html
