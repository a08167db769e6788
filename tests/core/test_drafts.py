"""The shared form-draft store (issue 16): kept on every page change and at a timeout,
restored after signing in again, deleted when sent or after 30 days."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from core import drafts
from core.models import FormDraft
from core.personal_data import registry

pytestmark = pytest.mark.django_db


def test_save_load_and_delete_keep_one_draft_per_form(member):
    data = MultiValueDict(
        {"problem": ["Curfew"], "needs": ["a", "b"], "csrfmiddlewaretoken": ["x"]}
    )
    drafts.draft_save(user=member, key="k", data=data)
    drafts.draft_save(user=member, key="k", data=data)
    assert FormDraft.objects.count() == 1
    assert drafts.draft_load(user=member, key="k") == {"problem": ["Curfew"], "needs": ["a", "b"]}
    assert drafts.draft_initial(user=member, key="k", many=("needs",)) == {
        "problem": "Curfew",
        "needs": ["a", "b"],
    }
    drafts.draft_delete(user=member, key="k")
    assert drafts.draft_load(user=member, key="k") is None


def test_old_drafts_are_deleted_and_a_second_run_deletes_nothing(member):
    drafts.draft_save(user=member, key="k", data={"a": ["1"]})
    later = timezone.now() + timedelta(days=31)
    assert drafts.drafts_apply_retention(now=later) == 1
    assert drafts.drafts_apply_retention(now=later) == 0


def test_drafts_are_in_download_my_data(member):
    drafts.draft_save(user=member, key="council.rep_issue", data={"problem": ["Curfew"]})
    assert registry.export_for(member)["core.formdraft"]["records"][0]["key"] == (
        "council.rep_issue"
    )


def test_a_timeout_on_the_mentor_request_keeps_it_for_after_signing_in(client, member):
    client.force_login(member)
    url = reverse("peersupport:request-create")
    response = client.post(
        url, {"kind": "befriender", "about": "Evenings suit me", "action": "timeout"}
    )
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert "_auth_user_id" not in client.session
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Evenings suit me" in page and "data-timeout-save" in page


def test_the_mentor_request_draft_goes_once_it_is_sent(client, member):
    client.force_login(member)
    response = client.post(
        reverse("peersupport:request-create"),
        {"kind": "mentor", "needs": ["emotional"], "about": "Evenings"},
    )
    assert response.url == reverse("peersupport:request-check")
    client.logout()
    client.force_login(member)  # signed out and in again: the answers are still there
    check = client.get(reverse("peersupport:request-check")).content.decode()
    assert "Evenings" in check and check.count(">Change<") == 8
    client.post(reverse("peersupport:request-check"))
    assert not FormDraft.objects.exists()


def test_a_timeout_on_a_new_expense_claim_keeps_what_was_typed(client, staff):
    from tests.peersupport.factories import active_mentor
    from tests.peersupport.practice_factories import attended_session

    mentor = active_mentor(staff)
    attended_session(staff, mentor)  # something to claim for, so the form is shown
    client.force_login(mentor)
    url = reverse("peersupport:claim-create")
    response = client.post(url, {"journey_from": "Loughborough", "action": "timeout"})
    assert response.status_code == 302 and reverse("account_login") in response.url
    client.force_login(mentor)
    page = client.get(url).content.decode()
    assert 'value="Loughborough"' in page and "data-timeout-save" in page
    assert FormDraft.objects.filter(user=mentor, key="peersupport.expense_claim").exists()
