"""/healthz names the part that is down; a dropped database gives a "try again" page; the
request log has one line per request, a request id, and no personal data (issue 19)."""

import io
import logging
import os
import re
import subprocess
import sys
from functools import partial
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings

from core.models import Notification
from core.services import notify
from users import demo
from users.models import User

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/10"


def test_healthz_is_ok_when_every_part_works(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_names_a_broker_that_is_down(client, settings):
    settings.CELERY_BROKER_URL = UNREACHABLE_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "checks": {"database": "ok", "cache": "ok", "broker": "down"},
    }


def test_healthz_names_a_cache_that_is_down(client):
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
        }
    }
    with override_settings(CACHES=caches):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "down", "broker": "ok"}


def test_healthz_names_a_database_that_is_down(client):
    with mock.patch(
        "core.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "down", "cache": "ok", "broker": "ok"}
    assert "refused" not in response.content.decode()  # reasons go to the log, not out


def test_the_container_health_check_script_reads_healthz(live_server, settings):
    """ops/healthcheck.py, which docker-compose runs in the web container."""
    script = Path(settings.BASE_DIR) / "ops" / "healthcheck.py"
    env = {**os.environ, "PORTAL_HEALTHCHECK_URL": f"{live_server.url}/healthz"}
    env.pop("DJANGO_ALLOWED_HOSTS", None)
    run = partial(subprocess.run, [sys.executable, str(script)], env=env, capture_output=True)
    assert run(timeout=30).returncode == 0
    settings.CELERY_BROKER_URL = UNREACHABLE_REDIS
    down = run(timeout=30)
    assert down.returncode == 1
    assert '"broker": "down"' in down.stdout.decode()


def test_a_database_error_in_a_page_gives_a_plain_try_again_page_not_a_500(client_for, member):
    client = client_for(member)
    with mock.patch("core.views.selectors.inbox_for", side_effect=OperationalError("gone")):
        response = client.get("/messages/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "please try again" in page
    assert "either saved in full or not saved at all" in page
    assert response["Retry-After"]


def test_every_response_carries_a_request_id_and_a_proxy_id_only_when_trusted_and_safe(
    client, settings
):
    made = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert (
        client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-12345678")["X-Request-ID"]
        != "proxy-id-12345678"
    )  # not trusted by default
    settings.REQUEST_ID_FROM_PROXY = True
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-12345678")["X-Request-ID"]
    assert kept == "proxy-id-12345678"
    for unsafe in ("mo@example.org", "a b c d e f g h", "x" * 200, "short", "id\nforged=1"):
        got = client.get("/healthz", HTTP_X_REQUEST_ID=unsafe)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", got), unsafe


def _request_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "portal.request"]


def test_one_log_line_per_request_with_the_url_pattern_not_the_path(client_for, member, caplog):
    caplog.set_level(logging.INFO)
    client = client_for(member)
    response = client.get("/messages/?page=1&name=Mo+Member")
    lines = _request_lines(caplog)
    assert len(lines) == 1
    assert lines[0].startswith(f"request_id={response['X-Request-ID']} method=GET ")
    assert "route=/messages/ status=200" in lines[0]
    assert "Mo" not in lines[0] and "?" not in lines[0]


DEMO_EMAILS = {
    username: f"{username.replace('_', '.')}.demo@example.org"
    for username, *_ in demo.DEMO_ACCOUNTS
}
DEMO_PHONES = {
    username: f"+44770090{index:04d}" for index, (username, *_rest) in enumerate(demo.DEMO_ACCOUNTS)
}


def test_the_log_of_a_journey_by_the_demo_users_holds_no_personal_data(
    client, caplog, settings, capsys, django_capture_on_commit_callbacks
):
    """Every demo user signs in through the form and goes about the portal, with their name,
    e-mail and phone in query strings and paths too; then the whole captured log (every
    logger, every level) is searched for their names, e-mails and phone numbers."""
    call_command("seed_demo", not_production=True, stdout=io.StringIO())
    people = list(User.objects.filter(username__in=[u for u, *_ in demo.DEMO_ACCOUNTS]))
    assert len(people) == len(demo.DEMO_ACCOUNTS)
    for person in people:
        person.email = DEMO_EMAILS[person.username]
        person.phone = DEMO_PHONES[person.username]
        person.messages_by = "both"
        person.save()
    settings.SMS_BACKEND = "core.sms.ConsoleSmsBackend"
    caplog.set_level(logging.DEBUG)
    journey = [
        "/",
        "/messages/",
        "/account/",
        "/council/",
        "/consultations/",
        "/peer-support/sessions/",
        "/action-plan/",
        "/dashboards/",
        "/audit-log/?actor={username}",
        "/admin/users/user/?q={email}",
        "/messages/?page=2&who={name}&phone={phone}",
        "/no-such-page/{email}/{phone}/",
    ]
    requests = 0
    for person in people:
        first_name = person.display_name.split()[0]
        response = client.post(
            "/accounts/login/", {"login": person.username, "password": demo.DEMO_PASSWORD}
        )
        assert response.status_code == 302, person.username
        if person.requires_mfa:  # the form asks for a code next; skip that step
            client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            notify(user=person, kind="test")  # a message to their e-mail and phone
        for template in journey:
            url = template.format(
                username=person.username, email=person.email, name=first_name, phone=person.phone
            )
            assert client.get(url).status_code < 500, url
            requests += 1
        client.post("/account/", {"display_name": person.display_name, "phone": person.phone})
        client.post("/accounts/logout/")
        requests += 3
    assert Notification.objects.filter(sms_status="sent").count() >= len(people)
    lines = _request_lines(caplog)
    assert len(lines) >= requests  # one line per request (redirects followed add none)
    log = caplog.text
    # Names, e-mails and phone numbers appear nowhere in the whole log.
    for person in people:
        for secret in (
            person.display_name,
            person.display_name.split()[0],
            person.email,
            person.phone,
        ):
            assert secret not in log, secret
    # Usernames appear in no request line, once the URL pattern is taken out.
    usernames = "|".join(u for u, *_ in demo.DEMO_ACCOUNTS)
    for line in lines:
        without_route = re.sub(r"route=\S+", "", line)
        assert not re.search(rf"\b({usernames})\b", without_route), line
