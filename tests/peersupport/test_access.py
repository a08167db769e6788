"""Peer-support access beyond the permission matrix (tests/test_permission_matrix.py, which
runs this app's rows with ``-k peersupport``): assessment notes, wrong methods."""

import pytest
from django.urls import reverse

from tests.peersupport.factories import assess, refer

pytestmark = pytest.mark.django_db


def test_assessment_notes_only_for_peer_support_staff(client_for, role_users):
    staff = role_users["staff"]
    profile = refer(role_users["member"], staff)
    assess(profile, staff, notes="Confidential: talk to PO about last month")
    url = reverse("peersupport:mentor-detail", kwargs={"pk": profile.pk})
    assert "Confidential: talk to PO" in client_for(staff).get(url).content.decode()
    for who in (
        "member",
        "mentor",
        "representative",
        "senior_manager",
        "returning_officer",
        "data_steward",
        "outsider",
    ):
        response = client_for(role_users[who]).get(url)
        assert response.status_code in (302, 403), who
        assert b"Confidential" not in response.content
    # Nor in the person's own data download.
    data = client_for(role_users["member"]).get(reverse("users:my-data")).content.decode()
    assert "Confidential" not in data
    assert "peersupport.assessment" in data


def test_wrong_method_is_refused(client_for, role_users):
    staff = role_users["staff"]
    assert client_for(staff).get(reverse("peersupport:calendar-regenerate")).status_code in (
        403,
        405,
    )
    mentor = role_users["mentor"]
    assert client_for(mentor).get(reverse("peersupport:calendar-regenerate")).status_code == 405
    assert client_for(mentor).post(reverse("peersupport:certificate-verify")).status_code == 405
