"""My account in a browser: the warning for a number we cannot text, and the landline refusal."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages import sign_in_as
from tests.factories import make_user
from users.models import User
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]
SHOTS = os.environ.get("PORTAL_SCREENSHOTS", "")


@pytest.mark.parametrize("width", [390, 1280])
def test_my_account_phone_messages(live_server, page, audit, width):
    member = make_user(Role.MEMBER, display_name="Mo Member")
    User.objects.filter(pk=member.pk).update(phone="+²²²²²²²²²²²", messages_by="sms")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(page.context, live_server, member)
    page.goto(f"{live_server.url}/account/")
    expect(page.locator(".govuk-warning-text")).to_contain_text("We cannot send text messages")
    audit(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/account-warning-{width}.png", full_page=True)
    page.get_by_label("Mobile number for text reminders (optional)").fill("020 7946 0000")
    page.get_by_role("button", name="Save my details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "This number cannot get text messages"
    )
    audit(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/account-landline-{width}.png", full_page=True)
    page.get_by_label("Mobile number for text reminders (optional)").fill("07700 900 123")
    page.get_by_role("button", name="Save my details").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    member.refresh_from_db()
    assert member.phone == "+447700900123"
