from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def rate_limited(request: HttpRequest, action: str, *, limit: int, period: int) -> bool:
    """Count one attempt at ``action`` from this address; True once past ``limit`` per period.

    Uses the shared cache (Redis in production) so every web process sees the same count.
    """
    key = f"ratelimit:{action}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=period)
        count = 1
    return count > limit
