"""What the dashboards add to the portal: home sections, navigation, personal data and demo
data (see ``core.hooks``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core import hooks
from core.hooks import HomeLink, HomeSection, NavItem
from users.roles import Role


def _seed_demo(users: dict[str, Any]) -> None:
    from dashboards import demo

    demo.seed(users)


def register() -> None:
    from dashboards import personal_data

    hooks.register_personal_data(personal_data)
    hooks.register_demo_data("dashboards", _seed_demo)
    hooks.register_home_section(
        HomeSection(
            Role.SENIOR_MANAGER,
            _("Is involvement real?"),
            _(
                "One page per council and one for all councils: who takes part and "
                "whether they reflect the caseload, election turnout, what people say "
                "in consultations, whether actions get done, and peer support."
            ),
            (HomeLink(_("Council dashboard"), "dashboards:index"),),
            5,
        )
    )
    hooks.register_home_section(
        HomeSection(
            Role.ADMINISTRATOR,
            _("Dashboards"),
            _(
                "The council dashboards, and the caseload figures they compare "
                "members, voters, respondents and mentors with."
            ),
            (
                HomeLink(_("Council dashboard"), "dashboards:index"),
                HomeLink(_("Caseload figures"), "dashboards:caseload-list"),
            ),
            85,
        )
    )
    hooks.register_nav_item(
        NavItem(
            _("Dashboard"),
            "dashboards:index",
            frozenset({Role.SENIOR_MANAGER, Role.ADMINISTRATOR}),
            10,
        )
    )


register()
