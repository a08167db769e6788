"""Each role's home page, with things to do, passes axe (WCAG 2.2 A and AA) on a 390-px phone
and a 1280-px desktop, and the to-do list is the first thing after the greeting."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Consultation
from peersupport.models import ShiftSignUp, ShiftSignUpStatus
from tests.actionplan.factories import create_action
from tests.consultations.factories import make_consultation
from tests.core.test_home_todos import _election, _rep_reply
from tests.factories import make_user
from tests.peersupport.practice_factories import shift_in
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    staff = make_user(Role.STAFF, display_name="Priya")
    member = make_user(Role.MEMBER, display_name="Jordan")
    mentor = make_user(Role.MEMBER, Role.MENTOR, display_name="Alex")
    rep = make_user(Role.MEMBER, Role.REPRESENTATIVE, display_name="Sam")
    _election("North East council", closes_in=timedelta(days=2), voters=[member, mentor])
    consultation = make_consultation(staff, title="Evening appointments")
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() + timedelta(days=4)
    )
    _rep_reply(member, rep)
    shift = shift_in(staff, 30, title="Friday helpline")
    ShiftSignUp.objects.create(
        shift=shift,
        user=mentor,
        status=ShiftSignUpStatus.ON_ROTA,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
    )
    action = create_action(by=staff, owner=staff, title="Evening appointments")
    type(action).objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    return {"member": member, "mentor": mentor, "representative": rep, "staff": staff}


@pytest.mark.parametrize("width", [390, 1280])
def test_home_pages_pass_axe(page, live_server, audit, width, tmp_path):
    people = _world()
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(live_server.url + reverse("core:home"))
    assert page.locator(f'a[href="{reverse("actionplan:board")}"]').count()
    page.screenshot(path=str(tmp_path / f"anonymous-{width}.png"), full_page=True)
    audit(page)
    for who, user in people.items():
        client = Client()
        client.force_login(user)
        page.context.clear_cookies()
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page.goto(live_server.url + reverse("core:home"))
        items = page.locator(".govuk-task-list__item")
        assert items.count() >= 1, who
        # The first thing after "What to do next" is the list, before everything else.
        headings = page.locator("main h2").all_inner_texts()
        assert headings[0] == "What to do next", (who, headings)
        page.screenshot(path=str(tmp_path / f"{who}-{width}.png"), full_page=True)
        audit(page)
    assert len(audit.visited) == 5


def _sign_in_as(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_a_member_and_staff_follow_their_to_do_lists_on_a_phone(page, live_server, audit):
    """Issue 16 "Done means": on a 390-px phone the member goes home → the vote at the top of
    their list → votes → home again, where the vote has gone and the consultation is next →
    the consultation; staff go home → their top to-do item. axe on every page."""
    from tests.council.factories import voting_election

    staff = make_user(Role.STAFF, display_name="Priya")
    member = make_user(Role.MEMBER, display_name="Jordan")
    officer = make_user(Role.RETURNING_OFFICER, display_name="Rita")
    election, _noms, _people = voting_election(officer, candidates=2, extra_voters=[member])
    consultation = make_consultation(staff, title="Evening appointments")
    action = create_action(by=staff, owner=staff, title="Open on Thursday evenings")
    type(action).objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    page.set_viewport_size({"width": 390, "height": 844})
    home = live_server.url + reverse("core:home")
    first_item = page.locator(".govuk-task-list__item a").first

    _sign_in_as(page, live_server, member)
    page.goto(home)
    expect(first_item).to_contain_text(election.title)
    audit(page)
    first_item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your vote")
    audit(page)
    page.locator("main select").first.select_option("1")
    page.get_by_role("button", name="Check my choices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your vote")
    audit(page)
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("You have voted")
    audit(page)

    page.goto(home)
    expect(page.locator(".govuk-task-list")).not_to_contain_text(election.title)
    expect(first_item).to_contain_text(consultation.title)
    first_item.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(consultation.title)
    audit(page)

    _sign_in_as(page, live_server, staff)
    page.goto(home)
    expect(page.locator(".govuk-task-list")).to_be_visible()
    target = first_item.get_attribute("href")
    audit(page)
    first_item.click()
    expect(page).to_have_url(re.compile(re.escape(target.split("?")[0])))
    audit(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
