import pytest

from peersupport import demo
from peersupport.models import (
    Certificate,
    MentorProfile,
    MentorStatus,
    Occurrence,
    SessionSeries,
    SignUp,
)
from tests.peersupport.factories import run_on_commit

pytestmark = pytest.mark.django_db


def test_demo_seed_is_complete_and_idempotent(role_users):
    with run_on_commit():
        demo.seed(role_users)
    mentor = role_users["mentor"]
    profile = MentorProfile.objects.get(user=mentor)
    assert profile.status == MentorStatus.ACTIVE
    assert profile.qualifications.exists()
    titles = set(SessionSeries.objects.values_list("title", flat=True))
    assert titles == {"Peer Support Group", "One-to-one supervision", "Consultation Group"}
    group = SessionSeries.objects.get(title="Peer Support Group")
    supervision = SessionSeries.objects.get(title="One-to-one supervision")
    assert (supervision.anchor_date - group.anchor_date).days == 7
    assert group.occurrences.filter(local_date__gt=group.generated_until).count() == 0
    assert group.occurrences.count() > 15  # past twelve weeks and six months ahead
    assert Certificate.objects.filter(
        user=mentor, rule__name="Group sessions as a peer mentor"
    ).exists()
    assert Occurrence.objects.filter(minutes_published_at__isnull=False).exists()
    counts = (Occurrence.objects.count(), SignUp.objects.count(), Certificate.objects.count())
    with run_on_commit():
        demo.seed(role_users)
    assert (
        Occurrence.objects.count(),
        SignUp.objects.count(),
        Certificate.objects.count(),
    ) == counts
