"""Every action-plan URL, for every role: what tests/actionplan/access.py declares is what
the site does. (tests/test_permission_matrix.py does this for the whole site; this runs the
same check on this app alone, so it can be run with the app's own tests.)"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.actionplan import access

pytestmark = pytest.mark.django_db

WHO = [
    "anonymous",
    "outsider",
    "member",
    "mentor",
    "representative",
    "staff",
    "senior_manager",
    "returning_officer",
    "data_steward",
    "administrator",
]


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302):
        return False
    return response.headers.get("Location", "").startswith(reverse("account_login"))


def test_every_actionplan_url_has_a_row():
    resolver = get_resolver()
    names = {
        f"actionplan:{name}"
        for name in resolver.namespace_dict["actionplan"][1].reverse_dict
        if isinstance(name, str)
    }
    declared = {rule.url_name for rule in access.RULES}
    assert names - declared == set(), f"no access row: {sorted(names - declared)}"
    assert declared - names == set(), f"stale rows: {sorted(declared - names)}"


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
            if who == "anonymous" and who not in rule.allowed and not _is_login_redirect(response):
                failures.append(f"anonymous {url}: expected a redirect to sign in")
    assert not failures, "\n".join(failures)


def test_a_champion_sees_only_their_own_actions(client_for, role_users):
    from tests.actionplan.factories import create_action

    objects = access.objects(role_users)
    other = create_action(by=role_users["staff"], champion=role_users["mentor"])
    rep = client_for(role_users["representative"])
    assert (
        rep.get(reverse("actionplan:action-detail", args=[objects["ap_action"].pk])).status_code
        == 200
    )
    assert rep.get(reverse("actionplan:action-detail", args=[other.pk])).status_code == 404
    assert rep.get(reverse("actionplan:update-create", args=[other.pk])).status_code == 404
    # A champion may see their action but not change its details.
    assert (
        rep.get(reverse("actionplan:action-edit", args=[objects["ap_action"].pk])).status_code
        == 403
    )
