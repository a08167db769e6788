from django.apps import AppConfig


class PeersupportConfig(AppConfig):
    name = "peersupport"
    verbose_name = "Peer support"
    # Home sections, navigation, to-dos, personal data and demo data are declared in
    # peersupport/hooks.py (found by core.hooks.autodiscover).
