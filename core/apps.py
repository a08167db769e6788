from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import hooks

        # Every app's hooks.py, once: home sections, navigation, to-dos, personal data,
        # action sources and demo data (see core/hooks.py).
        hooks.autodiscover()
