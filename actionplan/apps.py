from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    name = "actionplan"
    verbose_name = "Action plan"

    def ready(self) -> None:
        # Home sections, navigation, to-dos and the rest are declared in actionplan/hooks.py
        # (found by core.hooks.autodiscover, which CoreConfig.ready has run by now). The
        # action plan's own source registry is filled from what the other apps declared.
        from actionplan import sources

        sources.autodiscover()
