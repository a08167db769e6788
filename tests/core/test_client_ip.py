"""The client's address behind 0, 1 or 2 trusted proxies (issue 14.4), and who reads it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.core.internal.ratelimit import get_ip as allauth_limit_ip
from django.test import RequestFactory, override_settings
from django.urls import reverse

from core.client_ip import client_ip
from core.models import AuditEvent
from core.services import audit_record
from tests.factories import TEST_PASSWORD
from users.adapters import AccountAdapter

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.1"
ALICE = "203.0.113.7"
BOB = "198.51.100.23"


def proxies(count: int):
    """``count`` trusted proxies. Only the portal's setting: allauth must follow it through
    ``users.adapters.AccountAdapter.get_client_ip`` (base.py also copies the number into
    ``ALLAUTH_TRUSTED_PROXY_COUNT``; that copy is tested on its own below)."""
    return override_settings(PORTAL_TRUSTED_PROXY_COUNT=count)


def _request(remote: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- No trusted proxy: the header is ignored ------------------------------------------------


@pytest.mark.parametrize(
    "forwarded", [None, "", "1.2.3.4", "1.2.3.4, 5.6.7.8", "garbage", "2001:db8::1"]
)
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(forwarded):
    with proxies(0):
        assert client_ip(_request(remote=ALICE, forwarded=forwarded)) == ALICE


def test_the_default_is_no_trusted_proxy(settings):
    assert settings.PORTAL_TRUSTED_PROXY_COUNT == 0
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    assert client_ip(_request(remote=ALICE, forwarded="1.2.3.4")) == ALICE


def test_a_bad_or_missing_remote_addr_is_unknown_not_a_crash():
    with proxies(0):
        assert client_ip(_request(remote="")) is None
        assert client_ip(_request(remote="not an address")) is None


# --- One trusted proxy: the right-most address is the one the proxy saw ----------------------


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (ALICE, ALICE),
        # A client's own X-Forwarded-For arrives with the proxy's entry after it.
        (f"1.2.3.4, {ALICE}", ALICE),
        (f"1.2.3.4, 5.6.7.8, 9.9.9.9,{ALICE}", ALICE),
        (f"{BOB}, {ALICE}", ALICE),
        (f"garbage, <script>, {ALICE}", ALICE),
        (f"2001:db8::1, {ALICE}", ALICE),
        # What proxies write: ports, brackets, IPv6, IPv4 mapped into IPv6.
        (f"{ALICE}:51234", ALICE),
        ("2001:db8:0:0::7", "2001:db8::7"),
        ("[2001:db8::7]", "2001:db8::7"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("1.2.3.4, 2001:DB8::7", "2001:db8::7"),
        (f"::ffff:{ALICE}", ALICE),
    ],
)
def test_one_proxy_takes_the_address_it_saw(forwarded, expected):
    with proxies(1):
        assert client_ip(_request(forwarded=forwarded)) == expected


@pytest.mark.parametrize(
    "forwarded",
    [None, "", " ", "garbage", f"{ALICE}, garbage", f"{ALICE},", "999.1.1.1", "1.2.3.4:x:y"],
)
def test_one_proxy_with_a_missing_or_malformed_entry_falls_back_to_remote_addr(forwarded):
    """Not an address in the proxy's position: the request did not come through the proxy as
    configured. The client cannot choose REMOTE_ADDR, so that is the safe answer."""
    with proxies(1):
        assert client_ip(_request(forwarded=forwarded)) == PROXY


def test_a_client_cannot_change_its_address_by_what_it_sends():
    with proxies(1):
        seen = {
            client_ip(_request(forwarded=f"{spoof}, {ALICE}"))
            for spoof in ("1.2.3.4", BOB, "2001:db8::1", "1.1.1.1, 2.2.2.2", "garbage", "")
        }
    assert seen == {ALICE}


# --- Two trusted proxies (a CDN in front of the TLS proxy) ----------------------------------


def test_two_proxies_take_the_second_address_from_the_right():
    with proxies(2):
        assert client_ip(_request(forwarded=f"1.2.3.4, {ALICE}, 10.9.9.9")) == ALICE
        assert client_ip(_request(forwarded=f"{ALICE}, 10.9.9.9")) == ALICE
        # Shorter than the proxies configured: not through them, so REMOTE_ADDR.
        assert client_ip(_request(forwarded=ALICE)) == PROXY


# --- The setting comes from the environment ------------------------------------------------


def _settings_value(value: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTAL_TRUSTED_PROXY_COUNT": value}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from config.settings import test as s; "
            "print(s.PORTAL_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_setting_is_read_from_the_environment_and_given_to_allauth():
    result = _settings_value("1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1"]


@pytest.mark.parametrize("value", ["-1", "one"])
def test_a_bad_proxy_count_stops_start_up(value):
    result = _settings_value(value)
    assert result.returncode != 0
    assert "PORTAL_TRUSTED_PROXY_COUNT" in result.stderr


# --- The audit log records the client, not the proxy ---------------------------------------


@pytest.mark.django_db
def test_audit_record_keeps_the_client_address_behind_the_proxy(staff):
    with proxies(1):
        event = audit_record(
            actor=staff, action="x.y", request=_request(forwarded=f"1.2.3.4, {ALICE}")
        )
    assert AuditEvent.objects.get(pk=event.pk).ip_address == ALICE


@pytest.mark.django_db
def test_audit_record_without_a_trusted_proxy_keeps_remote_addr(staff):
    event = audit_record(actor=staff, action="x.y", request=_request(forwarded=ALICE))
    assert AuditEvent.objects.get(pk=event.pk).ip_address == PROXY


@pytest.mark.django_db
def test_a_page_that_audits_records_the_visitor_behind_the_proxy(client_for, staff):
    with proxies(1):
        response = client_for(staff).get(
            reverse("peersupport:concern-list"),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"6.6.6.6, {BOB}",
        )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="peersupport.concern_list.view")
    assert event.ip_address == BOB


# --- allauth reads the same address --------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize(
    "forwarded", [None, ALICE, f"1.2.3.4, {ALICE}", f"{BOB}, {ALICE}, 10.9.9.9", "garbage"]
)
def test_allauth_sees_the_same_address_as_the_portal(count, forwarded):
    request = _request(forwarded=forwarded)
    with proxies(count):
        expected = client_ip(request)
        assert AccountAdapter(request).get_client_ip(request) == expected
        assert allauth_limit_ip(request) == expected


@pytest.mark.django_db
def test_failed_sign_ins_from_one_client_do_not_lock_out_another_behind_the_proxy(client, member):
    """allauth allows 10 failed sign-ins a minute per address (ACCOUNT_RATE_LIMITS)."""
    url = reverse("account_login")
    with proxies(1):
        for n in range(10):
            client.post(
                url,
                {"login": f"nobody{n}", "password": "wrong password"},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=ALICE,
            )
        # Alice is stopped, whatever she claims to be.
        refused = client.post(
            url,
            {"login": member.username, "password": TEST_PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{BOB}, {ALICE}",
        )
        assert "Too many tries to sign in" in refused.content.decode()
        assert "_auth_user_id" not in client.session
        # Bob, behind the same proxy, signs in.
        client.post(
            url,
            {"login": member.username, "password": TEST_PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=BOB,
        )
        assert client.session.get("_auth_user_id") == str(member.pk)
