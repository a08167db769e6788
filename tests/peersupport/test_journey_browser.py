"""The whole peer-support journey in a real browser, with an accessibility audit on each page.

Staff take a member from referral to active mentor, plan the fortnightly group and the
supervision on the weeks between; the mentor signs up; staff record attendance; the fifth
group earns a certificate; an employer checks its code on the public page.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peersupport import services
from peersupport.models import Attendance, Certificate, Occurrence, SignUp
from tests import dates
from tests.factories import make_user
from tests.peersupport.factories import next_weekday, past_occurrences

# Shared browser fixtures (tests/browser_support.py): page, fresh_page, audit, live_server.
# reference_data puts back the roles, qualifications and certificate rules that the
# transactional flush empties.
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


def test_referral_to_verified_certificate(page, fresh_page, browser, live_server, audit):
    staff_user = make_user("staff", display_name="Sam Staff")
    member = make_user("member", display_name="Robin Member")
    today = timezone.localdate()

    staff = page
    _sign_in(staff, live_server, staff_user)
    staff.goto(live_server.url + reverse("peersupport:referral-create"))
    audit(staff)
    staff.get_by_label("Their username").fill(member.username)
    staff.get_by_label("Who referred them").fill("Pat Officer")
    staff.get_by_label("Probation officer").check()
    staff.get_by_label("Why they are being referred").fill("Doing well, wants to help others.")
    staff.get_by_label("They have agreed to be referred to peer support").check()
    staff.get_by_role("button", name="Refer to peer support").click()
    staff.get_by_text("Referral recorded").wait_for()
    audit(staff)

    staff.get_by_role("button", name="Record the suitability assessment").click()
    dates.fill(staff, "Date of the assessment", today.isoformat())
    staff.get_by_label("Motivation").fill("Keen to give something back.")
    staff.get_by_label("Engagement in treatment").fill("Attends every appointment.")
    staff.get_by_label("Stability").fill("Stable for a year.")
    staff.get_by_label("Suitable", exact=True).check()
    audit(staff)
    staff.get_by_role("button", name="Save assessment").click()
    staff.get_by_text("Assessment saved").wait_for()

    staff.get_by_role("button", name="Record training").click()
    staff.get_by_label("An Introduction to Peer Support").check()
    dates.fill(staff, "Date completed", today.isoformat())
    staff.get_by_role("button", name="Record training").click()
    staff.get_by_text("Training recorded").wait_for()
    staff.get_by_role("button", name="Make them an active mentor").click()
    staff.get_by_text("is now an active peer mentor").wait_for()

    # Before today: the new mentor has already been at four groups.
    for occurrence in past_occurrences(staff_user, 4, title="Earlier group"):
        signup = services.signup_create(occurrence=occurrence, user=member, actor=staff_user)
        SignUp.objects.filter(pk=signup.pk).update(attendance=Attendance.ATTENDED)

    tuesday = next_weekday(1)
    for title, kind, first, mentors, others in [
        ("Peer Support Group", "Peer Support Group", tuesday, "2", "0"),
        (
            "One-to-one supervision",
            "One-to-one supervision",
            tuesday + timedelta(weeks=1),
            "0",
            "4",
        ),
    ]:
        staff.goto(live_server.url + reverse("peersupport:series-create"))
        staff.get_by_label("Name", exact=True).fill(title)
        staff.get_by_label(kind, exact=True).check()
        dates.fill(staff, "First date", first.isoformat())
        staff.get_by_label("Start time").fill("18:00")
        staff.get_by_label("Every two weeks").check()
        staff.get_by_label("Place", exact=True).fill("Group room 2")
        staff.get_by_label("Places for peer mentors").fill(mentors)
        staff.get_by_label("Places for people taking part").fill(others)
        audit(staff)
        staff.get_by_role("button", name="Create the sessions").click()
        staff.get_by_text("Sessions created").wait_for()
    audit(staff)

    mentor = fresh_page
    _sign_in(mentor, live_server, member)
    mentor.goto(live_server.url + reverse("peersupport:occurrence-list"))
    audit(mentor)
    mentor.get_by_role("link", name="Peer Support Group").first.click()
    mentor.get_by_role("button", name="Sign up").click()
    mentor.get_by_text("You are signed up").wait_for()
    audit(mentor)
    signup = SignUp.objects.get(user=member, occurrence__title="Peer Support Group")

    # A fortnight later: the group has happened.
    start = timezone.now() - timedelta(hours=3)
    Occurrence.objects.filter(pk=signup.occurrence_id).update(
        starts_at=start, ends_at=start + timedelta(hours=2)
    )
    SignUp.objects.filter(pk=signup.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))

    staff.goto(
        live_server.url
        + reverse("peersupport:occurrence-detail", kwargs={"pk": signup.occurrence_id})
    )
    staff.get_by_label("Attended", exact=True).check()
    audit(staff)
    staff.get_by_role("button", name="Save attendance").click()
    staff.get_by_text("Attendance saved").wait_for()

    certificate = Certificate.objects.get(user=member, rule__name="Group sessions as a peer mentor")
    mentor.goto(live_server.url + reverse("peersupport:certificate-list"))
    audit(mentor)
    mentor.get_by_role("link", name="Acting as a peer mentor at 5 group sessions").click()
    mentor.get_by_text(certificate.verification_code).wait_for()
    audit(mentor)

    employer = browser.new_context().new_page()
    employer.goto(live_server.url + reverse("peersupport:certificate-verify"))
    audit(employer)
    employer.get_by_label("Verification code").fill(certificate.verification_code.lower())
    employer.get_by_role("button", name="Check the certificate").click()
    employer.get_by_text("This certificate is genuine").wait_for()
    assert "Robin Member" in employer.content()
    audit(employer)

    assert len(audit.visited) >= 12
