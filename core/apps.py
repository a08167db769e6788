from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import hooks

        # Every app's hooks.py, once: home sections, navigation, to-dos, personal data,
        # action sources and demo data (see core/hooks.py).
        hooks.autodiscover()
        # Every app's jobs.py: the kinds of background job it can run (core/jobs.py).
        autodiscover_modules("jobs")
