""" "We could not text you": the warning on Messages and My account passes axe."""

import os

import pytest
from playwright.sync_api import expect

from core.models import Notification
from tests.browser.test_pages import sign_in_as
from tests.factories import make_user
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]


def test_a_text_that_could_not_be_sent_is_shown_on_messages_and_my_account(
    live_server, context, page, audit
):
    member = make_user(Role.MEMBER, display_name="Mo Member", phone="+447700900123")
    Notification.objects.create(
        user=member,
        kind="test",
        subject="Voting opens on Monday",
        body="You can vote in the council election from Monday.",
        sms_status="failed",
        last_error="sms_invalid_number",
    )
    sign_in_as(context, live_server, member)
    shots = os.environ.get("SCREENSHOT_DIR")
    for path, name in (("/messages/", "messages"), ("/account/", "account")):
        page.goto(f"{live_server.url}{path}")
        warning = page.get_by_test_id("delivery-problems")
        expect(warning).to_contain_text("We could not text you.")
        expect(warning).to_contain_text("Your messages are still here in the portal.")
        audit(page)
        if shots:
            for width in (390, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=f"{shots}/{name}-{width}.png", full_page=True)
    page.goto(f"{live_server.url}/messages/")
    expect(page.get_by_text("We could not text you this")).to_be_visible()
