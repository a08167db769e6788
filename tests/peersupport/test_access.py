"""The permission matrix for peer-support URLs alone (the site-wide one walks every app).

Also: assessment notes are seen only by peer-support staff.
"""

import pytest
from django.urls import reverse

from tests.peersupport import access
from tests.peersupport.factories import assess, refer
from tests.test_permission_matrix import WHO, _all_url_names, _is_login_redirect

pytestmark = pytest.mark.django_db


def test_every_peersupport_url_has_a_row():
    names = {n for n in _all_url_names() if n.startswith("peersupport:")}
    declared = {r.url_name for r in access.RULES}
    assert names == declared


def test_every_role_gets_what_the_table_says(client, role_users):
    objects = access.objects(role_users)
    failures = []
    for rule in access.RULES:
        url = reverse(rule.url_name, kwargs=rule.kwargs(objects) if rule.kwargs else {})
        for who in WHO:
            client.logout()
            if who != "anonymous":
                client.force_login(role_users[who])
            call = client.post if rule.method == "POST" else client.get
            response = call(url, rule.data)
            refused = response.status_code in (401, 403, 404) or _is_login_redirect(response)
            if who in rule.allowed and (refused or response.status_code >= 500):
                failures.append(f"{who} should reach {rule.method} {url}: {response.status_code}")
            if who not in rule.allowed and not refused:
                failures.append(
                    f"{who} should be refused {rule.method} {url}: {response.status_code}"
                )
    assert not failures, "\n".join(failures)


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
