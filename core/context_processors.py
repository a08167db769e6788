from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core import timeout
from core.navigation import navigation_for

if TYPE_CHECKING:
    from users.models import User


def portal(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)

    def _unread() -> int:
        from core.selectors import unread_count

        return unread_count(user=cast("User", user)) if signed_in else 0  # signed in: a User

    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": SimpleLazyObject(lambda: navigation_for(request)),
        "unread_count": SimpleLazyObject(_unread),
        # For the timeout warning (templates/includes/timeout_warning.html).
        "signs_out_at": timeout.signs_out_at() if signed_in else None,
        "idle_seconds": settings.SESSION_COOKIE_AGE,
        "idle_minutes": timeout.idle_limit_minutes(),
    }
