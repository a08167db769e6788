"""Issue 7 pages: the journeys through the forms, bad input, flat query counts, home and nav."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from peersupport import services
from peersupport.models import (
    Match,
    MatchRequest,
    MatchStatus,
    ShiftPattern,
    ShiftSignUp,
    ShiftSignUpStatus,
    Unavailability,
)
from tests import dates
from tests.factories import make_user
from tests.peersupport.factories import active_mentor
from tests.peersupport.practice_factories import (
    first_shift,
    helpline_mentor,
    make_pattern,
    match_profile,
    request_for,
    shift_in,
)

pytestmark = pytest.mark.django_db


def _problem(response) -> str:
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert "There is a problem" in body
    return body


# --- Helpline -------------------------------------------------------------------------


def test_staff_plan_shifts_in_the_form_and_refuse_nonsense(client_for, staff):
    client = client_for(staff)
    url = reverse("peersupport:pattern-create")
    friday = timezone.localdate() + timedelta(days=(4 - timezone.localdate().weekday()) % 7 + 7)
    data = {
        "title": "Friday evening helpline",
        **dates.posted("anchor_date", friday),
        "start_time": "6pm",
        "duration_minutes": "240",
        "repeat": "weekly",
        "mentors_needed": "2",
        "drop_cutoff_hours": "48",
        "weeks_ahead": "4",
    }
    assert client.post(url, data).status_code == 302
    pattern = ShiftPattern.objects.get()
    assert pattern.rrule == "FREQ=WEEKLY;BYDAY=FR" and pattern.shifts.count() >= 3
    body = _problem(
        client.post(
            url,
            dict(
                data,
                title="Night <b>",
                repeat="custom",
                rrule="FREQ=MINUTELY",
                start_time="25:00",
                duration_minutes="5",
                mentors_needed="0",
                **{"anchor_date_0": "30", "anchor_date_1": "2", "anchor_date_2": "2027"},
            ),
        )
    )
    assert "Start time must be a real time, like 9:30am or 14:30" in body
    assert "Enter 30 or more." in body
    assert "Enter 1 or more." in body
    assert "First date must be a real date" in body
    assert 'value="Night &lt;b&gt;"' in body
    edit = reverse("peersupport:pattern-edit", kwargs={"pk": pattern.pk})
    assert client.get(edit).status_code == 200
    _problem(client.post(edit, {"title": "", "mentors_needed": "many", "weeks_ahead": "99"}))


def test_mentor_signs_up_drops_and_sets_unavailability_through_the_pages(client_for, staff):
    mentor = helpline_mentor(staff)
    shift = shift_in(staff, 100)
    client = client_for(mentor)
    page = client.get(reverse("peersupport:shift-list")).content.decode()
    assert shift.title in page
    client.post(reverse("peersupport:shift-signup", kwargs={"pk": shift.pk}))
    assert ShiftSignUp.objects.get(user=mentor).status == ShiftSignUpStatus.ON_ROTA
    drop = reverse("peersupport:shift-drop", kwargs={"pk": shift.pk})
    _problem(client.post(drop, {"reason": ""}))
    assert client.post(drop, {"reason": "Hospital appointment"}).status_code == 302
    assert ShiftSignUp.objects.get(user=mentor).status == ShiftSignUpStatus.DROPPED
    url = reverse("peersupport:unavailability-list")
    body = _problem(
        client.post(
            url,
            {
                "weekday": "9",
                "start_time": "10pm",
                "end_time": "2am",
                **{"valid_from_0": "soon", "valid_from_1": "1", "valid_from_2": "2027"},
            },
        )
    )
    assert "Choose a day from the list." in body
    assert "Date it starts from must be a real date" in body
    body = _problem(
        client.post(
            url,
            {
                "weekday": "4",
                "start_time": "22:00",
                "end_time": "02:00",
                **dates.posted("valid_from", timezone.localdate()),
            },
        )
    )
    assert "add two entries" in body
    client.post(url, {"weekday": "4", **dates.posted("valid_from", timezone.localdate())})
    item = Unavailability.objects.get(user=mentor)
    assert item.weekday == 4 and item.is_whole_day
    assert "Every Friday" in client.get(url).content.decode()
    remove = reverse("peersupport:unavailability-delete", kwargs={"pk": item.pk})
    asked = client.get(remove).content.decode()
    assert "Remove this time?" in asked and "Every Friday" in asked and "No, go back" in asked
    client.post(remove)  # a bare POST only asks again
    assert Unavailability.objects.exists()
    client.post(remove, {"confirm": "yes"})
    assert not Unavailability.objects.exists()


def test_mentors_do_not_see_who_else_is_on_a_shift_but_staff_do(client_for, staff):
    a = helpline_mentor(staff, display_name="Alex Onrota")
    b = helpline_mentor(staff, display_name="Bea Other")
    shift = first_shift(make_pattern(staff))
    services.shift_signup(shift=shift, user=a)
    url = reverse("peersupport:shift-detail", kwargs={"pk": shift.pk})
    assert "Alex Onrota" not in client_for(b).get(url).content.decode()
    staff_page = client_for(staff).get(url).content.decode()
    assert "Alex Onrota" in staff_page and "Bea Other" in staff_page  # free to cover


def test_coverage_page_shows_gaps_and_asks_free_mentors_in_one_click(
    client_for, staff, query_count
):
    pattern = make_pattern(staff, mentors_needed=2, weeks_ahead=3)
    a = helpline_mentor(staff, display_name="Alex")
    helpline_mentor(staff, display_name="Bea")
    shifts = list(pattern.shifts.order_by("starts_at"))
    services.shift_signup(shift=shifts[0], user=a)
    client = client_for(staff)
    url = reverse("peersupport:shift-coverage")
    body = client.get(url).content.decode()
    assert "Short by 1" in body and "No mentors yet" in body
    assert "Ask 1 free mentor" in body and "Ask 2 free mentors" in body
    response = client.post(
        reverse("peersupport:shift-invite", kwargs={"pk": shifts[1].pk}), {"next": "coverage"}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert Notification.objects.filter(kind="peersupport_shift_cover").count() == 2
    # The query count does not grow with shifts, rota places or mentors.
    few = query_count(client, url, {"weeks": "8"})
    more = make_pattern(
        staff, title="Saturday", anchor_date=shifts[0].local_date + timedelta(days=1), weeks_ahead=6
    )
    for i in range(4):
        mentor = helpline_mentor(staff, display_name=f"M{i}")
        services.unavailability_add(user=mentor, weekday=5, valid_from=timezone.localdate())
        services.shift_signup(shift=list(more.shifts.order_by("starts_at"))[i], user=mentor)
    assert query_count(client, url, {"weeks": "8"}) == few
    assert client.get(url, {"weeks": "banana"}).status_code == 200


# --- Matching -------------------------------------------------------------------------


def test_member_asks_for_a_woman_who_speaks_punjabi_and_staff_match_from_suggestions(
    client_for, staff, member
):
    from tests.peersupport.practice_factories import WOMAN, language

    punjabi = language("Punjabi")
    fit = active_mentor(staff, display_name="Harpreet")
    match_profile(fit, staff, gender=WOMAN, languages=[punjabi])
    other = active_mentor(staff, display_name="Dave")
    match_profile(other, staff, gender="man", languages=[punjabi])
    client = client_for(member)
    body = _problem(
        client.post(
            reverse("peersupport:request-create"),
            {"kind": "mentor", "gender": "robot", "must_fit": "on"},
        )
    )
    assert "Choose at least one kind of help." in body
    response = client.post(
        reverse("peersupport:request-create"),
        {
            "kind": "mentor",
            "needs": ["emotional", "social"],
            "gender": WOMAN,
            "language": punjabi.pk,
            "must_fit": "on",
            "about": "Evenings are best",
        },
    )
    assert response.status_code == 302
    assert not MatchRequest.objects.filter(member=member).exists()
    check = client.get(reverse("peersupport:request-check")).content.decode()
    assert "Check your answers" in check and "Evenings are best" in check
    assert check.count(">Change<") == 8
    response = client.post(reverse("peersupport:request-check"))
    assert response.status_code == 302
    request = MatchRequest.objects.get(member=member)
    staff_client = client_for(staff)
    page = staff_client.get(reverse("peersupport:request-detail", kwargs={"pk": request.pk}))
    body = page.content.decode()
    assert "Harpreet" in body and "Dave" not in body
    assert "Speaks Punjabi." in body and "points" in body
    match_url = reverse("peersupport:match-create", kwargs={"pk": request.pk})
    body = _problem(staff_client.post(match_url, {"mentor": other.pk}))
    assert "Choose a mentor from the suggestions." in body
    response = staff_client.post(match_url, {"mentor": fit.pk})
    match = Match.objects.get()
    assert response.status_code == 302 and match.mentor == fit
    # The mentor accepts in their page, then logs a contact.
    mentor_client = client_for(fit)
    mentor_client.post(
        reverse("peersupport:match-respond", kwargs={"pk": match.pk}), {"decision": "yes"}
    )
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE
    contact_url = reverse("peersupport:contact-create", kwargs={"pk": match.pk})
    body = _problem(
        mentor_client.post(
            contact_url,
            {
                "contact_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
                "duration_minutes": "an hour",
                "method": "pigeon",
            },
        )
    )
    assert "Enter a whole number, like 2." in body
    response = mentor_client.post(
        contact_url,
        {
            "contact_on": timezone.localdate().isoformat(),
            "duration_minutes": "50",
            "method": "in_person",
            "needs": ["emotional"],
            "notes": "Coffee",
            "then": "concern",
        },
    )
    assert response.status_code == 302 and "contact=" in response["Location"]
    page = client_for(member).get(reverse("peersupport:my-requests")).content.decode()
    assert "Your mentor is Harpreet" in page and "Coffee" not in page


def test_suggestions_page_has_a_flat_query_count(client_for, staff, member, query_count):
    request = request_for(member)
    match_profile(active_mentor(staff), staff)
    url = reverse("peersupport:request-detail", kwargs={"pk": request.pk})
    few = query_count(client_for(staff), url)
    for _ in range(5):
        match_profile(active_mentor(staff), staff)
    assert query_count(client_for(staff), url) == few


def test_matching_forms_refuse_nonsense(client_for, staff):
    client = client_for(staff)
    body = _problem(
        client.post(
            reverse("peersupport:match-referral"),
            {"username": "nobody", "kind": "mentor", "needs": ["joy"]},
        )
    )
    assert "There is nobody with that username." in body
    assert "Say why you are referring them." in body
    body = _problem(
        client.post(
            reverse("peersupport:do-not-match-list"), {"mentor": "x", "member": "y", "reason": ""}
        )
    )
    assert "There is nobody with that username." in body
    mentor = active_mentor(staff)
    profile_url = reverse(
        "peersupport:staff-match-profile", kwargs={"pk": mentor.mentor_profile.pk}
    )
    body = _problem(client.post(profile_url, {"capacity": "11", "offers": ["x"]}))
    assert "Enter 10 or fewer." in body
    member = make_user("member")
    match_profile(mentor, staff)
    match = services.match_create(request=request_for(member), mentor=mentor, actor=staff)
    response = client.post(
        reverse("peersupport:match-move", kwargs={"pk": match.pk}), {"to": "paused", "reason": ""}
    )
    assert response.status_code == 302  # pausing a proposed match is not a move it allows
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


# --- Home and navigation --------------------------------------------------------------


def test_home_page_offers_the_new_pages_by_role(client_for, staff, member, mentor):
    home = reverse("core:home")
    mentor_page = client_for(mentor).get(home).content.decode()
    for url in ("shift-list", "mentoring", "claim-list", "concern-create"):
        assert reverse(f"peersupport:{url}") in mentor_page
    member_page = client_for(member).get(home).content.decode()
    assert reverse("peersupport:request-create") in member_page
    assert reverse("peersupport:shift-list") not in member_page
    staff_page = client_for(staff).get(home).content.decode()
    for url in ("shift-coverage", "matching-home", "concern-list", "expenses-staff"):
        assert reverse(f"peersupport:{url}") in staff_page


def test_matching_home_and_concern_list_have_flat_query_counts(client_for, staff, query_count):
    mentor = active_mentor(staff)
    match_profile(mentor, staff, capacity=10)

    def add(n):
        for _ in range(n):
            member = make_user("member")
            match = services.match_create(request=request_for(member), mentor=mentor, actor=staff)
            services.concern_raise(actor=mentor, severity="low", description="x", match=match)
            request_for(make_user("member"))

    add(1)
    client = client_for(staff)
    home = reverse("peersupport:matching-home")
    concerns = reverse("peersupport:concern-list")
    few = (query_count(client, home), query_count(client, concerns))
    add(4)
    assert (query_count(client, home), query_count(client, concerns)) == few
