from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from core.home import HOME_SECTIONS, HomeLink, HomeSection
        from core.navigation import NAV_ITEMS, NavItem

        if any(item.url_name.startswith("consultations:") for item in NAV_ITEMS):
            return  # ready() ran before (for example in a test that reloads apps)
        HOME_SECTIONS.extend(
            [
                HomeSection(
                    "member",
                    _("Consultations"),
                    _(
                        "Tell the probation service what you think. Each consultation says "
                        "before you start who can see your answers. You can withdraw your "
                        "answers at any time without giving a reason."
                    ),
                    [
                        HomeLink(_("Consultations you can answer"), "consultations:list"),
                        HomeLink(_("My answers"), "consultations:my-answers"),
                    ],
                    20,
                ),
                HomeSection(
                    "staff",
                    _("Consultations"),
                    _(
                        "Build questionnaires, type in interviews and paper forms, and read "
                        "the answers. You never see who wrote an anonymous or pseudonymous answer."
                    ),
                    [
                        HomeLink(_("All consultations"), "consultations:manage-list"),
                        HomeLink(_("New consultation"), "consultations:create"),
                    ],
                    30,
                ),
                HomeSection(
                    "staff",
                    _("Coding answers into themes"),
                    _(
                        "Code free-text answers with a codebook, fast and with the keyboard. "
                        "Open a consultation and choose ‘Code the answers’. Coders never see "
                        "who wrote an answer."
                    ),
                    [HomeLink(_("Codebooks"), "consultations:codebook-list")],
                    31,
                ),
                HomeSection(
                    "senior_manager",
                    _("Consultation results"),
                    _(
                        "What people said in each consultation, with charts and tables. Open "
                        "a consultation and choose ‘Report’ for the themes found in the answers."
                    ),
                    [HomeLink(_("All consultations"), "consultations:manage-list")],
                    30,
                ),
                HomeSection(
                    "data_steward",
                    _("Finding who wrote an answer"),
                    _(
                        "Only you can find out who wrote a pseudonymous answer. You must sign "
                        "in again and give a reason, and it is logged."
                    ),
                    [HomeLink(_("Look up an answer"), "consultations:steward-lookup")],
                    30,
                ),
            ]
        )
        NAV_ITEMS.extend(
            [
                NavItem(
                    _("Consultations"),
                    "consultations:list",
                    frozenset({"member", "mentor", "representative"}),
                    20,
                ),
                NavItem(
                    _("Consultations"),
                    "consultations:manage-list",
                    frozenset({"staff", "senior_manager"}),
                    21,
                ),
                NavItem(
                    _("Answer look-up"),
                    "consultations:steward-lookup",
                    frozenset({"data_steward"}),
                    22,
                ),
            ]
        )
