"""The action plan's journey in a real browser, with axe (WCAG 2.2 A and AA) on every page.

A staff user signs in (password and TOTP), builds the plan and its objectives from the
report's four recommendations, turns a council decision (passed the way council's "make
this an action" button will pass it) and a consultation theme into actions; the user
champion posts an update; the member who raised the decision sees it on the board and
finds the message telling them — and nobody's name is on the board.

Uses the browser fixtures of tests/browser_support.py (Chromium, axe, page-problem watcher).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from actionplan import sources
from actionplan.models import Action, Plan
from core.models import Notification
from tests import dates
from tests.browser_support import totp_code
from tests.factories import TEST_PASSWORD, give_totp, make_user
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]

RECOMMENDATIONS = [
    ("Agree a strategy and action plan, and show progress", "Short term (within a year)", "1"),
    ("Build a continuum of helping relationships", "Long term", "2"),
    ("Recruit and train user champions", "Short term (within a year)", "3"),
    ("Run a pilot probation council", "Short term (within a year)", "4"),
]


@pytest.fixture
def council_decision():
    """Council's resolver is not built yet: a stand-in for decision 7, raised by a member."""
    raiser = make_user(Role.MEMBER, display_name="Rita Raiser", username="rita.raiser")

    def resolve(*, pk: str, user):
        if pk != "7":
            return None
        return {
            "summary": "Appointments should not clash with work or college",
            "raised_by": [raiser.pk],
        }

    sources.register("council.decision", kind="council_decision", resolve=resolve)
    yield raiser
    sources.unregister("council.decision")


def sign_in(page, base: str, username: str, secret: str | None = None) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/")


def test_from_you_said_to_we_did(live_server, page, fresh_page, audit, council_decision):
    base = live_server.url
    staff = make_user(Role.STAFF, mfa=False, display_name="Priya Staffname", username="priya.staff")
    secret = give_totp(staff)
    champion = make_user(
        Role.MEMBER, Role.REPRESENTATIVE, display_name="Sam Champion", username="sam.champion"
    )
    raiser = council_decision

    # --- Staff build the plan from the report's four recommendations ---------------------
    sign_in(page, base, staff.username, secret)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plans")
    audit(page)
    page.get_by_role("link", name="Start a plan").click()
    audit(page)
    page.get_by_label("Title").fill("User involvement and peer-led support 2026–28")
    dates.fill(page, "Starts", "2026-04-01")
    dates.fill(page, "Ends", "2026-01-01")
    page.get_by_role("button", name="Save plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The end date must be on or after")
    audit(page)
    dates.fill(page, "Ends", "2028-03-31")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "User involvement and peer-led support 2026–28"
    )
    audit(page)
    plan = Plan.objects.get()

    for title, term, recommendation in RECOMMENDATIONS:
        page.get_by_role("link", name="Add an objective").first.click()
        page.get_by_label("Objective", exact=True).fill(title)
        page.get_by_label(term).check()
        page.get_by_label("Which of the report's recommendations").select_option(recommendation)
        page.get_by_role("button", name="Save objective").click()
        expect(page.get_by_role("heading", name=re.compile(title))).to_be_visible()
    audit(page)
    assert sorted(plan.objectives.values_list("recommendation", flat=True)) == [1, 2, 3, 4]
    objective_4 = plan.objectives.get(number=4)

    # --- A council decision becomes an action (council's button passes it like this) ----
    page.goto(
        f"{base}/action-plan/actions/new/?objective={objective_4.pk}"
        "&source_kind=council_decision&source_ref=council.decision:7"
    )
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Appointments should not clash with work or college"
    )
    expect(page.locator(".govuk-inset-text")).to_contain_text("will be told")
    audit(page)
    page.get_by_label("Title").fill("Evening and early-morning appointments")
    page.get_by_label("What we will do").fill(
        "Offer appointments before 9am and after 5pm in every office."
    )
    page.get_by_label("User champion").select_option(label="Sam Champion (sam.champion)")
    dates.fill(page, "Due date", "2027-03-31")
    page.get_by_label("Theme").select_option(label="Relationships with officers and programmes")
    page.get_by_label("Show on the 'You said, we did' board").check()
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Evening and early-morning appointments"
    )
    audit(page)

    # --- A consultation theme becomes an action (typed: no consultations resolver yet) ---
    page.goto(f"{base}/action-plan/plans/{plan.pk}/")
    page.get_by_role("link", name="Add an action to objective 2").click()
    page.get_by_label("Title").fill("Out-of-hours helpline with trained ex-users")
    page.get_by_label("What we will do").fill("Evenings and weekends, staffed by peer mentors.")
    dates.fill(page, "Due date", "2027-06-30")
    page.get_by_label("Theme").select_option(label="Health and wellbeing")
    page.get_by_label("Show on the 'You said, we did' board").check()
    page.get_by_label("Where did this come from?").select_option(label="Theme from a consultation")
    page.get_by_label("How many people said this").fill("57")
    page.get_by_role("button", name="Save action").click()
    # Forgot what was said: a plain message, and everything typed is still there.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say in plain words what was said")
    expect(page.get_by_label("Title")).to_have_value("Out-of-hours helpline with trained ex-users")
    audit(page)
    page.get_by_label("What was said").fill(
        "Service users supporting service users would help most"
    )
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("57 people said this")).to_be_visible()
    audit(page)
    assert Action.objects.count() == 2

    # --- The user champion posts an update ----------------------------------------------
    champion_page = fresh_page
    champion_page.set_viewport_size({"width": 375, "height": 800})
    sign_in(champion_page, base, champion.username)
    champion_page.get_by_role("link", name="My actions").first.click()
    audit(champion_page)
    champion_page.get_by_role("link", name="Evening and early-morning appointments").click()
    audit(champion_page)
    champion_page.get_by_role("link", name="Post an update").click()
    audit(champion_page)
    champion_page.get_by_label("What happened").fill(
        "Two offices now open until 7pm on Tuesdays. The others start in January."
    )
    champion_page.get_by_label("Status").select_option(label="In progress")
    champion_page.get_by_label("Progress (%)").fill("40")
    champion_page.get_by_role("button", name="Post update").click()
    expect(champion_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Update posted"
    )
    audit(champion_page)

    # --- The member who raised it sees it on the board, and was told ----------------------
    member_page = fresh_page
    member_page.context.clear_cookies()
    member_page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(member_page, base, raiser.username)
    audit(member_page)
    member_page.get_by_role("main").get_by_role("link", name="You said, we did").click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    board = member_page.locator("main")
    expect(board).to_contain_text("Appointments should not clash with work or college")
    expect(board).to_contain_text("Two offices now open until 7pm")
    expect(board).to_contain_text("40% done")
    expect(board).to_contain_text("57 people said this")
    for name in ("Priya Staffname", "priya.staff", "Sam Champion", "sam.champion", "Rita Raiser"):
        expect(board).not_to_contain_text(name)
    audit(member_page)
    member_page.get_by_role("link", name="Evening and early-morning appointments").click()
    expect(member_page.get_by_text("The user champion")).to_be_visible()
    audit(member_page)
    member_page.goto(f"{base}/messages/")
    expect(member_page.locator("main")).to_contain_text(
        'Update: "Evening and early-morning appointments" is now In progress'
    )
    audit(member_page)
    assert Notification.objects.filter(user=raiser, kind="actionplan_status_changed").count() == 1

    assert len(audit.visited) >= 17


def _sign_in_as(context, live_server, user) -> None:
    """A session made directly (the journey above signs in through the real forms)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.clear_cookies()
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_every_action_plan_page_passes_axe(live_server, page, audit, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from actionplan import services
    from tests.actionplan.factories import ObjectiveFactory, create_action

    staff = make_user(Role.STAFF)
    champion = make_user(Role.MEMBER, Role.MENTOR)
    objective = ObjectiveFactory()
    action = create_action(by=staff, objective=objective, champion=champion, is_public=True)
    services.milestone_create(action=action, title="Draft", due_on=action.due_on, actor=staff)
    services.update_post(
        action=action,
        actor=staff,
        note="Started",
        status="blocked",
        status_reason="Waiting for money",
        evidence_file=SimpleUploadedFile("n.txt", b"notes"),
    )
    milestone = action.milestones.get()
    base = live_server.url

    _sign_in_as(page.context, live_server, staff)
    for path in (
        "/action-plan/actions/",
        "/action-plan/actions/?status=done",
        f"/action-plan/actions/{action.pk}/",
        f"/action-plan/actions/{action.pk}/edit/",
        f"/action-plan/actions/{action.pk}/history/",
        f"/action-plan/actions/{action.pk}/milestones/new/",
        f"/action-plan/milestones/{milestone.pk}/edit/",
        f"/action-plan/actions/{action.pk}/sources/new/",
        f"/action-plan/plans/{objective.plan_id}/objectives/new/",
        f"/action-plan/objectives/{objective.pk}/edit/",
        f"/action-plan/plans/{objective.plan_id}/edit/",
        "/action-plan/mine/",
    ):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        audit(page)

    # The import page with its row-by-row problem report.
    page.goto(f"{base}/action-plan/plans/{objective.plan_id}/import/")
    audit(page)
    bad = tmp_path / "plan.csv"
    bad.write_text("objective,title,description,owner,due_date\n9,,,nobody,never\n")
    page.get_by_label("New actions").check()
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Nothing was imported")
    audit(page)

    # A bulk change that is refused says why.
    page.goto(f"{base}/action-plan/actions/")
    page.get_by_label(f"Choose {action.title}").check()
    page.get_by_label("New status").select_option(label="Dropped")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("main")).to_contain_text("Say why the action was dropped.")
    expect(page.locator("main")).to_contain_text("No action was changed.")
    audit(page)

    _sign_in_as(page.context, live_server, champion)
    for path in (
        "/action-plan/champion-name/",
        f"/action-plan/actions/{action.pk}/update/",
        "/action-plan/?theme=housing",
        f"/action-plan/you-said-we-did/{action.pk}/",
    ):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        audit(page)
    page.goto(f"{base}/action-plan/actions/{action.pk}/update/")
    page.get_by_label("Status").select_option(label="Dropped")
    page.get_by_role("button", name="Post update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what has happened.")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the action was dropped.")
    audit(page)
