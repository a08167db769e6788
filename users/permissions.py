"""Role checks for views. Apps import ``role_required`` from here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from users.roles import MEMBER_ROLES, STAFF_ROLES, Role

if TYPE_CHECKING:
    from users.models import User

View = Callable[..., HttpResponseBase]  # a page, or a download that streams


def role_required(*roles: str) -> Callable[[View], View]:
    """Let in signed-in people holding any of ``roles``; refuse others with 403.

    Administrators pass every check: they run the system.
    """
    allowed = set(roles) | {Role.ADMINISTRATOR}

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not cast("User", request.user).has_role(*allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(*STAFF_ROLES)
member_required = role_required(*MEMBER_ROLES)


def can_manage_accounts(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.STAFF, Role.ADMINISTRATOR))


def get_person_for_invite(*, user: User, pk: int) -> User:
    """The account ``user`` may print a new invite slip for, or 404/403.

    A new slip lets whoever holds it set the account's username and password, so staff may
    issue one only for people on probation; accounts with a staff-type role need an
    administrator.
    """
    from users.models import User

    person = get_object_or_404(User.objects.prefetch_related("groups"), pk=pk, is_active=True)
    if person.is_staff_role and not user.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    return person
