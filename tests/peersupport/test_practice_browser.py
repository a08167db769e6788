"""Issue 7 in a real browser, with an axe accessibility audit on every page visited.

A coordinator sees a gap on Friday's helpline shift, a mentor fills it and another swaps
out; a member asks for a woman mentor who speaks Punjabi and staff match them from the
ranked suggestions; the mentor logs a contact and raises a concern the coordinator sees at
once; a travel claim goes from draft to paid.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peersupport import services
from peersupport.models import (
    ClaimStatus,
    ExpenseClaim,
    Match,
    MatchStatus,
    SafeguardingConcern,
    ShiftSignUp,
    ShiftSwap,
    SwapStatus,
)
from tests.factories import make_user
from tests.peersupport.factories import active_mentor
from tests.peersupport.practice_factories import (
    PNG,
    WOMAN,
    attended_session,
    first_shift,
    helpline_mentor,
    language,
    make_pattern,
    match_profile,
    move_shift,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def _sign_in(page, live_server, user) -> None:
    """Start a session for ``user`` in this page's browser (staff 2FA is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _go(page, live_server, name, audit, **kwargs) -> None:
    page.goto(live_server.url + reverse(name, kwargs=kwargs or None))
    audit(page)


def test_gap_filled_and_a_shift_swapped(page, fresh_page, browser, live_server, audit):
    coordinator = make_user("staff", display_name="Cora Coordinator")
    filler = helpline_mentor(coordinator, display_name="Fay Filler")
    leaver = helpline_mentor(coordinator, display_name="Lee Leaver")
    taker = helpline_mentor(coordinator, display_name="Tam Taker")
    friday = first_shift(make_pattern(coordinator, title="Friday evening helpline"))
    friday = move_shift(friday, timezone.now() + timedelta(hours=30))
    services.shift_signup(shift=friday, user=leaver)

    staff = page
    _sign_in(staff, live_server, coordinator)
    _go(staff, live_server, "peersupport:shift-coverage", audit)
    staff.get_by_text("Short by 1").first.wait_for()

    mentor = fresh_page
    _sign_in(mentor, live_server, filler)
    _go(mentor, live_server, "peersupport:shift-list", audit)
    mentor.get_by_role("link", name="Friday evening helpline").first.click()
    audit(mentor)
    mentor.get_by_role("button", name="Sign up to this shift").click()
    mentor.get_by_text("You are on the rota").first.wait_for()
    audit(mentor)

    other = browser.new_context().new_page()
    _sign_in(other, live_server, leaver)
    _go(other, live_server, "peersupport:shift-detail", audit, pk=friday.pk)
    other.get_by_label("A note for whoever takes it (optional)").fill("Phone is in the drawer")
    other.get_by_role("button", name="Offer my shift for a swap").click()
    other.get_by_text("Your shift is offered for a swap").wait_for()
    audit(other)

    third = browser.new_context().new_page()
    _sign_in(third, live_server, taker)
    _go(third, live_server, "peersupport:shift-list", audit)
    third.get_by_role("link", name="Friday evening helpline").first.click()
    third.get_by_text("Phone is in the drawer").wait_for()
    audit(third)
    third.get_by_role("button", name="Take this shift").click()
    third.get_by_text("You have taken this shift").wait_for()
    audit(third)

    assert ShiftSwap.objects.get().status == SwapStatus.TAKEN
    on_rota = set(
        ShiftSignUp.objects.filter(shift=friday, status="on_rota").values_list("user", flat=True)
    )
    assert on_rota == {filler.pk, taker.pk}
    _go(staff, live_server, "peersupport:shift-coverage", audit)
    row = staff.get_by_role("row").filter(has_text="Friday evening helpline").first
    assert "Filled" in row.inner_text() and "Tam Taker" in row.inner_text()
    assert len(audit.visited) >= 9


def test_match_contact_and_concern(page, fresh_page, browser, live_server, audit):
    coordinator = make_user("staff", display_name="Cora Coordinator")
    punjabi = language("Punjabi")
    harpreet = active_mentor(coordinator, display_name="Harpreet Mentor")
    match_profile(harpreet, coordinator, gender=WOMAN, languages=[punjabi])
    dave = active_mentor(coordinator, display_name="Dave Mentor")
    match_profile(dave, coordinator, gender="man", languages=[punjabi])
    member = make_user("member", display_name="Mina Member")

    asker = browser.new_context().new_page()
    _sign_in(asker, live_server, member)
    _go(asker, live_server, "peersupport:request-create", audit)
    asker.get_by_label("Emotional support: someone to talk to who has been there").check()
    asker.get_by_label("A woman").check()
    asker.get_by_label("Language you would like to speak").select_option(label="Punjabi")
    asker.get_by_label("Only suggest mentors who fit every choice I made above").check()
    asker.get_by_role("button", name="Continue").click()
    asker.get_by_role("heading", name="Check your answers").wait_for()
    audit(asker)
    asker.get_by_role("button", name="Send my request").click()
    asker.get_by_text("Peer-support staff will look for someone").wait_for()
    audit(asker)

    staff = page
    _sign_in(staff, live_server, coordinator)
    _go(staff, live_server, "peersupport:matching-home", audit)
    staff.get_by_role("link", name="Mina Member").click()
    staff.get_by_text("Speaks Punjabi.").first.wait_for()
    audit(staff)
    assert "Dave Mentor" not in staff.content()
    staff.get_by_label("Harpreet Mentor").check()
    staff.get_by_role("button", name="Propose this match").click()
    staff.get_by_text("Match proposed").wait_for()
    audit(staff)

    mentor = fresh_page
    _sign_in(mentor, live_server, harpreet)
    _go(mentor, live_server, "peersupport:mentoring", audit)
    mentor.get_by_role("link", name="Mina Member").click()
    mentor.get_by_label("Yes, I will").check()
    audit(mentor)
    mentor.get_by_role("button", name="Send my answer").click()
    mentor.get_by_text("The match has started").wait_for()
    assert Match.objects.get().status == MatchStatus.ACTIVE
    mentor.get_by_role("link", name="Log a contact").click()
    mentor.get_by_label("How long, in minutes").fill("40")
    mentor.get_by_label("Emotional", exact=True).check()
    mentor.get_by_label("Short notes (optional)").fill("Talked about her court date.")
    audit(mentor)
    mentor.get_by_role("button", name="Save the contact").click()
    mentor.get_by_text("Contact saved").wait_for()
    mentor.get_by_role("link", name="Raise a safeguarding concern about this person").click()
    audit(mentor)
    mentor.get_by_label("High: needs a response today").check()
    mentor.get_by_label("What worries you?").fill("She said her ex has found her address.")
    mentor.get_by_role("button", name="Send the concern to staff now").click()
    mentor.get_by_text("has been sent to the safeguarding staff now").wait_for()
    audit(mentor)

    concern = SafeguardingConcern.objects.get()
    _go(staff, live_server, "peersupport:staff-home", audit)
    staff.get_by_text("1 new safeguarding concern needs someone to pick it up").wait_for()
    staff.get_by_role("link", name="Read the concerns").click()
    audit(staff)
    staff.get_by_role("link", name=concern.reference).click()
    staff.get_by_text("She said her ex has found her address.").wait_for()
    audit(staff)

    _go(asker, live_server, "peersupport:my-requests", audit)
    asker.get_by_text("Your mentor is Harpreet Mentor").wait_for()


def test_claim_from_draft_to_paid(page, fresh_page, live_server, audit):
    coordinator = make_user("staff", display_name="Cora Coordinator")
    claimant = active_mentor(coordinator, display_name="Cal Claimant")
    session = attended_session(coordinator, claimant)

    mentor = fresh_page
    _sign_in(mentor, live_server, claimant)
    _go(mentor, live_server, "peersupport:claim-list", audit)
    mentor.get_by_role("link", name="Make a claim").click()
    audit(mentor)
    mentor.get_by_label("What was the journey for?").select_option(f"session-{session.pk}")
    mentor.get_by_label("From").fill("Loughborough")
    mentor.get_by_label("To", exact=True).fill("Leicester")
    mentor.get_by_label("Bus or coach").check()
    mentor.get_by_label("Amount you paid, in pounds (bus, train, taxi or other)").fill("4.5")
    mentor.get_by_label("Receipt or ticket (optional)").set_input_files(
        files=[{"name": "ticket.png", "mimeType": "image/png", "buffer": PNG}]
    )
    mentor.get_by_role("button", name="Save and check the claim").click()
    mentor.get_by_text("Check it, then send it").wait_for()
    audit(mentor)
    assert "£4.50" in mentor.content()
    mentor.get_by_label("I declare that I made this journey for peer support", exact=False).check()
    mentor.get_by_role("button", name="Send the claim").click()
    mentor.get_by_text("Claim sent").wait_for()
    audit(mentor)
    claim = ExpenseClaim.objects.get()
    assert claim.status == ClaimStatus.SUBMITTED

    staff = page
    _sign_in(staff, live_server, coordinator)
    _go(staff, live_server, "peersupport:expenses-staff", audit)
    staff.get_by_role("link", name=claim.reference).click()
    audit(staff)
    staff.get_by_label("Approve", exact=True).check()
    staff.get_by_role("button", name="Save the decision").click()
    staff.get_by_text("Claim approved").wait_for()
    audit(staff)
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Download for finance (CSV)").click()
    assert "4.50" in Path(download.value.path()).read_text(encoding="utf-8")
    staff.get_by_label("Payment reference").fill("BACS-2026-03-14")
    staff.get_by_role("button", name="Mark these as paid").click()
    staff.get_by_text("1 claim marked as paid").wait_for()
    audit(staff)
    _go(staff, live_server, "peersupport:shift-coverage", audit)

    _go(mentor, live_server, "peersupport:claim-list", audit)
    mentor.get_by_text("Paid", exact=True).wait_for()
    assert ExpenseClaim.objects.get().status == ClaimStatus.PAID
