"""Shared services: the audit log and notifications."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.module_loading import import_string

from core.client_ip import client_ip
from core.models import AuditEvent, Notification

logger = logging.getLogger(__name__)


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one audit event. Call it inside the transaction that makes the change."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        actor=actor,
        actor_label=(actor.get_username() if actor else "system"),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:200] if obj is not None else "",
        detail=detail or {},
        ip_address=client_ip(request) if request is not None else None,
    )
    event.full_clean()
    event.save()
    return event


def _render(kind: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render ``notifications/<kind>.txt``: the first line is the subject, the rest the body."""
    # Plain text, not HTML: no escaping, or "don't" would arrive as "don&#x27;t".
    template = get_template(f"notifications/{kind}.txt")
    text = template.template.render(Context(context, autoescape=False)).strip()
    subject, _, body = text.partition("\n")
    return subject.strip()[:200], body.strip()


@transaction.atomic
def notify(
    *,
    user: Any,
    kind: str,
    context: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    link: str = "",
) -> Notification | None:
    """Tell one person something: in the portal, and by e-mail and/or SMS where they can get it.

    Returns ``None`` when a message with the same ``dedupe_key`` already exists, so a job that
    runs twice never sends the same reminder twice.
    """
    context = {"user": user, "service_name": settings.SERVICE_NAME, **(context or {})}
    subject, body = _render(kind, context)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                subject=subject,
                body=body,
                link=link,
                dedupe_key=dedupe_key,
                email_status="queued" if user.sends_email else "none",
                sms_status="queued" if user.sends_sms else "none",
            )
    except IntegrityError:
        return None
    if user.sends_email or user.sends_sms:
        from core.tasks import deliver_notification

        transaction.on_commit(lambda: deliver_notification.delay(notification.pk))
    return notification


def notification_deliver(*, notification_id: int) -> bool:
    """Send a stored notification by e-mail and SMS, once.

    The conditional update is the claim: if two workers get the same job only the one that
    changes the row sends anything.
    """
    claimed = Notification.objects.filter(pk=notification_id, delivered_at=None).update(
        delivered_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    user = notification.user
    statuses: dict[str, str] = {}
    if user.sends_email:
        try:
            send_mail(
                notification.subject,
                notification.body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            statuses["email_status"] = "sent"
        except Exception:  # a mail server outage must not lose the inbox copy
            logger.exception("E-mail for notification %s failed", notification_id)
            statuses["email_status"] = "failed"
    if user.sends_sms:
        try:
            backend = import_string(settings.SMS_BACKEND)()
            backend.send(to=user.phone, message=f"{notification.subject}\n{notification.body}")
            statuses["sms_status"] = "sent"
        except Exception:
            logger.exception("SMS for notification %s failed", notification_id)
            statuses["sms_status"] = "failed"
    if statuses:
        Notification.objects.filter(pk=notification_id).update(**statuses)
    return True


def notification_mark_read(*, user: Any, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, all) of ``user``'s messages as read."""
    qs = Notification.objects.filter(user=user, read_at=None)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
