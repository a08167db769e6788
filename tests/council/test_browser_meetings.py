"""Issue 8's "Done means", in a real browser with axe (WCAG 2.2 A and AA) on every page.

A member tells their rep about a housing problem on their phone, keeping their name to
themselves; the rep joins it with three similar ones and raises it at a council meeting that
staff planned; a senior manager responds in writing on the agenda; the meeting is held,
attendance taken and minutes drafted by staff, approved by the chair (the rep) and
published; staff turn the decision into an action with one click; and the member follows
the whole trail — and nobody but the member ever sees who they are.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actionplan.models import Action
from actionplan.services import plans as plan_services
from council import services
from council.models import AgendaItem, Meeting, Minutes, RepIssue
from tests import dates
from tests.council.browsing import fits_the_screen, sign_in
from tests.council.factories import ConstituencyFactory, PortfolioFactory, join, represent
from tests.factories import give_totp, make_user
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups", "action_plan_wired")]

PROBLEM = "My hostel curfew is 7pm, so I have had to turn down evening shifts at work."


def test_from_tell_your_rep_to_an_action_with_the_member_following_the_trail(
    live_server, page, new_device, audit
):
    base = live_server.url
    city = ConstituencyFactory(name="Leicester City")
    council = city.council
    PortfolioFactory(council=council, name="Housing")
    staff = make_user(Role.STAFF, mfa=False, display_name="Priya Staff", username="priya.staff")
    staff_secret = give_totp(staff)
    manager = make_user(
        Role.SENIOR_MANAGER, mfa=False, display_name="Chris Senior", username="chris.senior"
    )
    manager_secret = give_totp(manager)
    rep = make_user(Role.MEMBER, display_name="Rae Rep", username="rae.rep")
    represent(city, staff, rep)
    member = make_user(Role.MEMBER, display_name="Jordan Member", username="jordan")
    neighbours = [
        make_user(Role.MEMBER, display_name=f"Neighbour {i}", username=f"neighbour{i}")
        for i in range(3)
    ]
    join(city, member, *neighbours)
    for i, person in enumerate(neighbours):
        services.rep_issue_create(
            actor=person, constituency=city, problem=f"Hostel curfew stops me working ({i})."
        )
    plan = plan_services.plan_create(
        title="User involvement 2026-28",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
        actor=staff,
    )
    plan_services.objective_create(
        plan=plan, title="Act on what the council raises", term="short", actor=staff
    )

    # --- Staff plan the meeting --------------------------------------------------------------
    sign_in(page, base, staff.username, audit, staff_secret)
    page.goto(f"{base}/council/{council.slug}/")
    audit(page)
    page.get_by_role("link", name="Plan a meeting").click()
    audit(page)
    starts = (timezone.now() + datetime.timedelta(days=14)).replace(hour=18, minute=0)
    page.get_by_label("Title").fill("Spring council with senior managers")
    dates.fill(page, "Starts", starts)
    dates.fill(page, "Ends", starts - datetime.timedelta(hours=1))
    page.get_by_label("Username of the chair").fill(rep.username)
    page.get_by_label("Usernames of staff and senior managers expected").fill(manager.username)
    page.get_by_role("button", name="Save meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The meeting must end after it starts")
    expect(summary).to_contain_text("Say where the meeting is")
    expect(page.get_by_label("Title")).to_have_value("Spring council with senior managers")
    audit(page)
    dates.fill(page, "Ends", starts + datetime.timedelta(hours=2))
    page.get_by_label("Place").fill("Leicester probation office, Room 4")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring council with senior managers")
    audit(page)
    meeting = Meeting.objects.get()
    assert meeting.chair == rep and meeting.attendees.count() == 2

    # --- The member tells their rep, on their phone ------------------------------------------
    phone = new_device(phone=True)
    sign_in(phone, base, member.username, audit)
    audit(phone)
    phone.get_by_role("main").get_by_role("link", name="Tell your rep").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tell your rep")
    assert fits_the_screen(phone)
    audit(phone)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Say what the problem is")
    audit(phone)
    phone.get_by_label("What is the problem?").fill(PROBLEM)
    phone.get_by_label("What would help? (optional)").fill("A later curfew if you are working.")
    phone.get_by_label("What is it about? (optional)").select_option(label="Housing")
    expect(phone.get_by_label("Nobody. Do not share my name.")).to_be_checked()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check your answers")
    audit(phone)
    phone.get_by_role("button", name="Send to my representatives").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your issue")
    expect(phone.locator("main")).to_contain_text("Sent to your representatives for Leicester City")
    assert fits_the_screen(phone)
    audit(phone)
    issue = RepIssue.objects.get(raised_by=member)

    # --- The rep joins it with three similar ones and raises it -----------------------------
    rep_page = new_device()
    sign_in(rep_page, base, rep.username, audit)
    rep_page.get_by_role("navigation", name="Menu").get_by_role("link", name="Rep inbox").click()
    expect(rep_page.get_by_role("heading", level=1)).to_have_text("Your inbox: issues from members")
    inbox = rep_page.locator("main")
    expect(inbox).to_contain_text("Name not shared")
    expect(inbox).not_to_contain_text("Jordan")
    audit(rep_page)
    rep_page.get_by_role("link", name=re.compile("My hostel curfew is 7pm")).click()
    expect(rep_page.get_by_role("heading", level=1)).to_have_text("Issue from a member")
    expect(rep_page.locator("main")).to_contain_text("Name not shared")
    audit(rep_page)
    rep_page.get_by_role("link", name="Join similar issues to this one").click()
    audit(rep_page)
    rep_page.get_by_role("button", name="Join them to this issue").click()
    expect(rep_page.locator(".govuk-error-summary")).to_contain_text("Choose at least one issue")
    audit(rep_page)
    for i in range(3):
        rep_page.get_by_label(re.compile(rf"Hostel curfew stops me working \({i}\)")).check()
    rep_page.get_by_role("button", name="Join them to this issue").click()
    expect(rep_page.locator(".govuk-notification-banner")).to_contain_text("3 issues joined")
    audit(rep_page)
    rep_page.get_by_role("link", name="Raise it at a council meeting").click()
    audit(rep_page)
    rep_page.get_by_label("Which meeting?").select_option(index=1)
    rep_page.get_by_label("Title for the agenda").fill("Hostel curfews stop people working")
    rep_page.get_by_label("What you will ask the council").fill(
        "Four members have raised this. We ask for a later curfew for people in work."
    )
    rep_page.get_by_role("button", name="Put it on the agenda").click()
    expect(rep_page.get_by_role("heading", level=1)).to_have_text(
        "Hostel curfews stop people working"
    )
    expect(rep_page.locator(".govuk-summary-list")).to_contain_text("4")
    audit(rep_page)
    item = AgendaItem.objects.get()
    assert item.people_count == 4

    # --- A senior manager responds on the agenda ---------------------------------------------
    manager_page = new_device()
    sign_in(manager_page, base, manager.username, audit, manager_secret)
    manager_page.get_by_role("navigation", name="Menu").get_by_role("link", name="Meetings").click()
    audit(manager_page)
    manager_page.get_by_role("link", name="Spring council with senior managers").click()
    audit(manager_page)
    manager_page.get_by_role("link", name="Hostel curfews stop people working", exact=True).click()
    detail = manager_page.locator("main")
    expect(detail).to_contain_text(PROBLEM)  # what members said, for the person answering
    for name in ("Jordan", "jordan", "Neighbour"):
        expect(detail).not_to_contain_text(name)  # but never who said it
    audit(manager_page)
    manager_page.get_by_role("link", name="Write a response").click()
    audit(manager_page)
    manager_page.get_by_label("Your response").fill(
        "We will let approved premises agree a 10pm curfew with anyone in work, from May."
    )
    manager_page.get_by_role("button", name="Post response").click()
    expect(manager_page.locator(".govuk-notification-banner")).to_contain_text("Response posted")
    audit(manager_page)

    # The member is told, and sees where it has got to.
    phone.goto(f"{base}/council/issues/{issue.pk}/")
    trail = phone.locator("main")
    expect(trail).to_contain_text("Raised at Spring council with senior managers")
    expect(trail).to_contain_text("Answered by Chris Senior")
    expect(trail).to_contain_text("10pm curfew")
    audit(phone)
    phone.goto(f"{base}/messages/")
    expect(phone.locator("main")).to_contain_text(
        "A senior manager has answered the issue you raised"
    )
    audit(phone)

    # --- The meeting is held (time passes), minuted, approved and published -----------------
    held = timezone.now() - datetime.timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=held, ends_at=held + datetime.timedelta(hours=2)
    )
    page.goto(f"{base}/council/meetings/{meeting.pk}/")
    audit(page)
    page.get_by_role("link", name="Who is expected, and attendance").click()
    audit(page)
    for name in ("Rae Rep", "Chris Senior"):
        page.get_by_role("group", name=re.compile(name)).get_by_label("Present").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance saved")
    audit(page)
    page.get_by_role("link", name="Write the minutes").click()
    audit(page)
    page.get_by_label("Summary of the meeting").fill(
        "The council met the head of the Leicester office. One item was discussed."
    )
    page.get_by_label("Hostel curfews stop people working").fill(
        "The representative explained that four members had raised this."
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("main .govuk-tag")).to_have_text("Draft")
    audit(page)
    page.get_by_role("link", name="Record a decision").click()
    audit(page)
    page.get_by_label("Agenda item").select_option(label="Hostel curfews stop people working")
    page.get_by_label("What was decided").fill(
        "Approved premises to offer a 10pm curfew to residents in work, from May."
    )
    page.get_by_role("button", name="Add decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision added")
    audit(page)

    # Unpublished minutes are invisible to members.
    response = phone.goto(f"{base}/council/meetings/{meeting.pk}/minutes/")
    assert response.status == 404
    audit(phone)

    rep_page.goto(f"{base}/council/meetings/{meeting.pk}/minutes/")
    audit(rep_page)
    rep_page.get_by_role("button", name="Approve the minutes (as chair)").click()
    expect(rep_page.locator(".govuk-notification-banner")).to_contain_text("Minutes approved")
    audit(rep_page)
    page.reload()
    page.get_by_role("button", name="Publish the minutes to members").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Minutes published")
    audit(page)
    assert Minutes.objects.get(meeting=meeting).is_published

    # --- Staff make the decision an action, with one click ----------------------------------
    page.get_by_role("link", name="Make this decision an action").click()
    expect(page).to_have_url(re.compile(r"/action-plan/actions/new/\?source_kind=council_decision"))
    expect(page.locator(".govuk-inset-text")).to_contain_text("10pm curfew")
    audit(page)
    page.get_by_label("Objective").select_option(index=1)
    page.get_by_label("Title").fill("Later curfews for residents in work")
    page.get_by_label("What we will do").fill("Agree 10pm curfews in all approved premises.")
    dates.fill(page, "Due date", "2027-05-31")
    page.get_by_label("Show on the 'You said, we did' board").check()
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Later curfews for residents in work")
    audit(page)
    action = Action.objects.get()
    assert action.sources.get().ref_model == "council.decision"

    # --- The member follows the trail to the action ------------------------------------------
    phone.goto(f"{base}/council/issues/mine/")
    expect(phone.locator("main")).to_contain_text("Minutes published")
    audit(phone)
    phone.get_by_role("link", name=re.compile("My hostel curfew is 7pm")).click()
    trail = phone.locator("main")
    for step in (
        "Sent to your representatives for Leicester City",
        "Raised at Spring council with senior managers",
        "4 people raised this",
        "Answered by Chris Senior",
        "Discussed at the meeting",
        "Approved premises to offer a 10pm curfew",
        "Became an action: Later curfews for residents in work",
    ):
        expect(trail).to_contain_text(step)
    assert fits_the_screen(phone)
    audit(phone)
    phone.get_by_role("link", name="Read the minutes").click()
    expect(phone.locator("main")).to_contain_text("four members had raised this")
    audit(phone)
    phone.go_back()
    phone.get_by_role("link", name="See it on the “You said, we did” board").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Later curfews for residents in work"
    )
    audit(phone)

    # Nobody but the member ever saw who raised it.
    for person_page in (page, rep_page, manager_page):
        person_page.goto(f"{base}/council/agenda/{item.pk}/")
        expect(person_page.locator("main")).not_to_contain_text("Jordan")
        audit(person_page)
    assert len(audit.visited) >= 40
