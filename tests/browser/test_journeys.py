"""The foundation's two journeys, end to end in a real browser, with axe on every page.

(a) Staff sign in through the real login and TOTP pages, make a member's account and read
    the code from the invite slip; the member, on another device, claims it and lands on
    their home page signed in.
(b) A staff user without two-factor authentication is sent to its set-up page whatever they
    try, sets it up with a code from the secret on the page, and then reaches home.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser_support import totp_code
from tests.factories import TEST_PASSWORD, give_totp, make_user
from users.models import User
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]

ACTIVATE_PATH = "/accounts/2fa/totp/activate/"


def sign_in(page, base_url: str, username: str, password: str, audit) -> None:
    page.goto(f"{base_url}/accounts/login/")
    audit(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_staff_makes_an_account_and_the_member_claims_it(live_server, page, fresh_page, audit):
    staff = make_user(Role.STAFF, mfa=False, display_name="Sam Staff")
    secret = give_totp(staff)
    base = live_server.url

    # Wrong password first: the error summary must be accessible too.
    sign_in(page, base, staff.username, "not the password", audit)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    audit(page)

    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The real two-factor step.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    audit(page)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam Staff")
    audit(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    audit(page)

    page.get_by_role("button", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    audit(page)

    # Forgetting the name gives an error summary that links to the field.
    page.get_by_role("button", name="Create account and print invite slip").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    audit(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Their name")).to_be_focused()

    page.get_by_label("Their name").fill("Mo Member")
    page.get_by_role("button", name="Create account and print invite slip").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite slip for Mo Member")
    expect(page.get_by_role("button", name="Print the slip")).to_be_visible()
    audit(page)
    code = page.locator(".app-invite-slip__code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code), code

    # The member, on their own phone.
    member_page = fresh_page
    member_page.set_viewport_size({"width": 375, "height": 800})
    member_page.goto(f"{base}/")
    audit(member_page)
    member_page.get_by_role("link", name="Got an invite slip? Set up your account").click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    audit(member_page)
    member_page.get_by_label("Code from your invite slip").fill(code.lower())
    member_page.get_by_label("Choose a username").fill("mo.member")
    member_page.get_by_label("Choose a password").fill("purple kettle river bus")
    member_page.get_by_label("Type the password again").fill("purple kettle river bus")
    member_page.get_by_role("button", name="Set up my account").click()

    expect(member_page).to_have_url(f"{base}/")
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Hello, Mo Member")
    expect(member_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your account is ready"
    )
    audit(member_page)
    assert User.objects.get(display_name="Mo Member").username == "mo.member"

    # The slip worked once: a second claim with the same code is refused, in plain English.
    member_page.context.clear_cookies()
    member_page.goto(f"{base}/claim/")
    member_page.get_by_label("Code from your invite slip").fill(code)
    member_page.get_by_label("Choose a username").fill("someone.else")
    member_page.get_by_label("Choose a password").fill("purple kettle river bus")
    member_page.get_by_label("Type the password again").fill("purple kettle river bus")
    member_page.get_by_role("button", name="Set up my account").click()
    expect(member_page.locator(".govuk-error-summary")).to_contain_text("That code does not work")
    audit(member_page)

    assert len(audit.visited) >= 12


def test_staff_without_two_factor_must_set_it_up_first(live_server, page, audit):
    staff = make_user(Role.STAFF, mfa=False, display_name="Nia New")
    base = live_server.url
    forced = re.compile(
        rf"^{re.escape(base)}({ACTIVATE_PATH}|/accounts/reauthenticate/\?next=%2Faccounts%2F2fa%2F)"
    )

    # After the password the portal goes straight to two-factor set-up, which allauth
    # guards with "confirm it is you" (ACCOUNT_REAUTHENTICATION_REQUIRED).
    sign_in(page, base, staff.username, TEST_PASSWORD, audit)
    expect(page).to_have_url(forced)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your role needs two-factor authentication"
    )
    audit(page)

    # Nothing else can be reached, before or after confirming the password.
    for path in ("/", "/people/", "/account/", "/messages/"):
        page.goto(f"{base}{path}")
        expect(page).to_have_url(forced)
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}{ACTIVATE_PATH}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    audit(page)
    for path in ("/", "/people/", "/people/new/", "/account/", "/messages/", "/privacy/"):
        page.goto(f"{base}{path}")
        expect(page).to_have_url(f"{base}{ACTIVATE_PATH}")

    # A wrong code is refused with an accessible error.
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    audit(page)

    # Read the key as someone typing it into their app would, and use the app's code.
    secret = page.locator("#totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]+=*", secret), secret
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".app-code-list li")).not_to_have_count(0)
    audit(page)
    page.get_by_role("button", name="I have saved them – continue").click()

    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Nia New")
    audit(page)
    page.goto(f"{base}/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    audit(page)
