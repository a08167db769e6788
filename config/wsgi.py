import os

from django.core.wsgi import get_wsgi_application

# What gunicorn/uvicorn load in a container: production unless told otherwise, so a container
# started without DJANGO_SETTINGS_MODULE never runs in debug with the development key.
# manage.py (and so `make run`) keeps the local default.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
