from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersupportConfig(AppConfig):
    name = "peersupport"
    verbose_name = "Peer support"

    def ready(self) -> None:
        from core.home import HOME_SECTIONS, HomeLink, HomeSection
        from core.navigation import NAV_ITEMS, NavItem

        HOME_SECTIONS.append(
            HomeSection(
                "mentor",
                _("Peer mentoring"),
                _(
                    "Your sessions, signing up to groups and supervision, helpline shifts, "
                    "the people you mentor, travel expenses, your certificates, and a "
                    "calendar address for your phone."
                ),
                [
                    HomeLink(_("My sessions"), "peersupport:my-schedule"),
                    HomeLink(_("Sign up to sessions"), "peersupport:occurrence-list"),
                    HomeLink(_("Helpline shifts"), "peersupport:shift-list"),
                    HomeLink(_("People I mentor"), "peersupport:mentoring"),
                    HomeLink(_("Travel expenses"), "peersupport:claim-list"),
                    HomeLink(_("Raise a safeguarding concern"), "peersupport:concern-create"),
                    HomeLink(_("My certificates"), "peersupport:certificate-list"),
                    HomeLink(_("Calendar on your phone"), "peersupport:calendar"),
                ],
                30,
            )
        )
        HOME_SECTIONS.append(
            HomeSection(
                "staff",
                _("Run peer support"),
                _(
                    "Refer and assess mentors, record training, plan the groups, supervision "
                    "and helpline, match mentors, read safeguarding concerns, approve travel "
                    "expenses, and check reviews that are due."
                ),
                [
                    HomeLink(_("Peer support"), "peersupport:staff-home"),
                    HomeLink(_("Mentors"), "peersupport:mentor-list"),
                    HomeLink(_("Sessions"), "peersupport:series-list"),
                    HomeLink(_("Helpline coverage"), "peersupport:shift-coverage"),
                    HomeLink(_("Mentoring matches"), "peersupport:matching-home"),
                    HomeLink(_("Safeguarding concerns"), "peersupport:concern-list"),
                    HomeLink(_("Travel expenses"), "peersupport:expenses-staff"),
                    HomeLink(_("Certificate rules"), "peersupport:rule-list"),
                ],
                40,
            )
        )
        HOME_SECTIONS.append(
            HomeSection(
                "member",
                _("A peer mentor for you"),
                _(
                    "Someone who has been through it too: to talk to, to get out and about "
                    "with, or to help with practical things. Ask, and staff will find "
                    "someone who fits."
                ),
                [
                    HomeLink(_("Ask for a peer mentor"), "peersupport:request-create"),
                    HomeLink(_("Your peer mentor"), "peersupport:my-requests"),
                ],
                25,
            )
        )
        NAV_ITEMS.append(
            NavItem(_("My sessions"), "peersupport:my-schedule", frozenset({"mentor"}), 30)
        )
        NAV_ITEMS.append(
            NavItem(_("Peer support"), "peersupport:staff-home", frozenset({"staff"}), 40)
        )
