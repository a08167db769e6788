"""Every foundation page, for the people who can see it, passes axe (WCAG 2.2 A and AA)
and breaks no browser rule (no CSP refusal, no script error, no missing static file).

The journeys in test_journeys.py sign in through the real forms; here sessions are made
directly so the sweep stays quick.
"""

from __future__ import annotations

import re

import pytest
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from playwright.sync_api import expect

from core.models import Notification
from core.services import audit_record
from tests.browser_support import totp_code
from tests.factories import TEST_PASSWORD, give_totp, make_user
from users import services as user_services
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]


def sign_in_as(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.clear_cookies()
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def visit(page, live_server, audit, path: str, status: int = 200, heading: str | None = None):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == status, f"{path}: {response.status}"
    if heading:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    audit(page)


def test_public_pages(live_server, page, audit):
    for path, heading in [
        ("/", "Have your say in probation"),
        ("/accounts/login/", "Sign in"),
        ("/claim/", "Set up your account"),
        ("/accounts/signup/", "You cannot make an account here"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/done/", "Check your e-mail"),
        ("/accounts/password/reset/key/1-bad/", "That link does not work"),
        ("/privacy/", "How we look after your information"),
        ("/accessibility/", "Accessibility"),
    ]:
        visit(page, live_server, audit, path, heading=heading)
    visit(page, live_server, audit, "/no-such-page/", status=404, heading="Page not found")

    # A claim with mistakes: every error in the summary, every link to a real field.
    page.goto(f"{live_server.url}/claim/")
    page.get_by_label("Choose a password").fill("short")
    page.get_by_label("Type the password again").fill("different")
    page.get_by_role("button", name="Set up my account").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    audit(page)
    for link in summary.get_by_role("link").all():
        target = link.get_attribute("href")
        expect(page.locator(target)).to_have_count(1)


@pytest.mark.parametrize("template", ["400.html", "403_csrf.html", "500.html", "503.html"])
def test_error_pages_rendered_alone(live_server, page, audit, template):
    """400, 403 (CSRF) and 500 are hard to cause on purpose: render each and serve it at a
    made-up address under the portal's real Content-Security-Policy."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.csp_nonce = "test-nonce"
    html = render_to_string(template, request=request)
    url = f"{live_server.url}/error-page-preview/"
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            body=html,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": build_policy(nonce="test-nonce")},
        ),
    )
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    audit(page)


def test_member_pages(live_server, context, page, audit):
    member = make_user(Role.MEMBER, display_name="Mo Member")
    Notification.objects.create(
        user=member, kind="test", subject="Voting is open", body="Vote by Friday.", link="/"
    )
    Notification.objects.create(user=member, kind="test", subject="Old news", body="Read.")
    sign_in_as(context, live_server, member)
    for path, heading in [
        ("/", "Hello, Mo Member"),
        ("/account/", "My account"),
        ("/account/delete/", "Ask to delete your account"),
        ("/messages/", "Messages"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/sessions/", "Where you are signed in"),
        ("/accounts/2fa/", "Two-factor authentication"),
        ("/accounts/logout/", "Sign out"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/email/", "Your e-mail address"),
    ]:
        visit(page, live_server, audit, path, heading=heading)
    visit(page, live_server, audit, "/people/", status=403, heading="You cannot do this")

    # Setting up 2FA asks for the password again first.
    visit(page, live_server, audit, "/accounts/2fa/totp/activate/", heading="Confirm it is you")

    # Mark one message read, then ask to delete the account: banners and the cancel form.
    page.goto(f"{live_server.url}/messages/")
    page.get_by_role("button", name=re.compile(r"^Mark as read\W+Voting is open$")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    audit(page)
    page.goto(f"{live_server.url}/account/delete/")
    page.get_by_role("button", name="Ask to delete my account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    audit(page)
    page.get_by_label("I understand my account will be closed").check()
    page.get_by_role("button", name="Ask to delete my account").click()
    expect(page.get_by_role("button", name="Cancel my request – keep my account")).to_be_visible()
    audit(page)


def test_staff_pages(live_server, context, page, audit):
    staff = make_user(Role.STAFF, display_name="Sam Staff")
    for n in range(55):
        make_user(Role.MEMBER, display_name=f"Person {n:02d}")
    sign_in_as(context, live_server, staff)
    visit(page, live_server, audit, "/people/", heading="People")
    expect(page.get_by_role("navigation", name="Pagination")).to_be_visible()
    visit(page, live_server, audit, "/people/?page=2", heading="People")
    visit(page, live_server, audit, "/people/?q=person+1", heading="People")
    visit(page, live_server, audit, "/people/?q=nobody-is-called-this", heading="People")
    visit(page, live_server, audit, "/people/new/", heading="Add a person")
    visit(page, live_server, audit, "/audit-log/", status=403)

    page.goto(f"{live_server.url}/people/?q=Person+07")
    page.get_by_role("button", name="Print a new invite slip for Person 07").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite slip for Person 07")
    audit(page)


def test_administrator_pages(live_server, context, page, audit):
    admin = make_user(Role.ADMINISTRATOR, mfa=False, display_name="Ada Admin")
    secret = give_totp(admin)
    leaving = make_user(Role.MEMBER, display_name="Lee Leaving")
    user_services.deletion_request_create(user=leaving, reason="Moving away.\nThanks.")
    for n in range(3):
        audit_record(actor=admin, action="test.thing", obj=leaving, detail={"n": n})
    sign_in_as(context, live_server, admin)
    visit(page, live_server, audit, "/", heading="Hello, Ada Admin")
    visit(page, live_server, audit, "/audit-log/", heading="Audit log")
    visit(
        page,
        live_server,
        audit,
        "/audit-log/?action=test&date_from=2020-01-01",
        heading="Audit log",
    )
    visit(page, live_server, audit, "/audit-log/?date_from=not-a-date", heading="Audit log")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    visit(
        page,
        live_server,
        audit,
        "/people/deletion-requests/",
        heading="Requests to delete accounts",
    )
    visit(page, live_server, audit, "/accounts/2fa/", heading="Two-factor authentication")
    # Turning 2FA off asks to confirm it is you first.
    visit(page, live_server, audit, "/accounts/2fa/totp/deactivate/", heading="Confirm it is you")
    if page.get_by_label("Password").count():
        page.get_by_label("Password").fill(TEST_PASSWORD)
    else:
        page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn off the authenticator app")
    audit(page)
    visit(
        page,
        live_server,
        audit,
        "/accounts/2fa/recovery-codes/generate/",
        heading="Make new recovery codes",
    )
    page.get_by_role("button", name="Make new codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    audit(page)
    visit(page, live_server, audit, "/accounts/2fa/", heading="Two-factor authentication")

    page.goto(f"{live_server.url}/people/deletion-requests/")
    page.get_by_role("button", name="Delete account of Lee Leaving").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this account?")
    audit(page)
    page.get_by_role("button", name="Yes, delete the account").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("deleted")
    audit(page)
