"""Safeguarding concerns: staff alerted at once, only peer-support staff see them, every view
audited, never deleted, and what they say stays out of messages and the audit log."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AppendOnlyError, AuditEvent, Notification
from peersupport import services
from peersupport.models import ConcernStatus, ConcernUpdate, MatchStatus, SafeguardingConcern
from tests.factories import make_user
from tests.peersupport.factories import active_mentor
from tests.peersupport.practice_factories import match_profile, request_for

pytestmark = pytest.mark.django_db

SECRET = "He said he has nowhere to sleep and has been threatened"


def _match(staff, member):
    mentor = active_mentor(staff, display_name="Mentor")
    match_profile(mentor, staff)
    match = services.match_create(request=request_for(member), mentor=mentor, actor=staff)
    services.match_move(match=match, actor=mentor, to=MatchStatus.ACTIVE)
    return mentor, match


def test_raising_a_concern_alerts_staff_at_once_without_the_details(staff, member):
    other_staff = make_user("staff")
    mentor, match = _match(staff, member)
    contact = services.contact_log(
        match=match,
        actor=mentor,
        contact_on=timezone.localdate(),
        duration_minutes=20,
        method="phone",
        emotional=True,
    )
    concern = services.concern_raise(
        actor=mentor, severity="high", description=SECRET, contact=contact
    )
    assert concern.about == member and concern.match == match
    assert concern.status == ConcernStatus.OPEN
    alerts = Notification.objects.filter(kind="peersupport_concern_raised")
    assert set(alerts.values_list("user_id", flat=True)) == {staff.pk, other_staff.pk}
    alert = alerts.first()
    assert alert.link == reverse("peersupport:concern-detail", kwargs={"pk": concern.pk})
    assert concern.reference in alert.subject and "High" in alert.body
    assert SECRET not in alert.subject + alert.body
    event = AuditEvent.objects.get(action="peersupport.concern.raise")
    assert SECRET not in str(event.detail) and event.actor == mentor


def test_safeguarding_leads_are_told_when_there_are_some(staff, member):
    lead = make_user("staff", display_name="Lead")
    lead.user_permissions.add(Permission.objects.get(codename="safeguarding_lead"))
    mentor, match = _match(staff, member)
    services.concern_raise(actor=mentor, severity="urgent", description=SECRET, match=match)
    assert list(
        Notification.objects.filter(kind="peersupport_concern_raised").values_list(
            "user_id", flat=True
        )
    ) == [lead.pk]


def test_a_mentor_raises_only_about_people_they_support(staff, member):
    _mentor, match = _match(staff, member)
    stranger = active_mentor(staff)
    with pytest.raises(ValidationError, match="someone you support"):
        services.concern_raise(actor=stranger, severity="low", description="x", match=match)
    with pytest.raises(ValidationError, match="Only peer mentors and staff"):
        services.concern_raise(actor=member, severity="low", description="x")
    with pytest.raises(ValidationError, match="Describe"):
        services.concern_raise(actor=stranger, severity="low", description="  ")
    # On its own, not about a match, is fine.
    assert services.concern_raise(actor=stranger, severity="low", description="Overheard").pk


def test_only_peer_support_staff_see_concerns_and_every_view_is_audited(
    client_for, staff, role_users, member
):
    mentor, match = _match(staff, member)
    concern = services.concern_raise(
        actor=mentor, severity="medium", description=SECRET, match=match
    )
    detail = reverse("peersupport:concern-detail", kwargs={"pk": concern.pk})
    listing = reverse("peersupport:concern-list")
    for who in (
        "member",
        "mentor",
        "representative",
        "senior_manager",
        "returning_officer",
        "data_steward",
        "outsider",
    ):
        for url in (detail, listing):
            response = client_for(role_users[who]).get(url)
            assert response.status_code in (302, 403, 404), (who, url)
            assert SECRET.encode() not in response.content
    # Not even the mentor who raised it can read it back.
    assert client_for(mentor).get(detail).status_code == 403
    before = AuditEvent.objects.filter(action="peersupport.concern.view").count()
    for who in ("staff", "administrator"):
        body = client_for(role_users[who]).get(detail).content.decode()
        assert SECRET in body
    views = AuditEvent.objects.filter(action="peersupport.concern.view")
    assert views.count() == before + 2
    assert {e.actor_id for e in views} == {role_users["staff"].pk, role_users["administrator"].pk}
    assert all(e.object_id == str(concern.pk) for e in views)
    client_for(staff).get(listing)
    assert AuditEvent.objects.filter(action="peersupport.concern_list.view").exists()
    # The banner on the staff pages.
    home = client_for(staff).get(reverse("peersupport:staff-home")).content.decode()
    assert "1 new safeguarding concern needs someone to pick it up" in home
    assert SECRET not in home


def test_concern_updates_and_status_moves(staff, member):
    mentor, match = _match(staff, member)
    concern = services.concern_raise(actor=mentor, severity="low", description=SECRET)
    with pytest.raises(ValidationError, match="Write a note"):
        services.concern_update(concern=concern, actor=staff, note=" ")
    with pytest.raises(ValidationError, match="Only peer-support staff"):
        services.concern_update(concern=concern, actor=mentor, note="x")
    services.concern_update(
        concern=concern, actor=staff, note="Called him", to_status="under_review", assigned_to=staff
    )
    services.concern_update(
        concern=concern, actor=staff, note="Referred to housing team", to_status="referred"
    )
    services.concern_update(concern=concern, actor=staff, note="Housed", to_status="closed")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED and concern.closed_at
    assert concern.assigned_to == staff
    assert list(concern.updates.values_list("to_status", flat=True)) == [
        "open",
        "under_review",
        "referred",
        "closed",
    ]
    with pytest.raises(ValidationError, match="cannot be moved"):
        services.concern_update(concern=concern, actor=staff, note="x", to_status="referred")


def test_concerns_are_never_deleted(staff, member):
    mentor, _match_ = _match(staff, member)
    concern = services.concern_raise(actor=mentor, severity="low", description=SECRET)
    with pytest.raises(AppendOnlyError):
        concern.delete()
    with pytest.raises(AppendOnlyError):
        SafeguardingConcern.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        ConcernUpdate.objects.all().delete()
    update = concern.updates.first()
    update.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        update.save()
    assert SafeguardingConcern.objects.count() == 1


def test_raise_page_from_a_contact_and_bad_input(client_for, staff, member):
    mentor, match = _match(staff, member)
    contact = services.contact_log(
        match=match,
        actor=mentor,
        contact_on=timezone.localdate(),
        duration_minutes=20,
        method="phone",
        emotional=True,
    )
    client = client_for(mentor)
    url = reverse("peersupport:concern-create") + f"?contact={contact.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"severity": "nonsense", "description": "Worried <b>"})
    assert response.status_code == 200
    assert "Choose from the list." in response.content.decode()
    assert "Worried &lt;b&gt;" in response.content.decode()
    response = client.post(url, {"severity": "urgent", "description": SECRET})
    assert response.status_code == 302
    concern = SafeguardingConcern.objects.get()
    assert concern.contact == contact and concern.about == member
    # Someone else's contact: not found.
    other = active_mentor(staff)
    assert client_for(other).get(url).status_code == 404
