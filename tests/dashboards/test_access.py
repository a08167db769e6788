"""Who may open the dashboards: the permission matrix for this app's URLs, plus the details
the matrix does not check (wrong methods, the anonymous visitor's redirect)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dashboards.factories import make_council

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who",
    [
        "member",
        "mentor",
        "representative",
        "staff",
        "returning_officer",
        "data_steward",
        "outsider",
    ],
)
def test_everyone_else_is_refused_the_dashboard(client_for, role_users, who):
    council = make_council("North")
    client = client_for(role_users[who])
    for url in (
        reverse("dashboards:index"),
        reverse("dashboards:council", kwargs={"slug": council.slug}),
        reverse("dashboards:export", kwargs={"table": "membership"}),
        reverse("dashboards:caseload-list"),
        reverse("dashboards:caseload-edit", kwargs={"slug": council.slug}),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("dashboards:refresh"), {"period": "this_quarter"}).status_code == 403


def test_senior_managers_may_not_enter_caseload_figures(client_for, senior_manager):
    council = make_council("North")
    client = client_for(senior_manager)
    assert client.get(reverse("dashboards:caseload-list")).status_code == 403
    url = reverse("dashboards:caseload-edit", kwargs={"slug": council.slug})
    assert client.post(url, {"as_of": "2026-03-31", "total": "100"}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("dashboards:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_wrong_methods_are_refused(client_for, senior_manager, administrator):
    client = client_for(senior_manager)
    assert client.post(reverse("dashboards:index")).status_code == 405
    assert client.get(reverse("dashboards:refresh")).status_code == 405
    assert (
        client.post(reverse("dashboards:export", kwargs={"table": "membership"})).status_code == 405
    )
    client = client_for(administrator)
    assert client.put(reverse("dashboards:caseload-list")).status_code == 405


def test_the_dashboard_is_in_the_navigation_and_on_the_home_page(client_for, senior_manager, staff):
    page = client_for(senior_manager).get(reverse("core:home")).content.decode()
    assert reverse("dashboards:index") in page
    page = client_for(staff).get(reverse("core:home")).content.decode()
    assert reverse("dashboards:index") not in page
