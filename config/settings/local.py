"""Development: the embedded default. Runs with no environment at all."""

import hashlib

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, LOCAL_DIR, env

DEBUG = env("DJANGO_DEBUG", True, cast=bool)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405

# The national data loader (``manage.py seed_national``) is for development and benchmarks
# only: never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
PSEUDONYM_KEY = PSEUDONYM_KEY or hashlib.sha256(b"dev-pseudonym:" + SECRET_KEY.encode()).hexdigest()  # noqa: F405
BALLOT_KEY = BALLOT_KEY or hashlib.sha256(b"dev-ballot:" + SECRET_KEY.encode()).hexdigest()  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS + ["[::1]"]  # noqa: F405

# The filesystem broker needs its folders before a worker starts.
for _folder in ("queue", "processed", "results", "control"):
    (LOCAL_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
_ = BASE_DIR
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
