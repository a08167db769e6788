"""Who is told when something needs a coordinator: helpline gaps and safeguarding concerns.

Staff holding the named permission (given to a person or to a group in the admin) are the
coordinators. If nobody holds it, every active peer-support staff member is told, so an
alert never goes nowhere.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from users.models import User
from users.roles import Role


def coordinators(codename: str) -> list[User]:
    """Active staff with ``peersupport.<codename>``, or every active staff member if none."""
    staff = User.objects.filter(is_active=True, groups__name=Role.STAFF)
    holders = staff.filter(
        Q(
            user_permissions__codename=codename,
            user_permissions__content_type__app_label="peersupport",
        )
        | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label="peersupport",
        )
    )
    chosen = list(_distinct(holders))
    return chosen or list(_distinct(staff))


def _distinct(qs: QuerySet[User]) -> QuerySet[User]:
    return User.objects.filter(pk__in=qs.values("pk")).order_by("pk")
