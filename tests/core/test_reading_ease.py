"""Every page a member sees is plain English (issue 16, "Done means").

Each URL the permission table (tests/<app>/access.py) lets a member GET is drawn for a member,
with the objects the table makes for it (an open consultation, an election, a meeting, their
own answers...). The text of the page's main content (``<main>``, without scripts, styles and
hidden text) is scored with textstat's Flesch reading ease. The average must be at least 60 and
no page may score below 50. A failing run lists the pages from hardest to easiest.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import textstat
from django.urls import reverse

from tests.test_permission_matrix import _modules_with_rules

pytestmark = pytest.mark.django_db

AVERAGE_AT_LEAST = 60
EVERY_PAGE_AT_LEAST = 50
# Pages with fewer words than this (a heading and a button) give no useful score.
FEWEST_WORDS = 12


class _MainText(HTMLParser):
    """The words a reader meets inside <main>: no scripts, styles or hidden elements."""

    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.in_main += 1
        hidden = "hidden" in attributes or "govuk-visually-hidden" in (
            attributes.get("class") or ""
        )
        opens = tag not in {"br", "input", "img", "meta", "link"}
        if opens and (tag in self.SKIP or self.skipping or hidden):
            self.skipping.append(tag)
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "label", "legend"}:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        if tag == "main":
            self.in_main -= 1
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "label", "legend"}:
            # A heading, a list item or a label reads as a sentence of its own.
            self.parts.append(".\n")

    def handle_data(self, data):
        if self.in_main and not self.skipping:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    text = " ".join("".join(parser.parts).split())
    # Sentences made of the full stops added after headings, list items and labels.
    text = re.sub(r"([.!?:])\s*\.", r"\1", text)
    return re.sub(r"(\s*\.)+", ".", text)


def member_pages(client, role_users) -> dict[str, str]:
    pages: dict[str, str] = {}
    client.force_login(role_users["member"])
    for module in _modules_with_rules():
        objects = dict(module.objects(role_users) or {}) if hasattr(module, "objects") else {}
        for rule in module.RULES:
            if rule.method != "GET" or "member" not in rule.allowed:
                continue
            url = reverse(rule.url_name, kwargs=rule.kwargs(objects) if rule.kwargs else {})
            response = client.get(url, rule.data)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages[url] = main_text(response.content.decode())
    return pages


def test_member_pages_are_easy_to_read(client, role_users):
    pages = member_pages(client, role_users)
    assert len(pages) >= 20, sorted(pages)
    scores = {
        url: textstat.flesch_reading_ease(text)
        for url, text in pages.items()
        if textstat.lexicon_count(text) >= FEWEST_WORDS
    }
    report = "\n".join(
        f"{score:6.1f} {url}" for url, score in sorted(scores.items(), key=lambda kv: kv[1])
    )
    average = sum(scores.values()) / len(scores)
    hard = {url: score for url, score in scores.items() if score < EVERY_PAGE_AT_LEAST}
    assert average >= AVERAGE_AT_LEAST, f"average {average:.1f}\n{report}"
    assert not hard, f"pages below {EVERY_PAGE_AT_LEAST}:\n{report}"


def test_the_text_is_what_a_reader_meets():
    html = (
        '<html><body><nav>Menu</nav><main id="main-content"><h1>Your vote</h1>'
        '<p>You can vote <span class="govuk-visually-hidden">skip me</span>now.</p>'
        "<script>var x = 1;</script><ul><li>One</li><li>Two</li></ul></main>"
        "<footer>Footer</footer></body></html>"
    )
    assert main_text(html) == "Your vote. You can vote now. One. Two."
