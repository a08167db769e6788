"""What ``/healthz`` checks: the database, the cache and the broker, each on its own.

Each check returns nothing when the part works and raises when it does not; the view says
which part is down. No check reads or returns personal data.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    token = secrets.token_hex(8)
    cache.set("healthz", token, 10)
    if cache.get("healthz") != token:
        raise RuntimeError("the cache did not keep a value")


def check_broker() -> None:
    from config.celery_app import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
        )
        if conn.transport_cls == "redis":
            conn.default_channel.client.ping()
        elif conn.transport_cls == "filesystem":  # the embedded broker: its folder
            folder = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}).get("data_folder_in")
            if folder and not os.access(folder, os.W_OK):
                raise RuntimeError("the broker's folder cannot be written")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


def run_checks() -> dict[str, str]:
    """``{"database": "ok", "cache": "ok", "broker": "down"}``."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means down; the reason goes to the log, not out
            logger.warning("Health check failed: %s", name, exc_info=True)
            results[name] = "down"
        else:
            results[name] = "ok"
    return results
