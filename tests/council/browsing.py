"""Helpers for council's browser journeys (tests/council/test_browser_*.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser_support import totp_code
from tests.factories import TEST_PASSWORD

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def new_device(browser, problems):
    """``new_device(phone=True)``: a page on a new, separate device (one per person), watched
    for browser problems like every other page. Phones are 375 px wide and touch-driven."""
    contexts = []

    def _open(*, phone: bool = False):
        options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
        context = browser.new_context(**options)
        context.on("page", problems.watch)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def sign_in(page, base: str, username: str, audit, secret: str | None = None) -> None:
    """Through the real login page (and the real TOTP page for staff roles)."""
    page.goto(f"{base}/accounts/login/")
    audit(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/")


def fits_the_screen(page) -> bool:
    """Nothing on the page is wider than the phone's screen (no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
