"""Every URL refuses a POST without a CSRF token: nothing in the portal is csrf_exempt."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import _rules_and_exempt

pytestmark = pytest.mark.django_db


def test_every_endpoint_refuses_a_post_without_a_csrf_token(role_users):
    rules, _, builders = _rules_and_exempt()
    objects = {}
    for build in builders:
        objects.update(build(role_users) or {})
    failures = []
    for rule in rules:
        url = reverse(rule.url_name, kwargs=rule.kwargs(objects) if rule.kwargs else {})
        who = next((w for w in ("administrator", "staff", "member") if w in rule.allowed), None)
        client = Client(enforce_csrf_checks=True)
        if who:
            client.force_login(role_users[who])
        response = client.post(url, rule.data)
        if response.status_code != 403:
            failures.append(f"POST {url} as {who or 'anonymous'}: {response.status_code}")
    assert not failures, "\n".join(failures)
