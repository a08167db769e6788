"""The benchmarks' own Django app: only the national data loader (``manage.py seed_national``).

Installed in development and test settings only (``config/settings/local.py`` and
``test.py``), never in production: the loader makes bench accounts with a published
password, and a live service has no use for it.
"""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmarks (development only)"
