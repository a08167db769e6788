from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from core.models import AuditEvent, Notification

if TYPE_CHECKING:
    # For types only: core sits below users and does not import it at run time.
    from users.models import User


def audit_events_filtered(
    *,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_label__iexact=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return qs


def inbox_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).only(
        "id",
        "subject",
        "body",
        "link",
        "created_at",
        "read_at",
        "kind",
        "email_status",
        "sms_status",
    )


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()


def delivery_problems(*, user: User) -> dict[str, bool]:
    """Whether the latest e-mail and the latest text message to ``user`` failed for good."""
    latest = {}
    for field in ("email_status", "sms_status"):
        latest[field] = (
            Notification.objects.filter(user=user)
            .exclude(**{field: Notification.Status.NONE})
            .values_list(field, flat=True)
            .first()
        )
    return {
        "email": latest["email_status"] == Notification.Status.FAILED,
        "sms": latest["sms_status"] == Notification.Status.FAILED,
    }
