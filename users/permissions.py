"""Role checks for views. Apps import ``role_required`` from here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from users.roles import MEMBER_ROLES, STAFF_ROLES, Role

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    """Let in signed-in people holding any of ``roles``; refuse others with 403.

    Administrators pass every check: they run the system.
    """
    allowed = set(roles) | {Role.ADMINISTRATOR}

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role(*allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(*STAFF_ROLES)
member_required = role_required(*MEMBER_ROLES)


def can_manage_accounts(user: Any) -> bool:
    return user.is_authenticated and user.has_role(Role.STAFF, Role.ADMINISTRATOR)
