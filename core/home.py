"""What each person sees on their home page: first their own to-do list, then plain
statements of what else they can do.

Apps declare sections, to-dos and public links in their ``hooks.py`` (see ``core.hooks``);
this module knows nothing of the apps.
"""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from core import hooks
from core.hooks import HomeLink, HomeSection, Todo

__all__ = ["HomeLink", "HomeSection", "Todo", "public_sections", "sections_for", "todos_for"]


def sections_for(user: Any) -> list[dict[str, Any]]:
    roles = set(user.roles)
    shown: list[dict[str, Any]] = []
    for section in sorted(hooks.registry.home_sections, key=lambda s: s.order):
        if section.role is not None and section.role not in roles:
            continue
        links: list[dict[str, Any]] = []
        for link in section.links:
            if link.show_if is not None and not link.show_if(user):
                continue
            try:
                links.append({"text": link.text, "url": reverse(link.url_name)})
            except NoReverseMatch:
                continue
        shown.append({"heading": section.heading, "intro": section.intro, "links": links})
    return shown


def todos_for(user: Any) -> list[Todo]:
    return hooks.todos_for(user)


def public_sections() -> list[dict[str, Any]]:
    """The signed-out home page's links to what anyone may read (a section with no links is
    left out)."""
    shown: list[dict[str, Any]] = []
    for block in sorted(hooks.registry.public_links, key=lambda b: b.order):
        links = list(block.provider())
        if links:
            shown.append({"heading": block.heading, "intro": block.intro, "links": links})
    return shown
