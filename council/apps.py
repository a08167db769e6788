from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = "Council"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from core.home import HOME_SECTIONS, HomeLink, HomeSection
        from core.navigation import NAV_ITEMS, NavItem

        HOME_SECTIONS.extend(
            [
                HomeSection(
                    "member",
                    _("Your council"),
                    _(
                        "Vote for who speaks for you, stand for election yourself, and see "
                        "the results and who represents you. How you vote is secret."
                    ),
                    [
                        HomeLink(_("Elections: vote or stand"), "council:election-list"),
                        HomeLink(_("My nominations"), "council:my-nominations"),
                        HomeLink(_("Councils and representatives"), "council:council-list"),
                        HomeLink(_("How the count works"), "council:how-count-works"),
                    ],
                    20,
                ),
                HomeSection(
                    "returning_officer",
                    _("Run elections"),
                    _(
                        "Set up elections, open and close nominations and voting, decide "
                        "nominations, enter paper ballots, run the count and release results."
                    ),
                    [
                        HomeLink(_("Elections"), "council:election-list"),
                        HomeLink(_("Set up an election: choose a council"), "council:council-list"),
                    ],
                    30,
                ),
                HomeSection(
                    "staff",
                    _("Councils and membership"),
                    _(
                        "Manage councils, constituencies, portfolios, members and co-opted "
                        "representatives."
                    ),
                    [HomeLink(_("Councils"), "council:council-list")],
                    40,
                ),
            ]
        )
        NAV_ITEMS.extend(
            [
                NavItem(
                    _("Elections"),
                    "council:election-list",
                    frozenset({"member", "mentor", "representative", "returning_officer", "staff"}),
                    20,
                ),
                NavItem(
                    _("Councils"),
                    "council:council-list",
                    frozenset({"member", "mentor", "representative", "staff", "senior_manager"}),
                    21,
                ),
            ]
        )
