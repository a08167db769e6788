from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards"
    # Home sections, navigation, personal data and demo data are declared in
    # dashboards/hooks.py (found by core.hooks.autodiscover).
