import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.factories import TEST_PASSWORD, give_totp, make_user
from users.roles import Role

pytestmark = pytest.mark.django_db

STAFF_TYPE = [
    Role.STAFF,
    Role.SENIOR_MANAGER,
    Role.RETURNING_OFFICER,
    Role.DATA_STEWARD,
    Role.ADMINISTRATOR,
]


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


@pytest.mark.parametrize("role", STAFF_TYPE)
def test_staff_roles_without_2fa_reach_nothing_but_its_set_up(client, role):
    user = make_user(role, mfa=False)
    response = client.post("/accounts/login/", {"login": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    for url in ["/", "/messages/", "/account/", "/people/", "/audit-log/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == "/accounts/2fa/totp/activate/", url
    # allauth asks for the password again before 2FA changes; that page is allowed too.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.headers["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response.headers["Location"], {"password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_members_do_not_need_2fa(client_for, member):
    assert client_for(member).get("/").status_code == 200


def test_staff_with_2fa_gets_in(client_for, staff):
    assert client_for(staff).get("/").status_code == 200


def test_login_asks_for_the_totp_code_and_refuses_reuse(client):
    user = make_user(Role.STAFF, mfa=False)
    secret = give_totp(user)
    response = client.post("/accounts/login/", {"login": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/2fa/authenticate/"
    code = _code(secret)
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    # The same code, in the same window, does not work twice.
    client.post("/accounts/login/", {"login": user.username, "password": TEST_PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_totp_secret_is_encrypted_at_rest():
    user = make_user(Role.STAFF, mfa=False)
    secret = give_totp(user)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data
    assert secret not in str(stored)
    from allauth.mfa.utils import decrypt

    assert decrypt(stored["secret"]) == secret


def test_login_is_by_username_any_case(client, member):
    response = client.post(
        "/accounts/login/", {"login": member.username.upper(), "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_public_sign_up_is_closed(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "walkin",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
        },
    )
    from users.models import User

    assert not User.objects.filter(username="walkin").exists()
    assert response.status_code == 200


def test_login_is_rate_limited(client, member):
    for _ in range(6):
        client.post("/accounts/login/", {"login": member.username, "password": "wrong password"})
    response = client.post(
        "/accounts/login/", {"login": member.username, "password": TEST_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
