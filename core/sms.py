"""Pluggable SMS sending. ``settings.SMS_BACKEND`` names the class."""

from __future__ import annotations

import logging

from django.conf import settings

logger = logging.getLogger(__name__)

# Messages sent by MemorySmsBackend, for tests (like django.core.mail.outbox).
outbox: list[dict[str, str]] = []


class ConsoleSmsBackend:
    def send(self, *, to: str, message: str) -> None:
        logger.info("SMS to %s: %s", to, message)


class MemorySmsBackend:
    def send(self, *, to: str, message: str) -> None:
        outbox.append({"to": to, "message": message})


class NotifySmsBackend:
    """GOV.UK Notify. Needs GOVUK_NOTIFY_API_KEY and a template whose body is ((message))."""

    def __init__(self) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(settings.GOVUK_NOTIFY_API_KEY)

    def send(self, *, to: str, message: str) -> None:
        self.client.send_sms_notification(
            phone_number=to,
            template_id=settings.GOVUK_NOTIFY_SMS_TEMPLATE_ID,
            personalisation={"message": message},
        )
