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


def _reauthenticated(client, url: str, data: dict) -> str:
    """Post to the steward page, see the "Confirm it is you" page, confirm, return the result."""
    response = client.post(url, data)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(response["Location"]).content.decode()
    assert "You are about to see who wrote an answer." in page
    assert "change how you sign in" not in page
    reauth = reverse("account_reauthenticate") + "?next=" + url
    return client.post(reauth, {"password": TEST_PASSWORD}).content.decode()


def test_the_confirm_page_says_what_is_about_to_happen_only_for_the_steward(client, data_steward):
    client.force_login(data_steward)
    page = client.get(reverse("account_reauthenticate") + "?next=/accounts/password/change/")
    body = page.content.decode()
    assert "You are about to change how you sign in" in body
    assert "see who wrote an answer" not in body
    # A next that is not a path on this site is not read.
    odd = client.get(reverse("account_reauthenticate") + "?next=//example.com/steward/x/")
    assert "You are about to change how you sign in" in odd.content.decode()


def test_the_person_is_told_why_but_not_by_whom(
    client, data_steward, member, pseudonymous_answer, mailoutbox
):
    from core.models import Notification

    client.force_login(data_steward)
    reason = "A safeguarding disclosure in this answer: a child may be at risk."
    body = _reauthenticated(client, _url(pseudonymous_answer), {"reason": reason})
    assert "We have sent them a message" in body
    message = Notification.objects.get(user=member, kind="consultations_reidentified")
    assert pseudonymous_answer.reference in message.body
    assert reason in message.body
    assert data_steward.username not in message.subject + message.body
    if data_steward.display_name:
        assert data_steward.display_name not in message.subject + message.body
    assert message.link == reverse("consultations:my-answers")
    event = AuditEvent.objects.get(action="consultations.respondent.reidentify")
    assert event.detail["person_told"] is True
    assert "not_told_reason" not in event.detail


def test_the_steward_can_choose_not_to_tell_them_with_a_reason_that_is_audited(
    client, data_steward, member, pseudonymous_answer
):
    from core.models import Notification

    client.force_login(data_steward)
    url = _url(pseudonymous_answer)
    reason = "A safeguarding disclosure in this answer: a child may be at risk."
    # Ticked without a reason: refused, nothing looked up.
    response = client.post(url, {"reason": reason, "dont_tell": "on"})
    assert response.status_code == 200
    assert "Write why telling them could put someone at risk" in response.content.decode()
    # A reason without the box ticked: refused too, so a half-made choice is never guessed.
    response = client.post(url, {"reason": reason, "not_told_reason": "x" * 30})
    assert "Tick the box if they must not be told" in response.content.decode()
    assert not AuditEvent.objects.filter(action="consultations.respondent.reidentify").exists()
    why = "Telling them could alert the person the disclosure is about."
    body = _reauthenticated(
        client, url, {"reason": reason, "dont_tell": "on", "not_told_reason": why}
    )
    assert "You chose not to tell them" in body
    assert not Notification.objects.filter(user=member).exists()
    event = AuditEvent.objects.get(action="consultations.respondent.reidentify")
    assert event.detail["person_told"] is False
    assert event.detail["not_told_reason"] == why


def test_service_refuses_not_telling_without_a_reason(data_steward, pseudonymous_answer):
    from consultations.services import ConsultationError
    from consultations.services.steward import submission_reidentify

    with pytest.raises(ConsultationError):
        submission_reidentify(
            actor=data_steward,
            submission=pseudonymous_answer,
            reason="A safeguarding disclosure in this answer.",
            tell_person=False,
            not_told_reason="",
        )
    assert not AuditEvent.objects.filter(action="consultations.respondent.reidentify").exists()
