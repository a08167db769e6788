"""Issue 16 on a 390-px phone: a member answers a consultation one question per page, is
signed out for doing nothing in the middle, signs in again with the answers restored, checks
them (changing one), sends and gets the withdrawal code; and the timeout warning dialog.
axe (WCAG 2.2 A and AA) runs on every page. PORTAL_SCREENSHOTS=<folder> keeps screenshots
of each page at 390 and 1280 px."""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from consultations.models import Draft, Submission
from tests.consultations.factories import make_consultation
from tests.factories import TEST_PASSWORD, make_user
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]
SHOTS = os.environ.get("PORTAL_SCREENSHOTS", "")

SPECS = [
    {"kind": "yes_no", "text": "Have you had a peer mentor?", "offer_dont_know": True},
    {
        "kind": "single_choice",
        "text": "How did you hear about peer mentoring?",
        "choices": ["A poster", "My probation officer", "Another member"],
        "offer_prefer_not": True,
        "required": True,
    },
    {"kind": "long_text", "text": "What would make it better?"},
    {"kind": "short_text", "text": "Anything else?", "same_page_as_previous": True},
]


def _shoot(page, name: str) -> None:
    """Screenshots at phone and desktop width, then back to the phone."""
    if not SHOTS:
        return
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})


def _sign_in(page, username: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_member_answers_on_a_phone_through_a_timeout(live_server, page, audit):
    base = live_server.url
    staff = make_user(Role.STAFF)
    c = make_consultation(staff, questions=SPECS, areas="Leicester City\nRutland")
    member = make_user(Role.MEMBER, display_name="Mo Member")
    page.set_viewport_size({"width": 390, "height": 844})
    heading = page.get_by_role("heading", level=1)

    page.goto(f"{base}/accounts/login/")
    _sign_in(page, member.username)
    page.goto(f"{base}/consultations/{c.pk}/")
    expect(page.locator("#timeout-notice")).to_contain_text(
        re.compile(r"we will sign you out at \d{1,2}(:\d\d)?(am|pm)|midday|midnight")
    )
    audit(page)
    _shoot(page, "01-start")
    page.get_by_label("I have read the information and agree to take part.").check()
    page.get_by_role("button", name="Start").click()

    expect(heading).to_have_text("Have you had a peer mentor?")
    expect(page.locator(".govuk-caption-l")).to_have_text("Question 1 of 4")
    audit(page)
    _shoot(page, "02-question")
    page.get_by_label("Don’t know").check()
    page.get_by_role("button", name="Continue").click()

    expect(heading).to_have_text("How did you hear about peer mentoring?")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose an answer to")
    audit(page)
    _shoot(page, "03-error")
    page.get_by_label("A poster").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading).to_have_text(c.title)  # two questions staff grouped on one page
    assert Draft.objects.get(consultation=c).page == 2

    # --- 30 minutes of nothing: the session lapses ------------------------------------------
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.get_by_label(re.compile("What would make it better")).fill("More groups")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.locator("#signed-out-for-idling")).to_contain_text(
        "You were signed out because you had not done anything for 30 minutes. "
        "Your answers are saved."
    )
    audit(page)
    _shoot(page, "04-signed-out")
    _sign_in(page, member.username)

    # --- Back where they were, answers kept --------------------------------------------------
    expect(heading).to_have_text(c.title)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We kept your answers")
    audit(page)
    page.get_by_label(re.compile("What would make it better")).fill(
        "My officer Sharon said to ring 07700 900123"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#identifying-warning")).to_contain_text("a phone number")
    audit(page)
    _shoot(page, "05-identifying-warning")
    page.get_by_label(re.compile("What would make it better")).fill("More evening groups")
    page.get_by_role("button", name="Continue").click()

    expect(heading).to_have_text("About you")
    page.get_by_label("Rutland").check()
    page.get_by_role("button", name="Continue").click()

    # --- Check answers, change one, send ----------------------------------------------------
    expect(heading).to_have_text("Check your answers")
    answers = page.locator("#answers")
    expect(answers).to_contain_text("Don’t know")
    expect(answers).to_contain_text("A poster")
    expect(answers).to_contain_text("More evening groups")
    audit(page)
    _shoot(page, "06-check-answers")
    page.get_by_role("button", name="Change How did you hear about peer mentoring?").click()
    expect(heading).to_have_text("How did you hear about peer mentoring?")
    page.get_by_label("My probation officer").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading).to_have_text("Check your answers")
    expect(answers).to_contain_text("My probation officer")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.locator(".govuk-panel")).to_contain_text("Your answers have been sent")
    audit(page)
    _shoot(page, "07-sent")
    code = page.locator("#withdrawal-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    submission = Submission.objects.get(consultation=c)
    assert submission.area == "Rutland"
    assert not Draft.objects.exists()


def test_timeout_warning_dialog(live_server, page, audit):
    base = live_server.url
    staff = make_user(Role.STAFF)
    c = make_consultation(staff, questions=SPECS, ask_profile=False)
    member = make_user(Role.MEMBER)
    page.set_viewport_size({"width": 390, "height": 844})
    page.clock.install()
    page.goto(f"{base}/accounts/login/")
    _sign_in(page, member.username)
    page.goto(f"{base}/consultations/{c.pk}/")
    page.get_by_label("I have read the information and agree to take part.").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Don’t know").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Another member").check()

    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_hidden()
    page.clock.run_for("28:01")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("For your security, we will sign you out in 2 minutes")
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    for _ in range(4):  # focus never leaves the dialog
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
    audit(page)
    _shoot(page, "08-timeout-dialog")

    with page.expect_response(re.compile(r"/session/keep-alive/")) as kept:
        page.keyboard.press("Escape")  # Escape is "Stay signed in"
    assert kept.value.status == 200
    expect(dialog).to_be_hidden()

    # This time nobody answers: the page is saved as a draft and the person signed out.
    page.clock.run_for("28:01")
    expect(dialog).to_be_visible()
    page.clock.run_for("01:55")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.locator("#signed-out-for-idling")).to_be_visible()
    draft = Draft.objects.get(consultation=c)
    assert draft.page == 1 and len(draft.answers) == 2
