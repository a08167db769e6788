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
                    "Your sessions, signing up to groups and supervision, your certificates, "
                    "and a calendar address for your phone."
                ),
                [
                    HomeLink(_("My sessions"), "peersupport:my-schedule"),
                    HomeLink(_("Sign up to sessions"), "peersupport:occurrence-list"),
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
                    "Refer and assess mentors, record training, plan the groups and "
                    "supervision, record attendance, and check reviews that are due."
                ),
                [
                    HomeLink(_("Peer support"), "peersupport:staff-home"),
                    HomeLink(_("Mentors"), "peersupport:mentor-list"),
                    HomeLink(_("Sessions"), "peersupport:series-list"),
                    HomeLink(_("Certificate rules"), "peersupport:rule-list"),
                ],
                40,
            )
        )
        NAV_ITEMS.append(
            NavItem(_("My sessions"), "peersupport:my-schedule", frozenset({"mentor"}), 30)
        )
        NAV_ITEMS.append(
            NavItem(_("Peer support"), "peersupport:staff-home", frozenset({"staff"}), 40)
        )
