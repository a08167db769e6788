"""Production: every secret comes from the environment and nothing has an unsafe default."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS", cast=list)
CSRF_TRUSTED_ORIGINS = env("DJANGO_CSRF_TRUSTED_ORIGINS", [], cast=list)
PSEUDONYM_KEY = env("PORTAL_PSEUDONYM_KEY")
BALLOT_KEY = env("PORTAL_BALLOT_KEY")
MFA_ENCRYPTION_KEYS = env("MFA_ENCRYPTION_KEYS", cast=list)
if len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")

# --- Refuse to start in debug or with a development key (issue 14 item 5) ---------------
# DEBUG above is always False; someone who sets DJANGO_DEBUG on a production server expects
# debug pages (code, settings and data shown to anyone who meets an error), so say no loudly.
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

if env("DJANGO_DEBUG", False, cast=bool):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is on, but production never runs in debug mode: debug pages show code, "
        "settings and data to anyone. Unset DJANGO_DEBUG, or use config.settings.local."
    )
_PLACEHOLDERS = ("change-me", "changeme", "insecure", "dev-only", "not-for-production")
for _name, _value in (
    ("DJANGO_SECRET_KEY", SECRET_KEY),
    ("PORTAL_PSEUDONYM_KEY", PSEUDONYM_KEY),
    ("PORTAL_BALLOT_KEY", BALLOT_KEY),
):
    if any(word in _value.lower() for word in _PLACEHOLDERS) or len(set(_value)) < 5:
        raise ImproperlyConfigured(
            f"{_name} is a development or example value. Make a new random one, for example "
            "with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )

SECURE_SSL_REDIRECT = env("DJANGO_SECURE_SSL_REDIRECT", True, cast=bool)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# __Host- cookies are only sent over HTTPS, for this exact host, on path /.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
USERSESSIONS_TRACK_ACTIVITY = True

LOGGING["root"]["level"] = env("LOG_LEVEL", "WARNING")  # noqa: F405
