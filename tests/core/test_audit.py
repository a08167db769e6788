import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from core.models import AppendOnlyError, AuditEvent
from core.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_names_actor_action_and_object(staff, member):
    event = audit_record(
        actor=staff, action="users.user.create", obj=member, detail={"why": "test"}
    )
    assert event.actor == staff
    assert event.actor_label == staff.username
    assert event.object_type == "users.user"
    assert event.object_id == str(member.pk)
    assert event.detail == {"why": "test"}


def test_audit_record_without_actor_is_the_system():
    event = audit_record(actor=None, action="job.ran")
    assert event.actor is None
    assert event.actor_label == "system"


def test_audit_events_cannot_be_changed_or_deleted_through_the_app(staff):
    event = audit_record(actor=staff, action="x")
    event.action = "y"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "x"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET action = 'rewritten'",
        "DELETE FROM core_auditevent",
        "TRUNCATE core_auditevent",
    ],
)
def test_postgres_trigger_refuses_raw_update_delete_and_truncate(staff, statement):
    audit_record(actor=staff, action="x")
    # The test connection may purge between tests; the app's connections may not.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL portal.allow_audit_purge = 'off'")
        cursor.execute(statement)
    assert AuditEvent.objects.filter(action="x").count() == 1


def test_audit_log_page_filters_and_keeps_query_count_flat(
    client_for, administrator, staff, query_count
):
    client = client_for(administrator)
    audit_record(actor=staff, action="thing.a")
    before = query_count(client, "/audit-log/", {"action": "thing.a"})
    for i in range(30):
        audit_record(actor=staff, action=f"thing.{'a' if i % 2 else 'b'}")
    assert query_count(client, "/audit-log/", {"action": "thing.a"}) == before <= 15
    response = client.get("/audit-log/", {"action": "thing.a"})
    page = response.context["page"]
    assert page.paginator.count == 16
    assert all(e.action == "thing.a" for e in page)


def test_audit_log_bad_date_is_a_message_not_an_error(client_for, administrator):
    response = client_for(administrator).get(
        "/audit-log/", {"date_from_0": "31", "date_from_1": "31", "date_from_2": "2026"}
    )
    assert response.status_code == 200
    assert "First date must be a real date" in response.content.decode()
