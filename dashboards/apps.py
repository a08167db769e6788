from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        from core.home import HOME_SECTIONS, HomeLink, HomeSection
        from core.navigation import NAV_ITEMS, NavItem

        HOME_SECTIONS.extend(
            [
                HomeSection(
                    "senior_manager",
                    _("Is involvement real?"),
                    _(
                        "One page per council and one for all councils: who takes part and "
                        "whether they reflect the caseload, election turnout, what people say "
                        "in consultations, whether actions get done, and peer support."
                    ),
                    [HomeLink(_("Council dashboard"), "dashboards:index")],
                    5,
                ),
                HomeSection(
                    "administrator",
                    _("Dashboards"),
                    _(
                        "The council dashboards, and the caseload figures they compare "
                        "members, voters, respondents and mentors with."
                    ),
                    [
                        HomeLink(_("Council dashboard"), "dashboards:index"),
                        HomeLink(_("Caseload figures"), "dashboards:caseload-list"),
                    ],
                    85,
                ),
            ]
        )
        NAV_ITEMS.append(
            NavItem(
                _("Dashboard"),
                "dashboards:index",
                frozenset({"senior_manager", "administrator"}),
                10,
            )
        )
