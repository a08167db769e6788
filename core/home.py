"""What each person sees on their home page: plain statements of what they can do.

Apps add sections by appending to ``HOME_SECTIONS`` in their ``apps.py`` ``ready()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HomeLink:
    text: str
    url_name: str


@dataclass(frozen=True)
class HomeSection:
    role: str | None  # None: everyone signed in
    heading: str
    intro: str
    links: list[HomeLink] = field(default_factory=list)
    order: int = 50


HOME_SECTIONS: list[HomeSection] = [
    HomeSection(
        "member",
        _("Have your say"),
        _(
            "This portal is run with people on probation. You can vote for the council that "
            "speaks for you, answer questions about the service, ask for a peer mentor, and "
            "see what has changed because of what people said. How you vote is secret. "
            "Your probation officer cannot see your answers."
        ),
        [],
        10,
    ),
    HomeSection(
        "staff",
        _("Accounts"),
        _("Make an account for someone on probation and print their invite slip."),
        [
            HomeLink(_("People"), "users:user-list"),
            HomeLink(_("Add a person"), "users:user-create"),
        ],
        80,
    ),
    HomeSection(
        "administrator",
        _("Running the portal"),
        _("Accounts, roles, settings and the audit log."),
        [
            HomeLink(_("Audit log"), "core:audit-log"),
            HomeLink(_("Requests to delete accounts"), "users:deletion-requests"),
            HomeLink(_("Administration"), "admin:index"),
        ],
        90,
    ),
    HomeSection(
        None,
        _("Your account"),
        _("Your details, your password, your messages, and all the data we hold about you."),
        [
            HomeLink(_("My account"), "users:my-account"),
            HomeLink(_("Messages"), "core:inbox"),
        ],
        95,
    ),
]


def sections_for(user) -> list[dict[str, object]]:
    roles = set(user.roles)
    shown = []
    for section in sorted(HOME_SECTIONS, key=lambda s: s.order):
        if section.role is not None and section.role not in roles:
            continue
        links = []
        for link in section.links:
            try:
                links.append({"text": link.text, "url": reverse(link.url_name)})
            except NoReverseMatch:
                continue
        shown.append({"heading": section.heading, "intro": section.intro, "links": links})
    return shown
