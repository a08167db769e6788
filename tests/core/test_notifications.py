import pytest
from django.core import mail

from core import sms
from core.models import Notification
from core.services import notification_deliver, notify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


def test_notify_stores_an_inbox_message_rendered_in_plain_english(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=member, kind="test")
    assert note.subject == "A test message"
    assert "This is a test message" in note.body
    assert note.email_status == "none" and note.sms_status == "none"
    assert mail.outbox == [] and sms.outbox == []


def test_notify_sends_email_and_sms_where_the_person_has_them(
    member, django_capture_on_commit_callbacks
):
    member.email = "mo@example.org"
    member.phone = "+447700900123"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=member, kind="test")
    note.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["mo@example.org"]]
    assert sms.outbox[0]["to"] == "+447700900123"
    assert note.email_status == "sent" and note.sms_status == "sent"
    assert note.delivered_at is not None


def test_same_dedupe_key_is_stored_and_sent_once(member, django_capture_on_commit_callbacks):
    member.email = "mo@example.org"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(user=member, kind="test", dedupe_key="reminder:1:member")
        second = notify(user=member, kind="test", dedupe_key="reminder:1:member")
    assert first is not None and second is None
    assert Notification.objects.filter(user=member).count() == 1
    assert len(mail.outbox) == 1


def test_delivery_claims_once_even_when_the_job_runs_twice(
    member, django_capture_on_commit_callbacks
):
    member.email = "mo@example.org"
    member.save()
    note = Notification.objects.create(
        user=member, kind="test", subject="s", body="b", email_status="queued"
    )
    assert notification_deliver(notification_id=note.pk) is True
    assert notification_deliver(notification_id=note.pk) is False
    assert len(mail.outbox) == 1


def test_inbox_lists_only_my_messages_and_marks_them_read(client_for, member, mentor):
    notify(user=member, kind="test")
    notify(user=mentor, kind="test")
    client = client_for(member)
    response = client.get("/messages/")
    assert response.status_code == 200
    assert [n.user_id for n in response.context["page"]] == [member.pk]
    response = client.post("/messages/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(user=member, read_at=None).exists()
    assert Notification.objects.filter(user=mentor, read_at=None).exists()


def test_inbox_query_count_does_not_grow(client_for, member, query_count):
    client = client_for(member)
    notify(user=member, kind="test")
    before = query_count(client, "/messages/")
    for _ in range(40):
        notify(user=member, kind="test")
    assert query_count(client, "/messages/") == before <= 15


@pytest.mark.parametrize(
    ("messages_by", "emails", "texts"),
    [("portal", 0, 0), ("email", 1, 0), ("sms", 0, 1), ("both", 1, 1)],
)
def test_the_person_chooses_how_messages_reach_them(
    member, django_capture_on_commit_callbacks, messages_by, emails, texts
):
    member.email = "mo@example.org"
    member.phone = "+447700900123"
    member.messages_by = messages_by
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=member, kind="test")
    assert len(mail.outbox) == emails and len(sms.outbox) == texts
    assert Notification.objects.get(pk=note.pk).read_at is None  # always in the inbox too
