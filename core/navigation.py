"""The header navigation, by role.

Each app adds its own entries by appending to ``NAV_ITEMS`` in its ``apps.py`` ``ready()``
(so core never imports a higher app). An entry shows when the person holds one of its roles;
``None`` means every signed-in person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None
    order: int = 50


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "core:home", None, 0),
    NavItem(_("People"), "users:user-list", frozenset({"staff", "administrator"}), 80),
    NavItem(_("Audit log"), "core:audit-log", frozenset({"administrator"}), 90),
]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = request.user
    if not user.is_authenticated:
        return []
    roles = set(user.roles)
    items: list[dict[str, object]] = []
    for item in sorted(NAV_ITEMS, key=lambda i: i.order):
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
