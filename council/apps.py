from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = "Council"
    # Home sections, navigation, to-dos, personal data, action sources and demo data are
    # declared in council/hooks.py (found by core.hooks.autodiscover).
