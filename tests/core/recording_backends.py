"""E-mail and SMS backends that record each send as a JSON line in ``$OUTBOX_RECORD_FILE``,
so a test can count, across processes, what a real worker sent.

With ``$OUTBOX_HANG_FILE`` set, the e-mail backend (the first channel delivery tries)
writes the message's reference to that file and then waits for ever without sending: the
worker has claimed the message and not sent it, which is when the test kills it.
"""

from __future__ import annotations

import json
import os
import time

from django.core.mail.backends.base import BaseEmailBackend


def _record(channel: str, to: str, reference: str) -> None:
    with open(os.environ["OUTBOX_RECORD_FILE"], "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"channel": channel, "to": to, "reference": reference}) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_records(path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except FileNotFoundError:
        return []


class RecordingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            reference = message.extra_headers.get("Message-ID", "")
            hang = os.environ.get("OUTBOX_HANG_FILE")
            if hang:
                with open(hang, "w", encoding="utf-8") as handle:
                    handle.write(reference)
                while True:  # claimed, not sent: the test kills this worker now
                    time.sleep(1)
            _record("email", message.to[0], reference)
        return len(email_messages)


class RecordingSmsBackend:
    def send(self, *, to: str, message: str, reference: str = "") -> None:
        _record("sms", to, reference)
