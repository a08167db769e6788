"""Tests: SQLite in memory by default, PostgreSQL when DATABASE_URL is set (CI does both)."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import LOCAL_DIR, env
from config.settings.base import LOGGING as BASE_LOGGING

SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"

# The national data loader (``manage.py seed_national``) is for development and benchmarks
# only: never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
PSEUDONYM_KEY = "test-pseudonym-key"
BALLOT_KEY = "test-ballot-key"
MFA_ENCRYPTION_KEYS = ["K0LJARMmy4KpXCiC-bZar8GIA4Dt0i-3V8KbL-F89L8="]
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "core.sms.MemorySmsBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process unless a test starts a real worker against CELERY_BROKER_URL.
CELERY_TASK_ALWAYS_EAGER = env("CELERY_TASK_ALWAYS_EAGER", True, cast=bool)
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if not os.environ.get("CELERY_BROKER_URL"):
    for _folder in ("queue", "processed", "results", "control"):
        (LOCAL_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
# No handlers (pytest captures the log), but the same logger levels as everywhere else, so a
# test of what is logged sees what production would log.
LOGGING = {"version": 1, "disable_existing_loggers": False, "loggers": BASE_LOGGING["loggers"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # Lets the test runner empty the append-only audit table between tests (see
    # core/migrations/0003). Tests of the trigger switch it off for their transaction.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c portal.allow_audit_purge=on"  # noqa: F405
    # One test database per run, so that two runs on one machine never drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": f"test_portal_{os.getpid()}"}  # noqa: F405
# Serve static files from the finders (no collectstatic in tests; live_server needs them).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
