"""The Celery application. Tasks live in ``<app>/tasks.py`` and are autodiscovered."""

import os

from celery import Celery

# Production unless told otherwise, as config/wsgi.py: `celery -A config` in a container must
# not run with the development settings. `make run` and `make worker` ask for local ones.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
