"""Each role's home page, with things to do, passes axe (WCAG 2.2 A and AA) on a 390-px phone
and a 1280-px desktop, and the to-do list is the first thing after the greeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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
