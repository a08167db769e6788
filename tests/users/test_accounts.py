import pytest

from users import services
from users.models import DeletionRequest, User

pytestmark = pytest.mark.django_db


def test_my_account_saves_details_and_keeps_bad_input(client_for, member):
    client = client_for(member)
    response = client.post(
        "/account/", {"display_name": "Mo", "phone": "not a number", "messages_by": "sms"}
    )
    assert response.status_code == 200
    assert "Enter a UK mobile number" in response.content.decode()
    assert 'value="not a number"' in response.content.decode()
    response = client.post(
        "/account/", {"display_name": "Mo", "phone": "07700 900123", "messages_by": "sms"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Mo" and member.phone == "+447700900123"
    assert member.messages_by == "sms"
    response = client.post(
        "/account/",
        {"display_name": "Mo", "messages_by": "portal", "gender": "woman", "ethnic_group": ""},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.gender == "woman" and member.ethnic_group == ""


def test_ask_to_delete_then_administrator_deletes(client_for, member, administrator, client):
    client_for(member).post("/account/delete/", {"reason": "moving on", "confirm": "on"})
    request = DeletionRequest.objects.get(user=member, status="open")
    client.logout()
    client.force_login(administrator)
    response = client.post(f"/people/deletion-requests/{request.pk}/complete/", {"confirm": "yes"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.username == f"deleted-{member.pk}"
    assert not member.is_active and member.display_name == "" and not member.has_usable_password()
    assert DeletionRequest.objects.get(pk=request.pk).status == "done"


def test_delete_needs_the_confirmation_box(client_for, member):
    response = client_for(member).post("/account/delete/", {"reason": "x"})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_a_second_request_does_not_duplicate(member):
    first = services.deletion_request_create(user=member)
    assert services.deletion_request_create(user=member) == first
    services.deletion_request_cancel(user=member)
    assert User.objects.get(pk=member.pk).deletion_requested_at is None


def test_people_list_query_count_is_flat(client_for, staff, query_count):
    from tests.factories import make_user

    client = client_for(staff)
    before = query_count(client, "/people/")
    for _ in range(30):
        make_user("member", "mentor")
    assert query_count(client, "/people/") == before <= 15
