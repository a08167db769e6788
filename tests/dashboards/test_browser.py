"""A senior manager's journey through the dashboards in a real browser, with axe on each page.

Signs in with a password and a two-factor code, opens the dashboard from the menu, reads the
representativeness table beside its chart, picks a period that makes no sense and is told
why, then opens one council's page. Every page passes axe (WCAG 2.2 A and AA) and breaks no
browser rule (no CSP refusals, no missing static files).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dashboards import services
from dashboards.models import CaseloadFigure, Dimension
from tests import dates
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

    page.get_by_label("Show the figures for", exact=True).select_option("custom")
    dates.fill(page, "From", "2026-05-01")
    dates.fill(page, "To", "2026-01-01")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The last day must be the same as or after the first day"
    )
    audit(page)

    page.get_by_label("Show the figures for", exact=True).select_option("this_quarter")
    page.get_by_role("button", name="Show figures").click()
    page.locator("#table-councils").get_by_role("link", name="North").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(north.name)
    expect(
        page.get_by_role("link", name=re.compile("Download this table \\(CSV\\)")).first
    ).to_be_visible()
    audit(page)
    assert len(audit.visited) == 4


SHOTS = Path(os.environ.get("DASHBOARD_SCREENSHOTS", "/tmp/dashboard-shots"))


def test_senior_manager_acts_on_the_attention_list_and_prints_the_board_pack(
    live_server, page, audit
):
    """Attention first; follow an item to its page; the board pack printed (A4); axe at a
    390 px phone and at desktop width. Screenshots go to $DASHBOARD_SCREENSHOTS."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    north = _world()
    # Two women among the mentors: a count that the board pack shows as "fewer than 5".
    for person in f.members(f.place(north), 2, gender="woman", ethnic_group="white"):
        f.mentor(person)
    services.monthly_figures_refresh()  # what the periodic job keeps for the trends
    manager = make_user(Role.SENIOR_MANAGER, mfa=False, username="sam.senior")
    secret = give_totp(manager)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(manager.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/")

    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base}/dashboards/")
        # The first thing under the page's title is the attention list.
        headings = page.locator("main h2").all_inner_texts()
        assert headings[0] == "Needs your attention", headings[:3]
        expect(page.locator(".dash-attention__item").first).to_contain_text("overdue")
        page.screenshot(path=str(SHOTS / f"dashboard-{width}.png"), full_page=False)
        for part in ("headline", "representation", "consultations", "actions"):
            page.locator(f"#{part}").screenshot(path=str(SHOTS / f"{part}-{width}.png"))
        # Chart text: at least 16 px on a desktop, at least 12 px on a phone.
        smallest = page.evaluate(
            "() => Math.min(...[...document.querySelectorAll('svg.dash-chart text')]"
            ".map(t => t.getBoundingClientRect().height).filter(h => h > 0))"
        )
        assert smallest >= (16 if width > 1000 else 12), (width, smallest)
        audit(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/dashboards/")
    item = page.locator(".dash-attention__item").filter(has_text="overdue")
    item.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("plan", re.I))
    audit(page)

    page.goto(f"{base}/dashboards/")
    page.get_by_role("link", name="Board pack to print").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All councils")
    expect(page.locator("main")).to_contain_text("Prepared on")
    expect(page.locator("#representation")).to_contain_text("fewer than 5")
    audit(page)
    page.set_viewport_size({"width": 390, "height": 844})
    audit(page)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.locator("#attention .govuk-details__text")).to_be_visible()
    page.screenshot(path=str(SHOTS / "board-pack-print.png"), full_page=True)
    assert len(audit.visited) == 5
