"""Pluggable SMS sending. ``settings.SMS_BACKEND`` names the class.

A backend's ``send(to=, message=, reference=)`` returns when the message is accepted. It
raises ``PermanentSendError`` when trying again cannot help (a number that is not a mobile
number), and any other exception for a failure worth another try later. ``reference`` is
the notification's idempotency reference: the same on every try of the same message.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings

logger = logging.getLogger(__name__)

# Messages sent by MemorySmsBackend, for tests (like django.core.mail.outbox).
outbox: list[dict[str, str]] = []


class PermanentSendError(Exception):
    """The message can never be delivered this way (say, an invalid number): stop trying.

    ``code`` is short and holds no personal data; it is stored on the notification.
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class ConsoleSmsBackend:
    """For development: prints the text to standard output (like Django's console e-mail
    backend), never to the log, which must hold no personal data."""

    def send(self, *, to: str, message: str, reference: str = "") -> None:
        sys.stdout.write(f"SMS to {to} (reference {reference}):\n{message}\n\n")
        sys.stdout.flush()


class MemorySmsBackend:
    def send(self, *, to: str, message: str, reference: str = "") -> None:
        outbox.append({"to": to, "message": message, "reference": reference})


# Notify's statuses for a message it has given up on; anything else means it has it.
NOTIFY_FAILED = {"permanent-failure", "temporary-failure", "technical-failure", "validation-failed"}


class NotifySmsBackend:
    """GOV.UK Notify. Needs GOVUK_NOTIFY_API_KEY and a template whose body is ((message)).

    Notify keeps the ``reference`` it is given with each message and can list messages by
    it. Before sending, the backend asks whether Notify already has a message with this
    reference (a worker that died after sending but before marking the message sent): if it
    has, nothing is sent again. Notify rejects a number that cannot work with HTTP 400: that
    is a permanent failure.
    """

    def __init__(self) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(settings.GOVUK_NOTIFY_API_KEY)

    def already_sent(self, reference: str) -> bool:
        if not reference:
            return False
        found = self.client.get_all_notifications(template_type="sms", reference=reference)
        return any(
            item.get("status") not in NOTIFY_FAILED for item in found.get("notifications", [])
        )

    def send(self, *, to: str, message: str, reference: str = "") -> None:
        from notifications_python_client.errors import HTTPError

        if self.already_sent(reference):
            logger.info("SMS %s was already with Notify; not sent again", reference)
            return
        try:
            self.client.send_sms_notification(
                phone_number=to,
                template_id=settings.GOVUK_NOTIFY_SMS_TEMPLATE_ID,
                personalisation={"message": message},
                reference=reference or None,
            )
        except HTTPError as exc:
            if exc.status_code == 400:
                raise PermanentSendError("sms_rejected_by_notify") from exc
            raise
