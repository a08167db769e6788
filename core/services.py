"""Shared services: the audit log and notifications."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone
from django.utils.module_loading import import_string

from core.client_ip import client_ip
from core.models import AuditEvent, Notification
from core.sms import PermanentSendError
from core.tasks import deliver_notification as deliver_notification_task

if TYPE_CHECKING:
    # For types only: core sits below users and does not import it at run time.
    from users.models import User

logger = logging.getLogger(__name__)


def audit_record(
    *,
    actor: User | None,
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
    engine_template = template.template  # type: ignore[attr-defined]
    text = engine_template.render(Context(context, autoescape=False)).strip()
    subject, _, body = text.partition("\n")
    return subject.strip()[:200], body.strip()


# The outbox. A claim holds a row for LEASE; a row still waiting is looked at again by the
# sweep (a periodic job) after GRACE, then after back-off that doubles from BACKOFF up to
# BACKOFF_CAP, until MAX_ATTEMPTS claims have failed.
OUTBOX_LEASE = timedelta(minutes=5)
OUTBOX_GRACE = timedelta(minutes=2)
OUTBOX_BACKOFF = timedelta(minutes=1)
OUTBOX_BACKOFF_CAP = timedelta(hours=6)
OUTBOX_MAX_ATTEMPTS = 8
OUTBOX_SWEEP_BATCH = 500

_QUEUED = Notification.Status.QUEUED
_WAITING = models.Q(email_status=_QUEUED) | models.Q(sms_status=_QUEUED)


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
    runs twice never sends the same reminder twice. The stored row is the outbox: delivery is
    queued when the transaction commits, and the sweep queues it again if that job is lost.
    """
    context = {"user": user, "service_name": settings.SERVICE_NAME, **(context or {})}
    subject, body = _render(kind, context)
    now = timezone.now()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                subject=subject,
                body=body,
                link=link,
                dedupe_key=dedupe_key,
                email_status=_QUEUED if user.sends_email else Notification.Status.NONE,
                sms_status=_QUEUED if user.sends_sms else Notification.Status.NONE,
                next_attempt_at=now + OUTBOX_GRACE,
                delivered_at=None if (user.sends_email or user.sends_sms) else now,
            )
    except IntegrityError:
        return None
    if user.sends_email or user.sends_sms:
        _queue_delivery(notification.pk)
    return notification


def _queue_delivery(notification_id: int) -> None:
    """Queue delivery once the row is committed. If the broker is down, the row is still
    there and the sweep queues it later, so the failure is logged, never raised (it would
    turn a saved vote reminder, or whatever caused the message, into an error page)."""
    transaction.on_commit(lambda: deliver_notification_task.delay(notification_id), robust=True)


def _backoff(attempts: int) -> timedelta:
    backoff: timedelta = OUTBOX_BACKOFF * 2 ** max(attempts - 1, 0)
    return min(backoff, OUTBOX_BACKOFF_CAP)


def _message_id(reference: str) -> str:
    """A stable Message-ID from the reference: a resent copy is recognisably the same."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "localhost"
    return f"<{reference}@{domain}>"


def _send_email(notification: Notification, reference: str) -> None:
    message = EmailMessage(
        notification.subject,
        notification.body,
        settings.DEFAULT_FROM_EMAIL,
        [notification.user.email],
        headers={"Message-ID": _message_id(reference)},
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentSendError("email_address_refused") from exc


def _send_sms(notification: Notification, reference: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(
        to=notification.user.phone,
        message=f"{notification.subject}\n{notification.body}",
        reference=reference,
    )


def notification_deliver(*, notification_id: int) -> bool:
    """Send a stored notification by e-mail and SMS: each channel once, and none lost.

    The claim is a conditional update that takes a lease (``claimed_until``): if two workers
    get the same job only the one that changes the row sends anything, and if this worker
    dies the lease runs out and the sweep queues the row again. Each channel is marked sent
    as soon as it is sent, so a retry sends only what is still waiting. Returns whether this
    call claimed the row.
    """
    now = timezone.now()
    claimed = (
        Notification.objects.filter(_WAITING, pk=notification_id, delivered_at=None)
        .filter(models.Q(claimed_until=None) | models.Q(claimed_until__lte=now))
        .update(claimed_until=now + OUTBOX_LEASE, attempts=models.F("attempts") + 1)
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    user = notification.user
    reference = str(notification.reference)
    channels = (
        ("email_status", notification.email_status, user.sends_email, _send_email),
        ("sms_status", notification.sms_status, user.sends_sms, _send_sms),
    )
    errors: list[str] = []
    for field, status, reachable, send in channels:
        if status != _QUEUED:
            continue
        if not reachable:  # they took the address off their account since: nothing to send
            outcome = Notification.Status.NONE
        else:
            try:
                send(notification, reference)
            except PermanentSendError as exc:
                logger.warning(
                    "Notification %s: %s failed for good (%s)", notification_id, field, exc.code
                )
                errors.append(exc.code)
                outcome = Notification.Status.FAILED
            except Exception as exc:  # an outage: keep it queued, the sweep tries again
                # The class only: a provider's message can quote the address or number.
                logger.warning(
                    "Notification %s: %s failed (%s); will try again",
                    notification_id,
                    field,
                    type(exc).__name__,
                )
                errors.append(f"{field}: {type(exc).__name__}"[:200])
                continue
            else:
                outcome = Notification.Status.SENT
        Notification.objects.filter(pk=notification_id, **{field: _QUEUED}).update(
            **{field: outcome}
        )
    _finish_attempt(notification_id, errors)
    return True


def _finish_attempt(notification_id: int, errors: list[str]) -> None:
    """After a try: finished, or back off (or give up after the last try)."""
    now = timezone.now()
    row = Notification.objects.filter(pk=notification_id).values(
        "email_status", "sms_status", "attempts"
    )[0]
    waiting = _QUEUED in (row["email_status"], row["sms_status"])
    update: dict[str, Any] = {"claimed_until": None, "last_error": "; ".join(errors)[:200]}
    if not waiting:
        update["delivered_at"] = now
    elif row["attempts"] >= OUTBOX_MAX_ATTEMPTS:
        _give_up(Notification.objects.filter(pk=notification_id), now)
    else:
        update["next_attempt_at"] = now + _backoff(row["attempts"])
    Notification.objects.filter(pk=notification_id).update(**update)


def _give_up(rows: models.QuerySet[Notification], now: datetime) -> int:
    """Mark what is still queued as failed. ``rows`` must be picked by id, not by status."""
    rows.filter(email_status=_QUEUED).update(email_status=Notification.Status.FAILED)
    rows.filter(sms_status=_QUEUED).update(sms_status=Notification.Status.FAILED)
    return rows.filter(delivered_at=None).update(
        delivered_at=now, claimed_until=None, last_error="gave_up_after_retries"
    )


def notifications_sweep(*, now: datetime | None = None) -> int:
    """Queue again every message still waiting whose time has come: never queued (the
    broker lost the job), its worker died (the lease ran out), or a try failed (back-off
    over). Messages out of tries are marked failed. Returns how many were queued.

    Safe to run twice: each row is taken with a conditional update that pushes its next look
    a lease away, so a second sweep at once queues nothing. A duplicate job is harmless too:
    delivery claims the row before sending.
    """
    now = now or timezone.now()
    due = Notification.objects.filter(_WAITING, delivered_at=None, next_attempt_at__lte=now).filter(
        models.Q(claimed_until=None) | models.Q(claimed_until__lte=now)
    )
    out_of_tries = list(due.filter(attempts__gte=OUTBOX_MAX_ATTEMPTS).values_list("pk", flat=True))
    _give_up(Notification.objects.filter(pk__in=out_of_tries), now)
    queued = 0
    for pk in list(due.values_list("pk", flat=True)[:OUTBOX_SWEEP_BATCH]):
        with transaction.atomic():
            taken = due.filter(pk=pk).update(claimed_until=None, next_attempt_at=now + OUTBOX_LEASE)
            if taken:
                _queue_delivery(pk)
                queued += 1
    return queued


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, all) of ``user``'s messages as read."""
    qs = Notification.objects.filter(user=user, read_at=None)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
