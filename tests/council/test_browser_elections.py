"""Issue 3's "Done means", in a real browser with axe (WCAG 2.2 A and AA) on every page.

A returning officer signs in (password and TOTP) and runs a whole election from draft to
published result: sets it up, opens nominations, accepts the candidates (who stood on their
phones), opens voting, marks two people as having voted on paper and enters their papers,
closes voting, runs the count, checks it and releases it. Members vote on a phone-sized
screen and, after the result, check their receipt code is in the published list. A member
who voted on paper cannot also vote online.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from council.models import Ballot, Election, Participation
from tests.council.browsing import fits_the_screen, sign_in
from tests.council.factories import ConstituencyFactory, join
from tests.factories import give_totp, make_user
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]


def _post_step(page, audit, button: str, message: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(message)
    audit(page)


def _vote(page, base, audit, election: Election, ranking: list[str]) -> str:
    page.goto(f"{base}/council/elections/{election.pk}/")
    audit(page)
    page.get_by_role("link", name="Vote now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote")
    audit(page)
    assert fits_the_screen(page)
    for number, name in enumerate(ranking, start=1):
        page.get_by_label(name, exact=True).select_option(str(number))
    page.get_by_role("button", name="Check my choices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your vote")
    expect(page.locator(".govuk-warning-text")).to_contain_text("cannot change it")
    audit(page)
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("You have voted")
    audit(page)
    return page.locator(".govuk-panel__body strong").inner_text().strip()


def test_returning_officer_runs_an_election_with_paper_ballots_and_members_vote_on_phones(
    live_server, page, new_device, audit
):
    base = live_server.url
    place = ConstituencyFactory(name="Leicester City")
    council = place.council
    ro = make_user(Role.RETURNING_OFFICER, mfa=False, display_name="Ros Returning")
    secret = give_totp(ro)
    ann, ben = (
        make_user(Role.MEMBER, display_name=name, username=name.split()[0].lower())
        for name in ("Ann Able", "Ben Bold")
    )
    voters = [
        make_user(Role.MEMBER, display_name=f"Voter {i}", username=f"voter{i}") for i in range(4)
    ]
    join(place, ann, ben, *voters)

    # --- Draft: the returning officer sets the election up ----------------------------------
    sign_in(page, base, ro.username, audit, secret)
    page.goto(f"{base}/council/{council.slug}/")
    audit(page)
    page.get_by_role("link", name="Set up an election").click()
    audit(page)
    page.get_by_label("Title").fill("Leicester City representative 2026")
    page.get_by_role("button", name="Save election").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Leicester City representative 2026")
    audit(page)
    page.get_by_label("Constituency").select_option(label="Leicester City")
    page.get_by_role("button", name="Save election").click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Returning officer")
    audit(page)
    election = Election.objects.get(title="Leicester City representative 2026")
    assert election.status == Election.Status.DRAFT
    _post_step(page, audit, "Open nominations now", "Nominations are open.")

    # --- Nominations: two members stand, on their phones -------------------------------------
    for person, statement in (
        (ann, "I will push for appointments that fit around work."),
        (ben, "Housing first. I know what it is like to sleep rough."),
    ):
        mobile = new_device(phone=True)
        sign_in(mobile, base, person.username, audit)
        mobile.goto(f"{base}/council/elections/{election.pk}/")
        audit(mobile)
        mobile.get_by_role("link", name="Stand, or nominate someone").click()
        audit(mobile)
        mobile.get_by_label("Myself").check()
        mobile.get_by_label("Your candidate statement").fill(statement)
        mobile.get_by_role("button", name="Make nomination").click()
        expect(mobile.get_by_role("heading", level=1)).to_have_text("My nominations")
        audit(mobile)

    page.reload()
    for name in ("Ann Able", "Ben Bold"):
        page.get_by_role("link", name=f"Decide {name}").click()
        audit(page)
        page.get_by_label("Accept: they will stand").check()
        page.get_by_role("button", name="Record decision").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    audit(page)
    _post_step(page, audit, "Close nominations now", "Nominations are closed.")
    _post_step(page, audit, "Open voting now (this freezes the election)", "Voting is open")
    election.refresh_from_db()
    assert election.is_frozen and election.roll_size == 6

    # --- Voting: two members vote online, on phones ------------------------------------------
    receipts = {}
    for voter, ranking in ((voters[0], ["Ann Able", "Ben Bold"]), (voters[1], ["Ben Bold"])):
        mobile = new_device(phone=True)
        sign_in(mobile, base, voter.username, audit)
        receipts[voter.username] = _vote(mobile, base, audit, election, ranking)
        # No second vote.
        mobile.goto(f"{base}/council/elections/{election.pk}/vote/")
        expect(mobile.locator("main")).to_contain_text("You have voted in this election")
        audit(mobile)

    # --- Paper ballots: two people hand in papers -------------------------------------------
    page.goto(f"{base}/council/elections/{election.pk}/manage/")
    expect(page.locator("main")).to_contain_text("2 of 6 people on the roll have voted")
    audit(page)
    page.get_by_role("link", name="Mark someone as voted on paper").click()
    audit(page)
    page.get_by_label("Their username").fill(voters[0].username)
    page.get_by_role("button", name="Mark as voted on paper").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already voted")
    audit(page)
    for voter in voters[2:]:
        page.get_by_label("Their username").fill(voter.username)
        page.get_by_role("button", name="Mark as voted on paper").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("voted on paper")
    audit(page)
    page.goto(f"{base}/council/elections/{election.pk}/paper/enter/")
    audit(page)
    page.get_by_role("button", name="Enter this ballot").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Put the number 1")
    audit(page)
    for ranking in (["Ann Able"], ["Ann Able", "Ben Bold"]):
        for number, name in enumerate(ranking, start=1):
            page.get_by_label(name, exact=True).select_option(str(number))
        page.get_by_role("button", name="Enter this ballot").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Paper ballot entered")
    audit(page)
    assert Participation.objects.filter(election=election, channel="paper").count() == 2

    # The member who voted on paper cannot vote online as well.
    mobile = new_device(phone=True)
    sign_in(mobile, base, voters[2].username, audit)
    mobile.goto(f"{base}/council/elections/{election.pk}/vote/")
    expect(mobile.locator("main")).to_contain_text("You have voted in this election")
    audit(mobile)

    # --- Close, count, check, release --------------------------------------------------------
    page.goto(f"{base}/council/elections/{election.pk}/manage/")
    audit(page)
    # Closing early goes through a confirmation page that says who has not voted yet.
    page.get_by_role("button", name="Close voting now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close voting now?")
    expect(page.locator(".govuk-warning-text")).to_contain_text("have not voted yet")
    audit(page)
    election.refresh_from_db()
    assert election.status == Election.Status.VOTING_OPEN  # nothing happens until confirmed
    page.get_by_role("button", name="Yes, close voting now").click()
    expect(page.locator(".govuk-panel")).to_contain_text("ballot box is sealed")
    audit(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Run the count").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run the count?")
    audit(page)
    page.get_by_role("button", name="Yes, run the count").click()
    expect(page.locator(".govuk-panel")).to_contain_text("The count is done")
    audit(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Not released")
    expect(page.locator(".govuk-panel")).to_contain_text("Ann Able")
    audit(page)
    assert Ballot.objects.filter(election=election).count() == 4

    mobile = new_device(phone=True)
    sign_in(mobile, base, voters[1].username, audit)
    response = mobile.goto(f"{base}/council/elections/{election.pk}/results/")
    assert response.status == 404  # hidden from everyone until released
    audit(mobile)

    # "Release" comes after the count it asks the officer to check, and asks first.
    page.get_by_role("button", name="Release the result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release the result?")
    audit(page)
    page.get_by_role("button", name="Yes, release the result").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The result is published")
    audit(page)
    page.get_by_role("link", name="printable version").click()
    audit(page)
    election.refresh_from_db()
    assert election.status == Election.Status.PUBLISHED

    # --- Members check the result and their receipt, on the phone ---------------------------
    mobile.goto(f"{base}/council/elections/{election.pk}/results/")
    expect(mobile.locator(".govuk-panel")).to_contain_text("Ann Able")
    audit(mobile)
    mobile.get_by_role("link", name="check your receipt code").click()
    audit(mobile)
    mobile.get_by_label("Your receipt code").fill(receipts[voters[1].username].lower())
    mobile.get_by_role("button", name="Check").click()
    expect(mobile.locator(".govuk-panel__title")).to_have_text("Your vote was counted")
    audit(mobile)
    mobile.goto(f"{base}/council/{council.slug}/representatives/")
    expect(mobile.locator("main")).to_contain_text("Ann Able")
    audit(mobile)

    assert len(audit.visited) >= 40
