"""Irreversible steps ask first (issue 17): the first click shows core/confirm.py's page, a
bare POST only asks again, and only the page's own "Yes" does the thing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peersupport import services as ps_services
from peersupport.matching.models import DoNotMatch
from tests.factories import make_user
from tests.peersupport.practice_factories import helpline_mentor
from users import services as user_services
from users.models import DeletionRequest

pytestmark = pytest.mark.django_db


def _asks(client, url: str, *texts: str) -> None:
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    for text in (*texts, "No, go back", "govuk-warning-text", 'name="confirm" value="yes"'):
        assert text in body
    assert client.post(url).status_code == 200  # a bare POST asks again


def test_deleting_an_account_asks_first(client, administrator):
    leaving = make_user("member", display_name="Lee Leaving")
    request = user_services.deletion_request_create(user=leaving, reason="")
    client.force_login(administrator)
    url = reverse("users:deletion-complete", kwargs={"pk": request.pk})
    _asks(client, url, "Delete this account?", "Lee Leaving", "Yes, delete the account")
    request.refresh_from_db()
    assert request.status == DeletionRequest.Status.OPEN
    client.post(url, {"confirm": "yes"})
    request.refresh_from_db()
    assert request.status == DeletionRequest.Status.DONE


def test_removing_a_do_not_match_entry_asks_first(client, staff, member):
    entry = ps_services.do_not_match_add(
        mentor=helpline_mentor(staff), member=member, reason="Co-defendants", actor=staff
    )
    client.force_login(staff)
    url = reverse("peersupport:do-not-match-delete", kwargs={"pk": entry.pk})
    _asks(client, url, "Remove this entry?", "Co-defendants", "Yes, remove the entry")
    assert DoNotMatch.objects.filter(pk=entry.pk).exists()
    client.post(url, {"confirm": "yes"})
    assert not DoNotMatch.objects.filter(pk=entry.pk).exists()
