import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.models import AuditEvent
from users import services
from users.models import InviteSlip, User, hash_claim_code
from users.tasks import expire_invite_slips

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "a long enough pass phrase"


def _issue(staff, name="Kim"):
    user = services.member_create(created_by=staff, display_name=name)
    return services.invite_slip_issue(user=user, issued_by=staff)


def test_staff_creates_a_member_and_prints_a_slip(client_for, staff):
    response = client_for(staff).post("/people/new/", {"display_name": "Kim", "roles": ["member"]})
    assert response.status_code == 200
    code = response.context["issued"].code
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert code in response.content.decode()
    user = User.objects.get(display_name="Kim")
    assert user.roles == {"member"}
    assert not user.has_usable_password()
    # Only the hash is stored.
    slip = InviteSlip.objects.get(user=user)
    assert slip.code_hash == hash_claim_code(code) and code not in slip.code_hash
    assert AuditEvent.objects.filter(action="users.user.create", actor=staff).exists()


def test_staff_cannot_make_a_staff_account(client_for, staff):
    response = client_for(staff).post("/people/new/", {"display_name": "Kim", "roles": ["staff"]})
    assert response.status_code == 200
    assert "roles" in response.context["form"].errors
    assert not User.objects.filter(display_name="Kim").exists()


def test_empty_name_is_a_plain_message_and_nothing_is_made(client_for, staff):
    response = client_for(staff).post("/people/new/", {"display_name": "  ", "roles": ["member"]})
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert (
        not User.objects.filter(display_name="")
        .exclude(username__in=[])
        .filter(username__startswith="invite-")
        .exists()
    )


def test_member_claims_the_account_once(client, staff):
    issued = _issue(staff)
    data = {
        "code": issued.code.lower().replace("-", " "),
        "username": "Kim.R",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    response = client.post("/claim/", data)
    assert response.status_code == 302
    user = User.objects.get(pk=issued.slip.user_id)
    assert user.username == "kim.r"
    assert user.check_password(GOOD_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    again = client.post("/claim/", {**data, "username": "someone.else"})
    assert again.status_code == 200
    assert "does not work" in again.content.decode()
    assert User.objects.get(pk=user.pk).username == "kim.r"


def test_expired_code_does_not_work(client, staff):
    issued = _issue(staff)
    InviteSlip.objects.filter(pk=issued.slip.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(
        "/claim/",
        {
            "code": issued.code,
            "username": "kim",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "does not work" in response.content.decode()


def test_reissuing_revokes_the_old_slip(staff):
    first = _issue(staff)
    second = services.invite_slip_issue(user=first.slip.user, issued_by=staff)
    with pytest.raises(services.ClaimError):
        services.invite_slip_claim(code=first.code, username="kim", password=GOOD_PASSWORD)
    assert services.invite_slip_claim(code=second.code, username="kim", password=GOOD_PASSWORD)


def test_weak_password_keeps_the_code_usable_and_the_typing(client, staff):
    issued = _issue(staff)
    response = client.post(
        "/claim/",
        {"code": issued.code, "username": "kim", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="kim"' in response.content.decode()
    assert InviteSlip.objects.get(pk=issued.slip.pk).claimed_at is None


def test_taken_username_is_refused_politely(client, staff, member):
    issued = _issue(staff)
    response = client.post(
        "/claim/",
        {
            "code": issued.code,
            "username": member.username.upper(),
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "taken" in response.content.decode()
    assert InviteSlip.objects.get(pk=issued.slip.pk).claimed_at is None


def test_claiming_is_rate_limited(client, staff):
    for _ in range(10):
        client.post(
            "/claim/",
            {"code": "AAAA-AAAA-AAAA", "username": "x", "password1": "y", "password2": "y"},
        )
    response = client.post(
        "/claim/", {"code": "AAAA-AAAA-AAAA", "username": "x", "password1": "y", "password2": "y"}
    )
    assert "Too many tries" in response.content.decode()


def test_expiry_job_is_safe_to_run_twice(staff):
    issued = _issue(staff)
    InviteSlip.objects.filter(pk=issued.slip.pk).update(
        expires_at=timezone.now() - timedelta(hours=1)
    )
    assert expire_invite_slips() == 1
    assert expire_invite_slips() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_of_one_code_succeed_exactly_once(staff):
    issued = _issue(staff)
    results: list[str] = []
    barrier = threading.Barrier(8)

    def claim(i: int) -> None:
        try:
            barrier.wait()
            services.invite_slip_claim(
                code=issued.code, username=f"racer{i}", password=GOOD_PASSWORD
            )
            results.append("ok")
        except services.ClaimError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert results.count("refused") == 7
    assert User.objects.get(pk=issued.slip.user_id).username.startswith("racer")


def test_usernames_are_unique_whatever_the_case(member):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(username=member.username.upper())])


def test_staff_cannot_reissue_a_slip_for_a_staff_account(client_for, staff, senior_manager):
    response = client_for(staff).post(f"/people/{senior_manager.pk}/invite/")
    assert response.status_code == 403
    assert not InviteSlip.objects.filter(user=senior_manager).exists()


def test_administrator_can_reissue_a_slip_for_a_staff_account(client_for, administrator, staff):
    response = client_for(administrator).post(f"/people/{staff.pk}/invite/")
    assert response.status_code == 200
    assert InviteSlip.objects.filter(user=staff, claimed_at=None).count() == 1


def test_staff_reissue_for_a_member_revokes_the_old_code(client_for, staff):
    first = _issue(staff)
    response = client_for(staff).post(f"/people/{first.slip.user_id}/invite/")
    assert response.status_code == 200
    assert InviteSlip.objects.get(pk=first.slip.pk).revoked_at is not None
