from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    name = "actionplan"
    verbose_name = "Action plan"

    def ready(self) -> None:
        from actionplan import sources
        from core.home import HOME_SECTIONS, HomeLink, HomeSection
        from core.navigation import NAV_ITEMS, NavItem

        sources.autodiscover()

        from actionplan.council_links import find_public_actions
        from council.action_links import register_action_finder

        register_action_finder(find_public_actions)

        HOME_SECTIONS.append(
            HomeSection(
                "member",
                _("You said, we did"),
                _(
                    "What people on probation have said, what the service is doing about it, "
                    "who is doing it and by when. Nobody who spoke up is named."
                ),
                [HomeLink(_("You said, we did"), "actionplan:board")],
                20,
            )
        )
        for role in ("representative", "mentor"):
            HOME_SECTIONS.append(
                HomeSection(
                    role,
                    _("Actions you champion"),
                    _(
                        "As a user champion you co-own actions with staff: post updates on "
                        "progress and choose how your name appears on the board."
                    ),
                    [
                        HomeLink(_("My actions"), "actionplan:my-actions"),
                        HomeLink(_("My name on the board"), "actionplan:champion-name"),
                    ],
                    25,
                )
            )
        for role in ("staff", "senior_manager"):
            HOME_SECTIONS.append(
                HomeSection(
                    role,
                    _("Action plan"),
                    _(
                        "Plans, objectives and actions: who owns each, when it is due, its "
                        "progress and what it answers. Import and export spreadsheets."
                    ),
                    [
                        HomeLink(_("Plans"), "actionplan:plan-list"),
                        HomeLink(_("All actions"), "actionplan:action-list"),
                        HomeLink(_("My actions"), "actionplan:my-actions"),
                        HomeLink(_("You said, we did"), "actionplan:board"),
                    ],
                    50,
                )
            )
        NAV_ITEMS.append(
            NavItem(
                _("You said, we did"),
                "actionplan:board",
                frozenset({"member", "mentor", "representative"}),
                20,
            )
        )
        NAV_ITEMS.append(
            NavItem(
                _("Action plan"), "actionplan:plan-list", frozenset({"staff", "senior_manager"}), 50
            )
        )
