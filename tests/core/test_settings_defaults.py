"""Which settings start where (issue 14 item 5).

A container started without DJANGO_SETTINGS_MODULE runs config.wsgi / config.asgi / Celery:
those default to production, which refuses to start without its secrets, in debug, or with a
development key. manage.py (and so `make run`) keeps the local default. Each check runs in a
fresh interpreter with a clean environment, as a container would start.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3Yq-" + "9fT2xLp0ZrW8vB4nHs6Dj1Mc7Ge5Ua3" + "Qo0Xy2Ri4Tw6Pe8Lk1Nz3Vb5Hd7Jf"


def _clean_env(**values: str) -> dict[str, str]:
    """The interpreter's own environment minus everything the portal reads."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(values)
    return env


def _secrets(**overrides: str) -> dict[str, str]:
    values = {
        "DJANGO_SECRET_KEY": GOOD_KEY,
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "PORTAL_PSEUDONYM_KEY": "Pz7-" + "a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuV",
        "PORTAL_BALLOT_KEY": "Bk9-" + "z1Y2x3W4v5U6t7S8r9Q0pOnMlKjIhGfE",
        "MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    values.update(overrides)
    return values


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW = (
    "import os, {module}; from django.conf import settings;"
    "print(os.environ['DJANGO_SETTINGS_MODULE'], settings.DEBUG)"
)


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi", "config.celery_app"])
def test_server_entry_points_default_to_production(module):
    result = _python(SHOW.format(module=module), _clean_env(**_secrets()))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["config.settings.production", "False"]


@pytest.mark.parametrize("module", ["config.wsgi", "config.celery_app"])
def test_a_container_without_settings_or_secrets_does_not_start(module):
    result = _python(
        f"import {module}; from django.conf import settings; settings.DEBUG", _clean_env()
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set the environment variable DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("debug", ["1", "true", "on"])
def test_production_refuses_debug(debug):
    result = _python("import config.wsgi", _clean_env(**_secrets(DJANGO_DEBUG=debug)))
    assert result.returncode != 0
    assert "DJANGO_DEBUG is on, but production never runs in debug mode" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_SECRET_KEY", "short-key", "at least 50 characters"),
        ("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me" + "x" * 30, "development"),
        (
            "DJANGO_SECRET_KEY",
            "change-me-to-at-least-fifty-random-characters-for-real-deployments",  # .env.example
            "development or example value",
        ),
        ("DJANGO_SECRET_KEY", "django-insecure-" + "a1b2c3d4e5" * 5, "development"),
        ("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef", "example"),
        ("DJANGO_SECRET_KEY", "ab" * 40, "development or example value"),
        ("PORTAL_PSEUDONYM_KEY", "change-me-long-random-string", "PORTAL_PSEUDONYM_KEY"),
        ("PORTAL_BALLOT_KEY", "change-me-long-random-string", "PORTAL_BALLOT_KEY"),
    ],
)
def test_production_refuses_a_development_or_short_key(name, value, message):
    result = _python("import config.wsgi", _clean_env(**_secrets(**{name: value})))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
    assert name in result.stderr


def test_manage_py_still_defaults_to_local():
    code = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["config.settings.local", "True"]


def test_make_run_and_make_worker_give_celery_local_settings():
    makefile = (ROOT / "Makefile").read_text()
    celery_lines = [line for line in makefile.splitlines() if "celery -A config" in line]
    assert len(celery_lines) == 2
    for line in celery_lines:
        before = makefile[: makefile.index(line)].splitlines()[-1]
        assert "DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local}" in before


def test_the_image_and_compose_ask_for_production_explicitly():
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in (ROOT / "Dockerfile").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "DJANGO_SETTINGS_MODULE: config.settings.production" in compose
