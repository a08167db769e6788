"""The consultations journey in a real browser, with axe (WCAG 2.2 A and AA) on every page.

A staff user signs in (password and TOTP), builds a consultation with a question of each
main kind, previews and publishes it; a member on a phone-sized screen answers it, ticking
consent and keeping the withdrawal code; staff type in a paper interview; and the member
withdraws with the code.

Uses the fixtures of tests/browser/conftest.py (Chromium, axe, the page-problem watcher).
"""

from __future__ import annotations

import re

import pytest

try:
    from _pytest.fixtures import FixtureFunctionDefinition
    from playwright.sync_api import expect

    from tests.browser import conftest as browser_conftest
    from tests.browser.conftest import totp_code
except ImportError as exc:  # pragma: no cover - depends on the shared browser set-up
    pytest.skip(f"browser fixtures unavailable: {exc}", allow_module_level=True)

# Fixtures in a conftest only reach tests below its folder: reuse the shared browser ones.
globals().update(
    {
        name: value
        for name, value in vars(browser_conftest).items()
        if isinstance(value, FixtureFunctionDefinition)
    }
)

from consultations.models import Consultation, Submission  # noqa: E402
from tests import dates  # noqa: E402
from tests.factories import TEST_PASSWORD, give_totp, make_user  # noqa: E402
from users.roles import Role  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]


def sign_in(page, base: str, username: str, secret: str | None = None) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/")


def test_build_answer_enter_and_withdraw(live_server, page, fresh_page, audit):
    base = live_server.url
    staff = make_user(Role.STAFF, mfa=False, display_name="Sam Staff")
    secret = give_totp(staff)
    member = make_user(Role.MEMBER, display_name="Mo Member")

    # --- Staff build and publish ---------------------------------------------------------
    sign_in(page, base, staff.username, secret)
    page.goto(f"{base}/consultations/manage/")
    audit(page)
    page.get_by_role("link", name="New consultation").click()
    audit(page)
    page.get_by_role("button", name="Save").click()  # nothing typed: plain errors
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    audit(page)
    page.get_by_label("Title").fill("Support when your order ends")
    page.get_by_label("What it is for").fill("To plan support for after an order ends.")
    page.get_by_label("Information sheet").fill("Taking part is up to you. You can withdraw.")
    page.get_by_label("Consent statement").fill("I agree to take part.")
    page.get_by_label("All members").check()
    page.get_by_role("radio", name=re.compile("Pseudonymous")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support when your order ends")
    audit(page)

    for kind, text, choices in (
        ("Yes or no", "Would you use an out-of-hours helpline?", ""),
        ("Choose any", "Which would help?", "A peer mentor\nAn evening group\nBefriending"),
        ("Long text", "What support would help you most?", ""),
    ):
        page.get_by_role("link", name="Add a question").click()
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Question", exact=True).fill(text)
        if kind == "Yes or no":
            page.get_by_label("People must answer this question").check()
        if choices:
            page.get_by_label("Answers to choose from").fill(choices)
        page.get_by_role("button", name="Save question").click()
        expect(page.locator("#main-content")).to_contain_text(text)
    audit(page)

    page.get_by_role("link", name="Preview").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Preview")
    audit(page)
    page.get_by_role("link", name="Back to the consultation").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish this consultation?")
    audit(page)
    page.get_by_role("button", name="Yes, publish it").click()
    expect(page.locator("#main-content")).to_contain_text("It is open now")
    audit(page)
    consultation = Consultation.objects.get(title="Support when your order ends")
    assert consultation.status == Consultation.Status.OPEN

    # --- A member answers on a phone --------------------------------------------------------
    phone = fresh_page
    phone.set_viewport_size({"width": 375, "height": 800})
    sign_in(phone, base, member.username)
    phone.goto(f"{base}/consultations/")
    audit(phone)
    phone.get_by_role("link", name="Support when your order ends").click()
    expect(phone.locator("#main-content")).to_contain_text(
        "Staff cannot see who wrote your answers"
    )
    audit(phone)
    phone.get_by_role("button", name="Start").click()  # forgot to tick consent
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Tick the box")
    audit(phone)
    phone.get_by_label("I agree to take part.").check()  # the consent statement, once
    phone.get_by_role("button", name="Start").click()
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_have_text("Would you use an out-of-hours helpline?")
    audit(phone)
    phone.get_by_role("button", name="Continue").click()  # a required answer is missing
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Choose an answer to")
    audit(phone)
    phone.get_by_label("Yes", exact=True).check()
    phone.get_by_role("button", name="Continue").click()
    expect(heading).to_contain_text("Which would help?")
    phone.get_by_label("An evening group").check()
    phone.get_by_role("button", name="Continue").click()
    expect(heading).to_contain_text("What support would help you most?")
    phone.get_by_label(re.compile("What support would help you most")).fill(
        "Someone to ring when I feel vulnerable"
    )
    phone.get_by_role("button", name="Continue").click()
    expect(heading).to_have_text("About you")
    audit(phone)
    phone.get_by_role("button", name="Continue").click()
    expect(heading).to_have_text("Check your answers")
    audit(phone)
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.locator(".govuk-panel")).to_contain_text("Your answers have been sent")
    audit(phone)
    code = phone.locator("#withdrawal-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code), code

    # --- Staff type in a paper interview ----------------------------------------------------
    page.get_by_role("link", name="Type in an interview or paper form").click()
    audit(page)
    page.get_by_role("radio", name="Paper form").check()
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_label("Befriending").check()
    page.get_by_label(re.compile("What support would help you most")).fill("A befriender")
    dates.fill(page, "Date of the interview or form", "2026-01-05")
    page.get_by_role("checkbox", name=re.compile("The person read or heard")).check()
    page.get_by_role("button", name="Save and enter another").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved as")
    audit(page)
    assert Submission.objects.filter(consultation=consultation).count() == 2

    page.goto(f"{base}/consultations/manage/{consultation.pk}/results/")
    expect(page.locator("#main-content")).to_contain_text("2 people answered")
    audit(page)
    page.goto(f"{base}/consultations/manage/{consultation.pk}/responses/")
    expect(page.locator("#main-content")).not_to_contain_text("Mo Member")
    audit(page)

    # --- The member withdraws with the code ------------------------------------------------
    phone.goto(f"{base}/consultations/withdraw/")
    audit(phone)
    phone.get_by_label("Your withdrawal code").fill("WRONG")
    phone.get_by_role("button", name="Withdraw my answers").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("We cannot find answers")
    audit(phone)
    phone.get_by_label("Your withdrawal code").fill(code)
    phone.get_by_role("button", name="Withdraw my answers").click()
    expect(phone.locator(".govuk-panel")).to_contain_text("Your answers are deleted")
    audit(phone)
    assert Submission.objects.filter(consultation=consultation).count() == 1
    assert len(audit.visited) >= 20
