"""Issue 16: the mentor's journey on a 390-px phone, with an axe audit on every page.

Home → the helpline shift → log a call → log a contact → make a travel claim. Screenshots of
the call-log pages at 390 px and 1280 px go to ``SCREENSHOTS`` when it is set.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peersupport import services
from peersupport.models import ContactLog, ExpenseClaim, HelplineCall, MatchStatus
from tests.factories import make_user
from tests.peersupport.practice_factories import (
    PNG,
    attended_session,
    first_shift,
    helpline_mentor,
    make_pattern,
    match_profile,
    move_shift,
    request_for,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _sign_in(page, live_server, user) -> None:
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


def _shot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def _answer(page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def test_mentor_home_shift_call_contact_claim_on_a_phone(page, fresh_page, live_server, audit):
    coordinator = make_user("staff", display_name="Cora Coordinator")
    mentor_user = helpline_mentor(coordinator, display_name="Mo Mentor")
    shift = first_shift(make_pattern(coordinator, title="Friday evening helpline"))
    services.shift_signup(shift=shift, user=mentor_user)
    shift = move_shift(shift, timezone.now() - timedelta(minutes=90))
    services.local_service_save(actor=coordinator, name="Housing advice line")
    match_profile(mentor_user, coordinator)
    match = services.match_create(
        request=request_for(make_user("member", display_name="Mina Member")),
        mentor=mentor_user,
        actor=coordinator,
    )
    services.match_move(match=match, actor=mentor_user, to=MatchStatus.ACTIVE)
    session = attended_session(coordinator, mentor_user)

    mentor = page
    mentor.set_viewport_size(PHONE)
    _sign_in(mentor, live_server, mentor_user)
    mentor.goto(live_server.url + reverse("core:home"))
    audit(mentor)
    _shot(mentor, "mentor-home")

    mentor.goto(live_server.url + reverse("peersupport:shift-list"))
    audit(mentor)
    mentor.goto(live_server.url + reverse("peersupport:shift-detail", args=[shift.pk]))
    audit(mentor)
    mentor.get_by_role("button", name="Log a call").click()
    mentor.get_by_role("heading", name="Log a helpline call").wait_for()
    audit(mentor)
    _shot(mentor, "call-create")
    started = timezone.localtime(timezone.now() - timedelta(minutes=30))
    mentor.get_by_label("What time did the call start?").fill(started.strftime("%H:%M"))
    mentor.get_by_label("How long was it, in minutes?").fill("15")
    mentor.get_by_label("Housing").check()
    _answer(mentor, "Did you send them to another service?", "Yes")
    mentor.get_by_label("Which service? (optional)").select_option(label="Housing advice line")
    _answer(mentor, "Does someone need to follow it up?", "Yes")
    mentor.get_by_label("What needs doing? (optional)").fill("Ring back on Monday, flat issue.")
    _answer(mentor, "Is the caller a member who agreed to be named?", "No")
    _answer(mentor, "Are you worried about anyone's safety?", "No")
    mentor.get_by_role("button", name="Save the call", exact=True).click()
    mentor.get_by_text("Call saved").wait_for()
    audit(mentor)
    _shot(mentor, "shift-detail-with-calls")
    call = HelplineCall.objects.get()
    assert call.follow_up_open and call.service.name == "Housing advice line"

    # A missing answer: the error summary and the message beside the field.
    mentor.get_by_role("button", name="Log a call").click()
    mentor.get_by_role("button", name="Save the call", exact=True).click()
    mentor.get_by_text("There is a problem").wait_for()
    audit(mentor)
    _shot(mentor, "call-create-errors")

    mentor.goto(live_server.url + reverse("peersupport:match-detail", args=[match.pk]))
    audit(mentor)
    mentor.get_by_role("link", name="Log a contact").click()
    mentor.get_by_label("How long, in minutes").fill("40")
    mentor.get_by_label("Emotional", exact=True).check()
    audit(mentor)
    mentor.get_by_role("button", name="Save the contact").click()
    mentor.get_by_text("Contact saved").wait_for()
    audit(mentor)
    assert ContactLog.objects.count() == 1

    mentor.goto(live_server.url + reverse("peersupport:claim-list"))
    audit(mentor)
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
    mentor.get_by_label("I declare that I made this journey for peer support", exact=False).check()
    mentor.get_by_role("button", name="Send the claim").click()
    mentor.get_by_text("Claim sent").wait_for()
    audit(mentor)
    assert ExpenseClaim.objects.count() == 1

    # The coordinator: the follow-up on their to-do list and the counts page.
    staff = fresh_page
    _sign_in(staff, live_server, coordinator)
    staff.set_viewport_size(PHONE)
    staff.goto(live_server.url + reverse("core:home"))
    staff.get_by_text("1 helpline call to follow up").wait_for()
    audit(staff)
    staff.get_by_role("link", name="1 helpline call to follow up").click()
    staff.get_by_text("Ring back on Monday, flat issue.").wait_for()
    audit(staff)
    _shot(staff, "call-report-staff")
    staff.get_by_role("link", name="Local services mentors can send callers to").click()
    audit(staff)
    _shot(staff, "local-services")

    manager = fresh_page.context.browser.new_context().new_page()
    _sign_in(manager, live_server, make_user("senior_manager"))
    manager.set_viewport_size(PHONE)
    manager.goto(live_server.url + reverse("peersupport:call-report"))
    manager.get_by_text("fewer than 5").first.wait_for()
    audit(manager)
    _shot(manager, "call-report-senior-manager")
    assert "Ring back" not in manager.content()


def test_the_mentor_request_check_page_on_a_phone(page, live_server, audit):
    """Ask for a peer mentor: one declaration, then Check your answers (issue 16)."""
    member = make_user("member", display_name="Mina Member")
    page.set_viewport_size(PHONE)
    _sign_in(page, live_server, member)
    page.goto(live_server.url + reverse("peersupport:request-create"))
    audit(page)
    page.get_by_label("Emotional support: someone to talk to who has been there").check()
    page.get_by_label("A woman").check()
    page.get_by_label("Only suggest mentors who fit every choice I made above").check()
    _shot(page, "request-create")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    audit(page)
    _shot(page, "request-check")
    page.get_by_role("link", name="Change what would help most?").click()
    page.get_by_label("A woman").wait_for()
    assert page.get_by_label("A woman").is_checked()
