"""Issue 7 and "download my data" / account deletion: covered, nothing sensitive leaks."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings

from core.personal_data import registry
from peersupport import services
from peersupport.models import (
    ClaimStatus,
    ExpenseClaim,
    MatchRequest,
    MatchRequestStatus,
    SafeguardingConcern,
    Unavailability,
)
from tests.peersupport.factories import active_mentor
from tests.peersupport.practice_factories import (
    PNG,
    attended_session,
    match_profile,
    request_for,
    upload,
)

pytestmark = pytest.mark.django_db


def test_every_peersupport_model_linked_to_a_person_is_registered_or_exempt():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    missing = [
        model._meta.label
        for model in apps.get_app_config("peersupport").get_models()
        if any(
            f.is_relation and f.concrete and f.related_model is user_model
            for f in model._meta.get_fields()
        )
        and not registry.is_covered(model)
    ]
    assert missing == []


def test_download_has_claims_and_requests_but_no_safeguarding_record(staff, member):
    mentor = active_mentor(staff)
    match_profile(mentor, staff)
    match = services.match_create(request=request_for(member), mentor=mentor, actor=staff)
    services.concern_raise(actor=mentor, severity="low", description="Private worry", match=match)
    services.claim_save(
        claimant=mentor,
        source=f"session-{attended_session(staff, mentor).pk}",
        journey_from="Home",
        journey_to="Group",
        mode="bus",
        amount=Decimal("2.40"),
    )
    mentor_data = registry.export_for(mentor)
    assert mentor_data["peersupport.expenseclaim"]["records"][0]["amount"] == "2.40"
    member_data = registry.export_for(member)
    assert member_data["peersupport.matchrequest"]["records"]
    for data in (mentor_data, member_data):
        assert "Private worry" not in str(data)
        assert "peersupport.safeguardingconcern" not in data


def test_account_deletion_removes_drafts_and_keeps_sent_claims(staff, mentor):
    active_mentor(staff, user=mentor)
    draft = services.claim_save(
        claimant=mentor,
        source=f"session-{attended_session(staff, mentor).pk}",
        journey_from="Home",
        journey_to="Group",
        mode="bus",
        amount=Decimal("1.00"),
        receipt=upload(PNG),
    )
    sent = services.claim_save(
        claimant=mentor,
        source=f"session-{attended_session(staff, mentor).pk}",
        journey_from="Home",
        journey_to="Group",
        mode="bus",
        amount=Decimal("3.00"),
    )
    services.claim_submit(claim=sent, actor=mentor, declaration=True)
    from django.utils import timezone

    services.unavailability_add(user=mentor, weekday=1, valid_from=timezone.localdate())
    request = request_for(mentor, about="About me")
    registry.erase_for(mentor)
    assert not ExpenseClaim.objects.filter(pk=draft.pk).exists()
    assert ExpenseClaim.objects.get(pk=sent.pk).status == ClaimStatus.SUBMITTED
    assert not Unavailability.objects.filter(user=mentor).exists()
    request.refresh_from_db()
    assert request.status == MatchRequestStatus.WITHDRAWN and request.about == ""
    assert MatchRequest.objects.count() == 1
    assert SafeguardingConcern.objects.count() == 0
