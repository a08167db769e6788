"""Rate limits on the portal's own guessable forms (invite codes, withdrawal codes, open links).

Counted per client address (``core.client_ip``), so behind the documented TLS proxy each
visitor has their own count rather than everyone sharing the proxy's; an IPv6 client counts
per /64 (what one household or phone is usually given, and what allauth does), so cycling
through the addresses of its own network does not buy it more tries.

The counting is django-ratelimit's ``is_ratelimited``, chosen over the two alternatives:

- the home-made counter it replaces did the same ``add``/``incr`` on the shared cache, but it
  was ours to maintain, stored client addresses in clear as cache keys, and started the
  client afresh if the key vanished between the two calls; django-ratelimit hashes its keys
  and then refuses the try instead (it fails closed; a cache that is down is an error, as
  before);
- allauth's limiter (``allauth.core.ratelimit``) is wired to ``ACCOUNT_RATE_LIMITS`` and
  marked in its source for deprecation as a public API; the generic one lives in
  ``allauth.core.internal``, which is private. allauth keeps it for its own views (sign-in,
  password reset), which read the client address through the same function
  (``users.adapters.AccountAdapter.get_client_ip``).

Trade-off, accepted: django-ratelimit counts in fixed windows of ``period`` seconds (each key's
window edge offset by a hash of the key), not from the first try. Over any one window a client
gets ``limit`` tries; across an edge it can get up to twice that in a short burst, and "wait
five minutes" is the longest wait rather than the exact one. For codes of this length that
changes nothing an attacker can use.

The count is kept in the ``default`` cache (Redis in production, ``REDIS_URL``), so every web
process sees the same count; ``RATELIMIT_USE_CACHE`` names another cache if ever needed.
``django_ratelimit`` is not in ``INSTALLED_APPS`` on purpose: only its checks need that, and they
reject the local-memory cache of development and warn about Django's own Redis cache.
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from core.client_ip import client_ip

IPV6_PREFIX = 64


def client_bucket(group: str, request: HttpRequest) -> str:
    """The key a client is counted under: its address, an IPv6 address as its /64."""
    address = client_ip(request)
    if address is None:
        # No address at all (a misconfigured socket): one shared bucket, never a free pass.
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def rate_limited(request: HttpRequest, action: str, *, limit: int, period: int) -> bool:
    """Count one attempt at ``action`` from this client; True once past ``limit`` per period."""
    return bool(
        is_ratelimited(
            request,
            group=f"portal:{action}",
            key=client_bucket,
            rate=(limit, period),
            increment=True,
        )
    )
