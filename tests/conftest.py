"""Shared fixtures: one signed-in-able user per role, plus an outsider with no role."""

from __future__ import annotations

import os

import pytest

from tests.browser_support import (  # noqa: F401  (fixtures for every app's browser tests)
    _browser_closed_before_flush,
    audit,
    browser_type_launch_args,
    fresh_page,
    problems,
    role_groups,
)
from tests.factories import make_user
from users.roles import Role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLE_NAMES = [r.value for r in Role]


def _reference_data_back(sender, **kwargs) -> None:
    """Put back what data migrations made (roles, qualifications, certificate rules,
    matching lists, mileage rates) whenever a transactional test's flush has emptied them.

    ``flush`` sends ``post_migrate`` (as it does to recreate permissions), so this runs after
    every transactional test, whatever order the tests run in. Idempotent.
    """
    if sender.name != "peersupport":  # post_migrate is sent once per app; once is enough
        return
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.using(kwargs.get("using", "default")).get_or_create(name=role.value)
    import_module("peersupport.migrations.0003_default_rules").forwards(apps, None)
    import_module("peersupport.migrations.0006_matching_and_mileage_data").forwards(apps, None)


def pytest_configure(config):
    from django.db.models.signals import post_migrate

    post_migrate.connect(_reference_data_back, dispatch_uid="tests-reference-data")


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if not _uses_database(item):
            item.add_marker(pytest.mark.nodb)


# pytest-django refuses database access to a test that asks for none of these, so a test
# without them cannot depend on which database runs under it.
_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def _uses_database(item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(_DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _steady_rate_limit_window(monkeypatch):
    """Hold django-ratelimit's clock still during a test (core/ratelimit.py counts in fixed
    windows): otherwise a window edge falling inside a test that makes eleven tries would,
    now and then, restart its count and fail it."""
    import time
    from types import SimpleNamespace

    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture
def member(db):
    return make_user(Role.MEMBER, display_name="Mo Member")


@pytest.fixture
def mentor(db):
    return make_user(Role.MEMBER, Role.MENTOR, display_name="Max Mentor")


@pytest.fixture
def representative(db):
    return make_user(Role.MEMBER, Role.REPRESENTATIVE, display_name="Rae Rep")


@pytest.fixture
def staff(db):
    return make_user(Role.STAFF, display_name="Sam Staff")


@pytest.fixture
def senior_manager(db):
    return make_user(Role.SENIOR_MANAGER, display_name="Sue Senior")


@pytest.fixture
def returning_officer(db):
    return make_user(Role.RETURNING_OFFICER, display_name="Ros Returning")


@pytest.fixture
def data_steward(db):
    return make_user(Role.DATA_STEWARD, display_name="Dee Steward")


@pytest.fixture
def administrator(db):
    return make_user(Role.ADMINISTRATOR, display_name="Ada Admin")


@pytest.fixture
def outsider(db):
    """Signed in, but holds no role (for example a deactivated member's former role)."""
    return make_user(display_name="Olly Outsider")


@pytest.fixture
def role_users(
    member,
    mentor,
    representative,
    staff,
    senior_manager,
    returning_officer,
    data_steward,
    administrator,
    outsider,
):
    return {
        "member": member,
        "mentor": mentor,
        "representative": representative,
        "staff": staff,
        "senior_manager": senior_manager,
        "returning_officer": returning_officer,
        "data_steward": data_steward,
        "administrator": administrator,
        "outsider": outsider,
    }


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns the test client signed in as ``user``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def query_count():
    """``query_count(client, url)``: how many queries one GET of ``url`` makes.

    Pages are warmed up with one request first (a new session records itself once), so two
    counts taken with different amounts of data can be compared for equality.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def _count(client, url: str, data: dict | None = None) -> int:
        client.get(url, data or {})
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, data or {})
        assert response.status_code == 200, (url, response.status_code)
        return len(ctx)

    return _count
