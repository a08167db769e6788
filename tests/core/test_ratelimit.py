"""The portal's own rate limits behind a proxy, and their count shared through Redis (14.4)."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings
from django.urls import reverse

from core.ratelimit import client_bucket, rate_limited

PROXY = "10.0.0.1"
ALICE = "203.0.113.7"
BOB = "198.51.100.23"
BAD_CLAIM = {"code": "AAAA-AAAA-AAAA", "username": "x", "password1": "y", "password2": "y"}


def proxies(count: int):
    return override_settings(PORTAL_TRUSTED_PROXY_COUNT=count)


def _request(remote: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def _via(forwarded: str) -> dict[str, str]:
    """The headers of a request that came through the proxy."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


# --- Through the views: ten wrong codes from one visitor lock out only that visitor ---------

FORMS = [
    pytest.param("users:claim", BAD_CLAIM, id="invite-claim"),
    pytest.param("consultations:withdraw", {"code": "AAAA-AAAA-AAAA"}, id="withdrawal-code"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "data"), FORMS)
def test_ten_wrong_codes_behind_the_proxy_lock_out_only_that_visitor(client, url_name, data):
    url = reverse(url_name)
    with proxies(1):
        for _ in range(10):
            body = client.post(url, data, **_via(ALICE)).content.decode()
            assert "Too many tries" not in body
        assert "Too many tries" in client.post(url, data, **_via(ALICE)).content.decode()
        # Another visitor behind the same proxy is not locked out.
        assert "Too many tries" not in client.post(url, data, **_via(BOB)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "data"), FORMS)
def test_a_spoofed_forwarded_header_does_not_buy_more_tries(client, url_name, data):
    url = reverse(url_name)
    spoofs = ["1.2.3.4", "5.6.7.8, 9.9.9.9", "garbage", "2001:db8::1", BOB, ""]
    with proxies(1):
        for n in range(10):
            client.post(url, data, **_via(f"{spoofs[n % len(spoofs)]}, {ALICE}"))
        body = client.post(url, data, **_via(f"{BOB}, {ALICE}")).content.decode()
    assert "Too many tries" in body


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_header_is_ignored_by_the_limit(client):
    """Reached directly (the default), a client that sends X-Forwarded-For is still itself."""
    url = reverse("users:claim")
    for n in range(10):
        client.post(url, BAD_CLAIM, REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=f"10.1.1.{n}")
    body = client.post(url, BAD_CLAIM, REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=BOB)
    assert "Too many tries" in body.content.decode()


@pytest.mark.django_db
def test_certificate_checks_are_counted_per_visitor_behind_the_proxy(client):
    url = reverse("peersupport:certificate-verify")
    with proxies(1):
        for _ in range(20):
            assert client.get(url, {"code": "ABCD-EFGH-JKMN"}, **_via(ALICE)).status_code == 200
        assert client.get(url, {"code": "ABCD-EFGH-JKMN"}, **_via(ALICE)).status_code == 429
        assert client.get(url, {"code": "ABCD-EFGH-JKMN"}, **_via(BOB)).status_code == 200


# --- The function itself -------------------------------------------------------------------


def test_the_limit_allows_exactly_limit_tries_per_client_and_action():
    alice, bob = _request(forwarded=ALICE), _request(forwarded=BOB)
    with proxies(1):
        assert [rate_limited(alice, "t", limit=3, period=60) for _ in range(4)] == [
            False,
            False,
            False,
            True,
        ]
        assert not rate_limited(bob, "t", limit=3, period=60)
        assert not rate_limited(alice, "another action", limit=3, period=60)


def test_ipv6_clients_are_counted_per_64_network():
    """One household or phone is given a /64; its other addresses are the same client."""
    with proxies(1):
        same = {
            client_bucket("g", _request(forwarded=f"2001:db8:1:2::{n:x}")) for n in range(1, 50)
        }
        assert len(same) == 1
        assert client_bucket("g", _request(forwarded="2001:db8:1:3::1")) not in same
        for n in range(1, 4):
            rate_limited(_request(forwarded=f"2001:db8:1:2::{n}"), "v6", limit=3, period=60)
        assert rate_limited(_request(forwarded="2001:db8:1:2::ffff"), "v6", limit=3, period=60)
        assert not rate_limited(_request(forwarded="2001:db8:1:3::1"), "v6", limit=3, period=60)


def test_a_client_with_no_address_is_still_counted():
    nowhere = _request(remote="")
    assert client_bucket("g", nowhere) == "unknown"
    results = [rate_limited(nowhere, "t", limit=2, period=60) for _ in range(3)]
    assert results == [False, False, True]


def test_cache_keys_do_not_hold_the_address_in_clear():
    from django.core.cache import cache

    rate_limited(_request(remote=ALICE), "t", limit=3, period=60)
    keys = list(cache._cache.keys())  # local-memory cache in tests
    assert keys
    assert not any(ALICE in key for key in keys)


# --- The shared cache: two web processes see one count -------------------------------------

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {REDIS_URL} (PORTAL_TEST_REDIS_URL)")
    return client


@pytest.fixture
def two_redis_caches():
    """Two separate cache connections to the same Redis, as two web processes would have.

    Keys carry a prefix unique to this run and are deleted afterwards: nothing else in the
    Redis database is touched (no FLUSHDB).
    """
    redis_client = _redis_or_skip()
    prefix = f"test-ratelimit-{uuid.uuid4().hex}"
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "web-1": dict(backend),
            "web-2": dict(backend),
        }
    ):
        yield caches["web-1"], caches["web-2"]
    for key in redis_client.scan_iter(f"{prefix}:*"):
        redis_client.delete(key)
    redis_client.close()


@pytest.mark.redis
def test_two_cache_connections_to_redis_share_one_count(two_redis_caches):
    first, second = two_redis_caches
    assert first is not second
    # Each has its own connection pool: nothing is shared but the Redis server.
    assert first._cache._get_connection_pool(True) is not second._cache._get_connection_pool(True)
    alice = _request(forwarded=ALICE)
    with proxies(1):
        with override_settings(RATELIMIT_USE_CACHE="web-1"):
            tries = [rate_limited(alice, "shared", limit=5, period=60) for _ in range(3)]
        with override_settings(RATELIMIT_USE_CACHE="web-2"):
            tries += [rate_limited(alice, "shared", limit=5, period=60) for _ in range(3)]
            # Bob's count is his own, in either process.
            assert not rate_limited(_request(forwarded=BOB), "shared", limit=5, period=60)
    assert tries == [False] * 5 + [True]
