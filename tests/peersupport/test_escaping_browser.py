"""A mentor's display name is text on the staff session page, in a real browser (issue 14.1).

The attendance form uses each mentor's name as a radio group's legend. Printed as markup, a
name holding a <meta http-equiv=refresh> sent the staff member to an outside site, and one
holding a <button formaction=...> inside the form approved the mentor's own expense claim,
with the staff member's CSRF token, when the staff member clicked it.
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from peersupport import services
from peersupport.models import ClaimStatus
from tests.factories import make_user
from tests.peersupport.factories import active_mentor
from tests.peersupport.practice_factories import PDF, attended_session, upload
from users.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

REFRESH = '<meta http-equiv=refresh content="0;url=https://evil.example/login">'


def _button(claim_pk: int) -> str:
    return (
        f"<button formaction=/peer-support/staff/expenses/{claim_pk}/decide/ "
        "name=decision value=approve>Save</button>"
    )


def _sign_in(page, live_server, user) -> None:
    """Start a session for ``user`` (staff have two-factor set up by make_user)."""
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


def _setting_up():
    staff = make_user("staff", display_name="Sam Staff")
    mentor = active_mentor(staff, display_name="Mo Mentor")
    session = attended_session(staff, mentor)
    claim = services.claim_save(
        claimant=mentor,
        source=f"session-{session.pk}",
        journey_from="Loughborough",
        journey_to="Leicester",
        mode="bus",
        amount=Decimal("4.50"),
        receipt=upload(PDF, "ticket.pdf"),
    )
    services.claim_submit(claim=claim, actor=mentor, declaration=True)
    return staff, mentor, session, claim


@pytest.mark.parametrize("payload", ["refresh", "button"])
def test_a_mentors_name_holding_markup_does_nothing_on_the_session_page(
    page, live_server, audit, payload
):
    staff, mentor, session, claim = _setting_up()
    name = REFRESH if payload == "refresh" else _button(claim.pk)
    # As a mentor could type it on My account (update(): the length check is not the point).
    User.objects.filter(pk=mentor.pk).update(display_name=name)

    outside: list[str] = []
    page.route(
        re.compile(r"https?://evil\.example/.*"),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    _sign_in(page, live_server, staff)
    url = live_server.url + reverse("peersupport:occurrence-detail", kwargs={"pk": session.pk})
    page.goto(url)
    page.wait_for_timeout(1500)  # time for a refresh of 0 seconds to have happened
    assert page.url == url and outside == []
    audit(page)

    # What the page shows, noted before the click below can take the browser elsewhere.
    legend = page.locator("legend", has_text=name)
    legends = legend.all_inner_texts()
    injected = page.locator("meta[http-equiv], button[formaction], input[formaction]").count()

    # The staff member clicks the first "Save" button on the page, as anyone would.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Save")).first.click()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.decided_by is None

    # The name is shown as the words the mentor typed, as the attendance question's legend.
    assert [text.strip() for text in legends] == [name]
    assert injected == 0
