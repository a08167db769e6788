from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet

from users.models import DeletionRequest, User


def users_for_staff_list(*, search: str = "") -> QuerySet[User]:
    qs = User.objects.filter(is_active=True).prefetch_related(
        Prefetch("groups", queryset=Group.objects.only("name"))
    )
    if search:
        qs = qs.filter(Q(username__icontains=search) | Q(display_name__icontains=search))
    return qs.order_by("display_name", "username")


def deletion_requests_open() -> QuerySet[DeletionRequest]:
    return DeletionRequest.objects.filter(status=DeletionRequest.Status.OPEN).select_related("user")
