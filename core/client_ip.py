"""The address of the person making a request, for rate limits, the audit log and allauth.

Deployed as documented, the portal sits behind a TLS proxy, so ``REMOTE_ADDR`` is the
proxy's address for every visitor. Each proxy appends the address it received the request
from to ``X-Forwarded-For``, so with N proxies in front of the portal that are ours,
``X-Forwarded-For`` ends with N addresses that those proxies wrote:

    client, proxy 1, ..., proxy N-1          (REMOTE_ADDR is proxy N)

The Nth address from the right is the one the outermost trusted proxy saw: the client.
Everything to its left was sent by the client and can say anything, so it is never read; a
client that sends ``X-Forwarded-For: 1.2.3.4`` through one proxy arrives as
``1.2.3.4, <real address>`` and is still counted under its real address.

``PORTAL_TRUSTED_PROXY_COUNT`` (default 0) says how many proxies are ours. With 0 the
header is ignored entirely: a portal reached directly must not believe what a client says.
Setting it higher than the real number of proxies lets clients choose their own address,
so it must match the deployment exactly.

When the header is missing, too short or holds something that is not an IP address in the
trusted position, the request did not come through the proxies as configured; the answer is
then ``REMOTE_ADDR``, which the client cannot choose (at worst such requests share one
bucket, which is the old behaviour, never a bucket the client picked).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _parse(value: str | None) -> str | None:
    """``value`` as a canonical IP address, or None.

    Accepts what proxies write: ``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1``,
    ``[2001:db8::1]`` and ``[2001:db8::1]:443``. An IPv4 address mapped into IPv6
    (``::ffff:1.2.3.4``, from a dual-stack listener) becomes the IPv4 address, so one client
    has one address whichever way it arrived.
    """
    if not value:
        return None
    text = value.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port; an IPv6 address has at least two colons
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, trusting ``PORTAL_TRUSTED_PROXY_COUNT`` proxies; None if unknown."""
    remote = _parse(request.META.get("REMOTE_ADDR"))
    trusted = settings.PORTAL_TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    # Several X-Forwarded-For headers reach Django joined by commas, in order.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",")]
    if not forwarded.strip() or len(hops) < trusted:
        return remote
    return _parse(hops[-trusted]) or remote
