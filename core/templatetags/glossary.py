"""Explain a word where it appears, the same way on every page.

    {% load glossary %}
    {% glossary "quota" %}                 a GOV.UK details: "What does quota mean?"
    {% glossary "quota" open=True %}       the same, already open
    {% glossary_definition "quota" %}      only the sentence, for a hint or a table cell

A word the glossary does not have is an error (``core.glossary.UnknownTerm``), so a typo
shows up in the tests rather than as an empty box. The words live in ``core/glossary.py``.
"""

from __future__ import annotations

from typing import Any

from django import template

from core import glossary as words

register = template.Library()


@register.inclusion_tag("includes/glossary_details.html")
def glossary(slug: str, open: bool = False) -> dict[str, Any]:  # noqa: A002 (the HTML word)
    return {"term": words.term(slug), "open": open}


@register.simple_tag
def glossary_definition(slug: str) -> str:
    return str(words.term(slug).definition)
