"""The pages issue 17 put into words, in a browser at a phone's width and a desktop's: the
glossary, a consultation's start page with its explained words, an election, the audit log
in sentences, and the data steward's "Confirm it is you" page. Each passes axe and has no
sideways scroll. Set SCREENSHOT_DIR to keep a picture of each."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from core.services import audit_record
from tests.consultations.factories import answer, make_consultation
from tests.council.factories import voting_election
from tests.factories import make_user
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]

WIDTHS = (390, 1280)


def _sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.clear_cookies()
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _look(page, live_server, audit, path: str, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, f"{path}: {response.status}"
        audit(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
        folder = os.environ.get("SCREENSHOT_DIR")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def test_words_pages(live_server, context, page, audit):
    staff = make_user(Role.STAFF, display_name="Sam Staff")
    member = make_user(Role.MEMBER, display_name="Mo Member")
    ro = make_user(Role.RETURNING_OFFICER, display_name="Ros Returning")
    steward = make_user(Role.DATA_STEWARD, display_name="Dee Steward")
    admin = make_user(Role.ADMINISTRATOR, display_name="Ada Admin")

    _look(page, live_server, audit, reverse("core:glossary"), "glossary")
    expect(page.get_by_role("contentinfo").get_by_role("link", name="Words we use")).to_be_visible()

    consultation = make_consultation(staff)
    election, _noms, voters = voting_election(ro, include_ron=True)
    _sign_in(context, live_server, member)
    _look(page, live_server, audit, reverse("consultations:start", args=[consultation.pk]), "start")
    page.get_by_text("What does pseudonymous mean?").click()
    expect(page.get_by_text("Staff who read them cannot see who wrote them")).to_be_visible()

    _sign_in(context, live_server, voters[0])
    _look(
        page, live_server, audit, reverse("council:election-detail", args=[election.pk]), "election"
    )
    _look(page, live_server, audit, reverse("council:vote", args=[election.pk]), "vote")
    _look(
        page,
        live_server,
        audit,
        reverse("council:council-detail", args=[election.council.slug]),
        "council",
    )

    submission = answer(consultation, member).submission
    steward_url = reverse("consultations:steward-reidentify", args=[submission.reference])
    _sign_in(context, live_server, steward)
    _look(page, live_server, audit, steward_url, "steward-form")
    _look(
        page,
        live_server,
        audit,
        reverse("account_reauthenticate") + "?next=" + steward_url,
        "steward-reauth",
    )
    expect(page.get_by_text("You are about to see who wrote an answer.")).to_be_visible()

    audit_record(actor=staff, action="peersupport.claim.approve", obj=staff)
    audit_record(actor=steward, action="consultations.respondent.reidentify", obj=consultation)
    audit_record(actor=None, action="peersupport.certificate.award", obj=member)
    _sign_in(context, live_server, admin)
    _look(page, live_server, audit, reverse("core:audit-log"), "audit-log")
    expect(page.get_by_text("A data steward saw who wrote an answer")).to_be_visible()
