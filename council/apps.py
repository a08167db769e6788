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
                    "member",
                    _("Tell your rep"),
                    _(
                        "Tell your council representatives about a problem and what would help. "
                        "You choose whether they see your name; probation staff never see it "
                        "unless you agree. Follow it to the council meeting and what was done."
                    ),
                    [
                        HomeLink(_("Tell your rep"), "council:issue-create"),
                        HomeLink(_("Issues you have raised"), "council:issue-mine"),
                        HomeLink(_("Council meetings and minutes"), "council:meeting-list"),
                    ],
                    21,
                ),
                HomeSection(
                    "representative",
                    _("Your work as a representative"),
                    _(
                        "Read what members have told you, reply, join issues that are the same, "
                        "and raise them at council meetings with senior managers."
                    ),
                    [
                        HomeLink(_("Your inbox: issues from members"), "council:issue-inbox"),
                        HomeLink(_("Council meetings"), "council:meeting-list"),
                    ],
                    15,
                ),
                HomeSection(
                    "senior_manager",
                    _("Council meetings"),
                    _(
                        "Meet the council, read what members raised through their "
                        "representatives, and answer each agenda item in writing."
                    ),
                    [HomeLink(_("Council meetings and agendas"), "council:meeting-list")],
                    30,
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
                        "representatives. Plan council meetings, agendas and minutes."
                    ),
                    [
                        HomeLink(_("Councils"), "council:council-list"),
                        HomeLink(_("Council meetings"), "council:meeting-list"),
                    ],
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
                NavItem(
                    _("Tell your rep"), "council:issue-create", frozenset({"member", "mentor"}), 22
                ),
                NavItem(
                    _("Meetings"),
                    "council:meeting-list",
                    frozenset({"representative", "staff", "senior_manager"}),
                    22,
                ),
                NavItem(_("Rep inbox"), "council:issue-inbox", frozenset({"representative"}), 23),
            ]
        )
