"""Every issue 7 page passes axe (WCAG 2.2 A and AA), seen by someone allowed to open it."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.peersupport import access

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

# Files, not pages.
DOWNLOADS = {"peersupport:claim-receipt", "peersupport:expenses-export"}
ISSUE_6_LAST = "peersupport:rule-edit"  # the issue 7 rows follow this one


def _issue_7_pages():
    names = [r.url_name for r in access.RULES]
    new = access.RULES[names.index(ISSUE_6_LAST) + 1 :]
    return [r for r in new if r.method == "GET" and r.url_name not in DOWNLOADS]


def test_every_new_page_passes_axe(page, live_server, audit):
    users = {
        "member": make_user("member", display_name="Mo Member"),
        "mentor": make_user("member", "mentor", display_name="Max Mentor"),
        "staff": make_user("staff", display_name="Sam Staff"),
    }
    objects = access.objects(users)
    sessions = {}
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    rules = _issue_7_pages()
    assert len(rules) >= 20
    for rule in rules:
        who = next(w for w in ("staff", "mentor", "member") if w in rule.allowed)
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": sessions[who], "url": live_server.url}]
        )
        url = reverse(rule.url_name, kwargs=rule.kwargs(objects) if rule.kwargs else {})
        response = page.goto(live_server.url + url)
        assert response.status == 200, (rule.url_name, response.status)
        audit(page)
    assert len(audit.visited) == len(rules)
