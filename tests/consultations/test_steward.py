"""Re-identification by the data steward: role, fresh sign-in, written reason, audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations.models import Submission
from core.models import AuditEvent
from tests.consultations.factories import answer, make_consultation
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def pseudonymous_answer(staff, member):
    consultation = make_consultation(staff)
    return answer(consultation, member).submission


def _url(submission: Submission) -> str:
    return reverse("consultations:steward-reidentify", kwargs={"reference": submission.reference})


def test_lookup_by_reference(client, data_steward, pseudonymous_answer):
    client.force_login(data_steward)
    url = reverse("consultations:steward-lookup")
    response = client.get(
        url, {"reference": pseudonymous_answer.reference.lower().replace("-", "")}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(pseudonymous_answer)
    response = client.get(url, {"reference": "nope"})
    assert response.status_code == 200
    assert "An answer reference has 8 letters and numbers" in response.content.decode()
    assert 'value="nope"' in response.content.decode()


def test_reidentify_needs_reauthentication_then_shows_the_person_and_audits(
    client, data_steward, member, pseudonymous_answer
):
    client.force_login(data_steward)
    url = _url(pseudonymous_answer)
    assert client.get(url).status_code == 200
    reason = "A safeguarding disclosure in this answer: a child may be at risk."
    response = client.post(url, {"reason": reason})
    # Not signed in recently: sent to sign in again, nothing looked up, nothing logged yet.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEvent.objects.filter(action="consultations.respondent.reidentify").exists()
    response = client.post(response["Location"], {"password": "wrong password"})
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="consultations.respondent.reidentify").exists()
    reauth = reverse("account_reauthenticate") + "?next=" + url
    response = client.post(reauth, {"password": TEST_PASSWORD}, follow=False)
    # allauth replays the suspended POST: the reason typed before is not lost.
    assert response.status_code == 200
    body = response.content.decode()
    assert member.username in body and "Mo Member" in body
    event = AuditEvent.objects.get(action="consultations.respondent.reidentify")
    assert event.actor == data_steward
    assert event.detail["reason"] == reason
    assert event.detail["reference"] == pseudonymous_answer.reference
    assert event.detail["found"] is True
    # The audit log itself does not name the person found.
    assert member.username not in str(event.detail) and member.username not in event.object_label


def test_reason_is_required_and_kept(client, data_steward, pseudonymous_answer):
    client.force_login(data_steward)
    response = client.post(_url(pseudonymous_answer), {"reason": "too short"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Write the reason in at least 20 characters" in body
    assert "too short" in body
    assert not AuditEvent.objects.filter(action="consultations.respondent.reidentify").exists()


def test_anonymous_and_named_answers_cannot_be_looked_up(client, staff, member, data_steward):
    client.force_login(data_steward)
    anonymous = answer(make_consultation(staff, anonymity="anonymous"), member).submission
    named = answer(make_consultation(staff, anonymity="named"), member).submission
    assert client.get(_url(anonymous)).status_code == 404
    assert client.get(_url(named)).status_code == 404


@pytest.mark.parametrize("who", ["staff", "senior_manager", "administrator", "member"])
def test_only_the_data_steward(client, role_users, who, pseudonymous_answer):
    client.force_login(role_users[who])
    assert client.get(_url(pseudonymous_answer)).status_code == 403
    assert client.get(reverse("consultations:steward-lookup")).status_code == 403
