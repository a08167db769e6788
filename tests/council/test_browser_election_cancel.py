"""Issue 17: the returning officer cancels an election only through the confirmation page,
on a 390-px phone, with axe on every page; a member then sees why on their phone.

``SCREENSHOT_DIR=/tmp/x`` saves each page at 390 and 1280 pixels wide.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from council import services
from council.models import Election, HeldBallot, Participation
from tests.browser.test_pages import sign_in_as
from tests.council.factories import published_election, voting_election

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]
PHONE = {"width": 390, "height": 844}
REASON = "Leicester City is being merged with the county, so there will be one election for both."


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _shots(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(PHONE)


def test_the_returning_officer_cancels_only_through_the_confirmation(
    live_server, browser, audit, problems, returning_officer
):
    election, noms, people = voting_election(returning_officer, voters=4)
    for voter in people[:2]:
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=[noms[0].pk])
    base = live_server.url

    ro_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ro_context.on("page", problems.watch)
    sign_in_as(ro_context, live_server, returning_officer)
    page = ro_context.new_page()
    page.goto(f"{base}/council/elections/{election.pk}/manage/")
    audit(page)
    assert _fits(page)
    _shots(page, "manage")

    # The first click only asks.
    page.get_by_role("button", name="Cancel this election").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this election?")
    expect(page.locator("#consequence")).to_have_text(
        "Nobody will be elected, and every ballot already cast will be destroyed without being "
        "counted or looked at."
    )
    audit(page)
    assert _fits(page)
    _shots(page, "cancel-confirm")
    election.refresh_from_db()
    assert election.status == Election.Status.VOTING_OPEN

    # "No, go back" is the safe way out, and changes nothing.
    page.get_by_role("link", name="No, go back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(election.title)
    page.get_by_role("button", name="Cancel this election").click()

    # Yes without a reason: sent back with the GOV.UK error summary, nothing changed.
    page.get_by_role("button", name="Yes, cancel this election").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why the election is cancelled"
    )
    audit(page)
    _shots(page, "cancel-confirm-error")
    election.refresh_from_db()
    assert election.status == Election.Status.VOTING_OPEN
    assert HeldBallot.objects.filter(election=election).count() == 2

    page.get_by_label("Why is the election cancelled?").fill(REASON)
    page.get_by_role("button", name="Yes, cancel this election").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The election is cancelled"
    )
    expect(page.locator("main")).to_contain_text(REASON)
    audit(page)
    election.refresh_from_db()
    assert election.status == Election.Status.CANCELLED
    assert not HeldBallot.objects.filter(election=election).exists()
    assert not Participation.objects.filter(election=election).exists()

    # A member who voted sees that it was cancelled, when, and why; nothing says they voted.
    member_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    member_context.on("page", problems.watch)
    sign_in_as(member_context, live_server, people[0])
    phone = member_context.new_page()
    phone.goto(f"{base}/council/elections/{election.pk}/")
    banner = phone.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("This election was cancelled on")
    expect(banner).to_contain_text(REASON)
    expect(phone.locator("main")).not_to_contain_text("You have voted")
    expect(phone.get_by_role("link", name="Vote now")).to_have_count(0)
    audit(phone)
    assert _fits(phone)
    _shots(phone, "member-cancelled")
    phone.goto(f"{base}/council/elections/")
    expect(phone.locator("main")).to_contain_text("Cancelled")
    audit(phone)
    assert _fits(phone)
    ro_context.close()
    member_context.close()


def test_the_result_page_explains_its_words(live_server, page, audit, returning_officer):
    election, _noms, _people = published_election(returning_officer)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/council/elections/{election.pk}/results/")
    for question in (
        "What does quota mean?",
        "What does turnout mean?",
        "What is a stage of the count?",
        "What does ‘excluded’ mean?",
        "What is a BLT file?",
    ):
        expect(page.get_by_text(question, exact=True)).to_be_visible()
    page.get_by_text("What does quota mean?", exact=True).click()
    expect(page.locator("main")).to_contain_text("The number of votes a candidate needs")
    audit(page)
    assert _fits(page)
    _shots(page, "results-glossary")
    page.goto(f"{live_server.url}/council/elections/how-the-count-works/")
    expect(page.get_by_text("What is the single transferable vote?", exact=True)).to_be_visible()
    audit(page)
    assert _fits(page)
    _shots(page, "how-count-works")
