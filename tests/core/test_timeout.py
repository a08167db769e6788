"""The timeout warning: the keep-alive address, the no-JavaScript sentence, and the sign-in
page that says why someone was signed out (and only when it was for doing nothing)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from core import timeout

pytestmark = pytest.mark.django_db

BANNER = "You were signed out because you had not done anything for 30 minutes."


def _lapse(client) -> None:
    """What the browser does after 30 minutes of nothing: the session cookie is gone."""
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)


def test_signed_in_pages_say_when_they_will_sign_you_out(client, member):
    client.force_login(member)
    body = client.get(reverse("core:home")).content.decode()
    assert "For your security, we will sign you out at" in body
    assert 'id="timeout-dialog"' in body and "js/timeout-dialog.js" in body
    assert 'role="dialog"' not in body  # the native <dialog> element is the dialog
    assert "Stay signed in" in body


def test_signed_out_pages_have_no_timeout_warning(client):
    body = client.get(reverse("core:home")).content.decode()
    assert "we will sign you out" not in body
    assert "timeout-dialog" not in body


def test_keep_alive_restarts_the_limit(client, member):
    url = reverse("core:session-keepalive")
    assert reverse("account_login") in client.post(url)["Location"]
    client.force_login(member)
    assert client.get(url).status_code == 405
    response = client.post(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["signed_in"] is True
    assert data["signs_out_at"].endswith(("am", "pm")) or data["signs_out_at"] in (
        "midday",
        "midnight",
    )
    # The same button without JavaScript goes back to the page, never to another site.
    response = client.post(url, {"next": "/consultations/"})
    assert response.status_code == 302 and response["Location"] == "/consultations/"
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("core:home")


def test_a_lapsed_session_is_explained_once_on_the_sign_in_page(client, member):
    client.force_login(member)
    client.get(reverse("core:home"))
    assert timeout.MARKER_COOKIE in client.cookies
    _lapse(client)
    response = client.get(reverse("consultations:list"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    body = client.get(response["Location"]).content.decode()
    assert BANNER in body and "Your answers are saved." in body
    assert BANNER not in client.get(reverse("account_login")).content.decode()


def test_signing_out_on_purpose_is_not_called_a_timeout(client, member):
    client.force_login(member)
    client.get(reverse("core:home"))
    client.post(reverse("account_logout"))
    assert BANNER not in client.get(reverse("account_login")).content.decode()


def test_the_dialog_going_unanswered_signs_out_and_comes_back(client, member):
    client.force_login(member)
    client.get(reverse("core:home"))
    response = client.post(reverse("core:session-timeout"), {"next": "/consultations/"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fconsultations%2F"
    assert "_auth_user_id" not in client.session
    assert BANNER in client.get(response["Location"]).content.decode()
