"""Every consultations URL for every role, by the table in access.py (same rules as the
site-wide permission matrix, run here so this app's rows can be checked on their own)."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.consultations import access
from tests.test_permission_matrix import WHO, _is_login_redirect

pytestmark = pytest.mark.django_db


def test_every_consultations_url_has_a_rule():
    resolver = get_resolver()
    names = {
        f"consultations:{name}"
        for name in resolver.namespace_dict["consultations"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == {rule.url_name for rule in access.RULES}


def test_each_role_gets_what_the_table_says(client, role_users):
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
