"""The header navigation, by role.

Each app declares its own entries in its ``hooks.py`` with ``core.hooks.register_nav_item``
(so core never imports a higher app). An entry shows when the person holds one of its roles;
``None`` means every signed-in person.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from core import hooks
from core.hooks import NavItem

__all__ = ["NavItem", "navigation_for"]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = request.user
    if not user.is_authenticated:
        return []
    roles = set(user.roles)
    items: list[dict[str, object]] = []
    for item in sorted(hooks.registry.nav_items, key=lambda i: i.order):
        # Only the roles a person holds: administrators may open every page, but their
        # header lists what they do, not every other role's work.
        if item.roles is not None and not roles & item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "active": False})
    # One item is current: the one whose address is the longest start of this page's.
    matches = [
        i
        for i in items
        if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(str(i["url"])))
    ]
    if matches:
        max(matches, key=lambda i: len(str(i["url"])))["active"] = True
    return items
