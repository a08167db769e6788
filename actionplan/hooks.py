"""What the action plan adds to the portal: home sections, navigation, to-dos, the public
board link, personal data, demo data, and the finder council asks for "became action Y"
(see ``core.hooks``). Its own source registry (``actionplan.sources``) is filled from the
action sources the other apps declare."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import hooks
from core.hooks import HomeLink, HomeSection, NavItem, PublicLink, PublicLinks, Todo, Urgency
from users.roles import Role

SHOWN = 5


def _overdue_todos(user: Any) -> list[Todo]:
    """Actions this person owns or champions that are past their due date (one query)."""
    from actionplan.models import OPEN_STATUSES, Action

    today = timezone.localdate()
    overdue = (
        Action.objects.filter(Q(owner=user) | Q(champion=user))
        .filter(status__in=OPEN_STATUSES, due_on__lt=today)
        .order_by("due_on", "pk")[:SHOWN]
    )
    # Champions (representatives, mentors) work on their actions from "My actions".
    manager = user.has_role(Role.STAFF) or user.has_role(Role.SENIOR_MANAGER)
    return [
        Todo(
            text=gettext("Action overdue: %(title)s") % {"title": action.title},
            url=reverse("actionplan:action-detail", args=[action.pk])
            if manager
            else reverse("actionplan:my-actions"),
            when=action.due_on,
            when_label=gettext("Was due"),
            urgency=Urgency.OVERDUE,
            hint=gettext("Post an update, or change the due date and say why."),
        )
        for action in overdue
    ]


def _board_link() -> list[PublicLink]:
    return [
        PublicLink(
            text=str(_("You said, we did")),
            url=reverse("actionplan:board"),
            hint=str(_("What the probation service is doing about what people said, and by when.")),
        )
    ]


def _seed_demo(users: dict[str, Any]) -> None:
    from actionplan import demo

    demo.seed(users)


def register() -> None:
    from actionplan import personal_data
    from actionplan.council_links import find_public_actions
    from council.action_links import register_action_finder

    hooks.register_personal_data(personal_data)
    hooks.register_demo_data("actionplan", _seed_demo)
    register_action_finder(find_public_actions)
    hooks.register_todos(
        _overdue_todos, roles={Role.STAFF, Role.SENIOR_MANAGER, Role.REPRESENTATIVE, Role.MENTOR}
    )
    hooks.register_public_links(
        PublicLinks(
            _("What has changed"),
            _("See what people on probation said and what the service did about it."),
            _board_link,
            10,
        )
    )
    hooks.register_home_section(
        HomeSection(
            Role.MEMBER,
            _("You said, we did"),
            _(
                "What people on probation have said, what the service is doing about it, "
                "who is doing it and by when. Nobody who spoke up is named."
            ),
            (HomeLink(_("You said, we did"), "actionplan:board"),),
            20,
        )
    )
    for role in (Role.REPRESENTATIVE, Role.MENTOR):
        hooks.register_home_section(
            HomeSection(
                role,
                _("Actions you champion"),
                _(
                    "As a user champion you co-own actions with staff: post updates on "
                    "progress and choose how your name appears on the board."
                ),
                (
                    HomeLink(_("My actions"), "actionplan:my-actions"),
                    HomeLink(_("My name on the board"), "actionplan:champion-name"),
                ),
                25,
            )
        )
    for role in (Role.STAFF, Role.SENIOR_MANAGER):
        hooks.register_home_section(
            HomeSection(
                role,
                _("Action plan"),
                _(
                    "Plans, objectives and actions: who owns each, when it is due, its "
                    "progress and what it answers. Import and export spreadsheets."
                ),
                (
                    HomeLink(_("Plans"), "actionplan:plan-list"),
                    HomeLink(_("All actions"), "actionplan:action-list"),
                    HomeLink(_("My actions"), "actionplan:my-actions"),
                    HomeLink(_("You said, we did"), "actionplan:board"),
                ),
                50,
            )
        )
    hooks.register_nav_item(
        NavItem(
            _("You said, we did"),
            "actionplan:board",
            frozenset({Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE}),
            20,
        )
    )
    hooks.register_nav_item(
        NavItem(
            _("Action plan"),
            "actionplan:plan-list",
            frozenset({Role.STAFF, Role.SENIOR_MANAGER}),
            50,
        )
    )


register()
