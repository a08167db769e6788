from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"
    # Home sections, navigation, to-dos, public links, personal data, action sources and demo
    # data are declared in consultations/hooks.py (found by core.hooks.autodiscover).
