"""council/'s own run of the permission matrix (the shared test walks every app's rows)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.council import access
from tests.test_permission_matrix import WHO, _is_login_redirect

pytestmark = pytest.mark.django_db


def test_every_council_url_has_a_row():
    from django.urls import get_resolver

    names = {
        f"council:{p.name}"
        for p in get_resolver().namespace_dict["council"][1].url_patterns
        if p.name
    }
    assert names == {r.url_name for r in access.RULES}


def test_every_role_gets_what_the_council_table_says(client, role_users):
    objects = access.objects(role_users)
    failures = []
    for rule in access.RULES:
        url = reverse(rule.url_name, kwargs=rule.kwargs(objects) if rule.kwargs else {})
        for who in WHO:
            client.logout()
            if who != "anonymous":
                client.force_login(role_users[who])
            response = (client.post if rule.method == "POST" else client.get)(url, rule.data)
            refused = response.status_code in (401, 403, 404) or _is_login_redirect(response)
            if who in rule.allowed and (refused or response.status_code >= 500):
                failures.append(f"{who} should reach {rule.method} {url}: {response.status_code}")
            if who not in rule.allowed and not refused:
                failures.append(
                    f"{who} should be refused {rule.method} {url}: {response.status_code}"
                )
    assert not failures, "\n".join(failures)
