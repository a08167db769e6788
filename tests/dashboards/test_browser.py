"""A senior manager's journey through the dashboards in a real browser, with axe on each page.

Signs in with a password and a two-factor code, opens the dashboard from the menu, reads the
representativeness table beside its chart, picks a period that makes no sense and is told
why, then opens one council's page. Every page passes axe (WCAG 2.2 A and AA) and breaks no
browser rule (no CSP refusals, no missing static files).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dashboards.models import CaseloadFigure, Dimension
from tests.browser_support import totp_code
from tests.dashboards import factories as f
from tests.factories import TEST_PASSWORD, give_totp, make_user
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]


def _world():
    today = timezone.localdate()
    north = f.make_council("North")
    city = f.place(north)
    men = f.members(city, 30, gender="man", ethnic_group="white", on=today - timedelta(days=300))
    women = f.members(
        f.place(north, 1), 8, gender="woman", ethnic_group="asian", on=today - timedelta(days=300)
    )
    f.election(city, opens=today - timedelta(days=20), roll_size=38, voters=men[:10] + women[:5])
    consultation, question = f.consultation(city, opened=today - timedelta(days=30))
    housing, travel = f.codes("Housing", "Travel costs")
    for i in range(12):
        f.respond(
            consultation,
            question,
            on=today - timedelta(days=i),
            gender="woman" if i % 2 else "man",
            area=city.name,
            codes=[housing] if i % 3 else [housing, travel],
        )
    staff = make_user(Role.STAFF, mfa=False)
    objective = f.objective()
    f.action(objective, staff, due_on=today - timedelta(days=3))
    f.action(objective, staff, due_on=today + timedelta(days=30), progress=80, is_public=True)
    for person in men[:6]:
        f.mentor(person)
    f.session(today - timedelta(days=2), [(men[0], f.ATTENDED), (men[1], f.NO_SHOW)])
    CaseloadFigure.objects.create(council=north, dimension=Dimension.TOTAL, count=1000, as_of=today)
    CaseloadFigure.objects.create(
        council=north, dimension=Dimension.GENDER, category="woman", count=150, as_of=today
    )
    return north


def test_senior_manager_reads_the_dashboard(live_server, page, audit):
    north = _world()
    manager = make_user(
        Role.SENIOR_MANAGER, mfa=False, display_name="Sue Senior", username="sue.senior"
    )
    secret = give_totp(manager)
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(manager.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/")
    audit(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All councils")
    expect(page.locator(".govuk-inset-text").first).to_contain_text("Figures as of")
    expect(
        page.get_by_role("img", name=re.compile("Share of each group, by gender"))
    ).to_be_visible()
    gender = page.locator("#table-representation-gender")
    expect(gender).to_contain_text("Woman")
    expect(gender).to_contain_text("8 (21%)")  # 8 of 38 members
    expect(gender).to_contain_text("150 (15%)")  # the caseload beside them
    expect(page.locator("#table-themes")).to_contain_text("Housing")
    expect(page.locator("#table-councils")).to_contain_text("North")
    audit(page)

    page.get_by_label("Period", exact=True).select_option("custom")
    page.get_by_label("From", exact=True).fill("2026-05-01")
    page.get_by_label("To", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The last day must be the same as or after the first day"
    )
    audit(page)

    page.get_by_label("Period", exact=True).select_option("this_quarter")
    page.get_by_role("button", name="Show figures").click()
    page.locator("#table-councils").get_by_role("link", name="North").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(north.name)
    expect(
        page.get_by_role("link", name=re.compile("Download this table \\(CSV\\)")).first
    ).to_be_visible()
    audit(page)
    assert len(audit.visited) == 4
