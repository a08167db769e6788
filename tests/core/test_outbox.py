"""The notification outbox (issue 19): the row is the truth, and no message is lost.

A lost job, a dead worker and a failed try are all picked up by the sweep; a message that
can never arrive stops at once and the person and administrators are told.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from config.schedule import BEAT_SCHEDULE
from core import services, sms
from core.models import Notification
from core.services import notification_deliver, notifications_sweep, notify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


@pytest.fixture
def texter(member):
    member.phone = "+447700900123"
    member.email = "mo@example.org"
    member.messages_by = "both"
    member.save()
    return member


def _later(minutes: float):
    return timezone.now() + timedelta(minutes=minutes)


class Flaky:
    """An SMS backend that fails ``failures`` times, then sends (into sms.outbox)."""

    failures = 0

    def send(self, *, to, message, reference=""):
        if Flaky.failures > 0:
            Flaky.failures -= 1
            raise ConnectionError("provider down")
        sms.outbox.append({"to": to, "message": message, "reference": reference})


class InvalidNumber:
    def send(self, *, to, message, reference=""):
        raise sms.PermanentSendError("sms_invalid_number")


def test_a_lost_job_is_queued_again_by_the_sweep_and_sent_once(
    texter, django_capture_on_commit_callbacks
):
    # The job queued on commit never runs (the broker lost it): no callbacks executed.
    with django_capture_on_commit_callbacks(execute=False):
        note = notify(user=texter, kind="test")
    assert sms.outbox == [] and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep() == 0  # not yet: the first job may still be on its way
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(3)) == 1
    note.refresh_from_db()
    assert note.sms_status == "sent" and note.email_status == "sent"
    assert note.delivered_at is not None and note.claimed_until is None
    assert len(sms.outbox) == 1 and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(60)) == 0
    assert len(sms.outbox) == 1 and len(mail.outbox) == 1


def test_a_broker_that_is_down_loses_nothing_and_raises_nothing(
    texter, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "core.tasks.deliver_notification.delay", side_effect=ConnectionError("broker down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        note = notify(user=texter, kind="test")  # no exception
    assert sms.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(3)) == 1
    note.refresh_from_db()
    assert note.sms_status == "sent" and note.email_status == "sent"


def test_a_claim_holds_a_lease_and_a_dead_workers_lease_runs_out(
    texter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        note = notify(user=texter, kind="test")
    # A worker claims the row, then dies before sending (simulated: the claim, no send).
    claimed = Notification.objects.filter(pk=note.pk).update(
        claimed_until=timezone.now() + services.OUTBOX_LEASE, attempts=1
    )
    assert claimed == 1
    assert notification_deliver(notification_id=note.pk) is False  # the lease holds it
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(3)) == 0  # still leased
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(6)) == 1  # the lease ran out
    note.refresh_from_db()
    assert note.sms_status == "sent" and note.attempts == 2
    assert len(sms.outbox) == 1


def test_a_failed_try_backs_off_and_every_try_carries_the_same_reference(
    texter, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.core.test_outbox.Flaky"
    Flaky.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=texter, kind="test")
    note.refresh_from_db()
    # E-mail went; the text is still waiting, with the next try a minute away.
    assert note.email_status == "sent" and note.sms_status == "queued"
    assert note.attempts == 1 and note.delivered_at is None
    assert note.last_error == "sms_status: ConnectionError"
    first_wait = note.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(0.5)) == 0  # back-off not over
        assert notifications_sweep(now=_later(1.1)) == 1
    note.refresh_from_db()
    assert note.attempts == 2 and note.sms_status == "queued"
    second_wait = note.next_attempt_at - timezone.now()
    assert timedelta(minutes=1, seconds=50) < second_wait <= timedelta(minutes=2)  # doubled
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(2.1)) == 1
    note.refresh_from_db()
    assert note.sms_status == "sent" and note.delivered_at is not None
    assert [m["reference"] for m in sms.outbox] == [str(note.reference)]
    assert len(mail.outbox) == 1  # the e-mail was not sent again on the retries


def test_after_the_last_try_the_message_is_marked_failed(
    texter, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.core.test_outbox.Flaky"
    Flaky.failures = 100
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=texter, kind="test")
    minutes = 0
    for _ in range(services.OUTBOX_MAX_ATTEMPTS + 2):
        minutes += 400
        with django_capture_on_commit_callbacks(execute=True):
            notifications_sweep(now=_later(minutes))
    note.refresh_from_db()
    assert note.attempts == services.OUTBOX_MAX_ATTEMPTS
    assert note.sms_status == "failed" and note.email_status == "sent"
    assert note.delivered_at is not None
    Flaky.failures = 0


def test_a_worker_that_dies_on_the_last_try_leaves_the_message_marked_failed(
    texter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        note = notify(user=texter, kind="test")
    Notification.objects.filter(pk=note.pk).update(
        attempts=services.OUTBOX_MAX_ATTEMPTS, claimed_until=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(10)) == 0
    note.refresh_from_db()
    assert (note.email_status, note.sms_status) == ("failed", "failed")
    assert note.delivered_at is not None and note.last_error == "gave_up_after_retries"
    assert sms.outbox == [] and mail.outbox == []


def test_an_invalid_number_stops_at_once_and_the_person_is_told(
    texter, settings, client_for, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.core.test_outbox.InvalidNumber"
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=texter, kind="test")
    note.refresh_from_db()
    assert note.sms_status == "failed" and note.email_status == "sent"
    assert note.attempts == 1 and note.delivered_at is not None
    assert note.last_error == "sms_invalid_number"
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(600)) == 0
    client = client_for(texter)
    for url in ("/messages/", "/account/"):
        page = client.get(url).content.decode()
        assert "We could not text you." in page, url
        assert "We could not e-mail you." not in page, url
    assert "We could not text you this" in client.get("/messages/").content.decode()
    # A later text that arrives clears the warning.
    settings.SMS_BACKEND = "core.sms.MemorySmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=texter, kind="test")
    assert "We could not text you." not in client.get("/account/").content.decode()


def test_administrators_can_list_the_messages_that_could_not_be_sent(
    texter, administrator, settings, client_for, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.core.test_outbox.InvalidNumber"
    with django_capture_on_commit_callbacks(execute=True):
        failed = notify(user=texter, kind="test", dedupe_key="a")
    settings.SMS_BACKEND = "core.sms.MemorySmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        fine = notify(user=texter, kind="test", dedupe_key="b")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    response = client_for(administrator).get("/admin/core/notification/?delivery=failed")
    assert response.status_code == 200
    shown = [row.pk for row in response.context["cl"].result_list]
    assert shown == [failed.pk] and fine.pk not in shown


def test_email_carries_a_message_id_made_from_the_reference(
    texter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=texter, kind="test")
    message_id = mail.outbox[0].message()["Message-ID"]
    assert message_id == f"<{note.reference}@localhost>"


def test_notify_backend_sends_the_reference_and_never_twice(settings):
    settings.GOVUK_NOTIFY_API_KEY = "test-" + "a" * 36 + "-" + "b" * 36
    settings.GOVUK_NOTIFY_SMS_TEMPLATE_ID = "template"
    from notifications_python_client.errors import HTTPError

    backend = sms.NotifySmsBackend()
    backend.client = mock.Mock()
    backend.client.get_all_notifications.return_value = {"notifications": []}
    backend.send(to="07700900123", message="hi", reference="ref-1")
    assert backend.client.send_sms_notification.call_args.kwargs["reference"] == "ref-1"
    # A retry after a crash: Notify already has a message with this reference.
    backend.client.reset_mock()
    backend.client.get_all_notifications.return_value = {
        "notifications": [{"reference": "ref-1", "status": "delivered"}]
    }
    backend.send(to="07700900123", message="hi", reference="ref-1")
    backend.client.get_all_notifications.assert_called_once_with(
        template_type="sms", reference="ref-1"
    )
    backend.client.send_sms_notification.assert_not_called()
    # Notify refuses the number: a permanent failure.
    backend.client.get_all_notifications.return_value = {"notifications": []}
    response = mock.Mock(status_code=400)
    response.json.return_value = {"errors": [{"message": "Not a UK mobile number"}]}
    backend.client.send_sms_notification.side_effect = HTTPError(response)
    with pytest.raises(sms.PermanentSendError):
        backend.send(to="0123", message="hi", reference="ref-2")


def test_the_sweep_is_a_periodic_job_and_tasks_survive_a_dead_worker(settings):
    entry = BEAT_SCHEDULE["core-sweep-notifications"]
    assert entry["task"] == "core.tasks.sweep_notifications"
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    from config.celery_app import app

    assert "core.tasks.sweep_notifications" in app.tasks
