"""Mentoring matches: requests, the ranking's hard filters and score, the lifecycle, contacts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from peersupport import services
from peersupport.matching.selectors import suggestions
from peersupport.models import (
    ContactLog,
    MatchRequestStatus,
    MatchStatus,
)
from tests.factories import make_user
from tests.peersupport.factories import active_mentor
from tests.peersupport.practice_factories import (
    WOMAN,
    area,
    experience,
    language,
    match_profile,
    request_for,
)

pytestmark = pytest.mark.django_db


def _names(request):
    return [row.profile.user.display_name for row in suggestions(request)]


def _mentor(staff, name, **profile):
    mentor = active_mentor(staff, display_name=name)
    match_profile(mentor, staff, **profile)
    return mentor


# --- Requests -------------------------------------------------------------------------


def test_member_asks_and_staff_refer(staff, member):
    request = request_for(member, social=True, about="Evenings suit me")
    assert request.source == "self" and request.status == MatchRequestStatus.OPEN
    with pytest.raises(ValidationError, match="already asked"):
        request_for(member)
    other = make_user("member")
    with pytest.raises(ValidationError, match="Say why"):
        services.match_request_create(member=other, actor=staff, kind="mentor", emotional=True)
    referred = services.match_request_create(
        member=other, actor=staff, kind="befriender", practical=True, referral_reason="Isolated"
    )
    assert referred.source == "staff"
    assert Notification.objects.filter(user=other, kind="peersupport_match_referred").exists()
    with pytest.raises(ValidationError, match="at least one kind"):
        services.match_request_create(
            member=make_user("member"), actor=staff, kind="mentor", referral_reason="x"
        )
    with pytest.raises(ValidationError, match="Only peer-support staff"):
        services.match_request_create(
            member=make_user("member"), actor=member, kind="mentor", emotional=True
        )


def test_withdraw_only_while_waiting(member):
    request = request_for(member)
    services.match_request_withdraw(request=request, actor=member)
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.match_request_withdraw(request=request, actor=member)


# --- Ranking: hard filters ------------------------------------------------------------


def test_hard_filters(staff, member):
    punjabi, leicester = language("Punjabi"), area("Leicester City")
    housing = experience("Housing and homelessness")
    _mentor(
        staff, "Fits", gender=WOMAN, languages=[punjabi], areas=[leicester], experience=[housing]
    )
    _mentor(
        staff, "A man", gender="man", languages=[punjabi], areas=[leicester], experience=[housing]
    )
    _mentor(staff, "No Punjabi", gender=WOMAN, areas=[leicester], experience=[housing])
    _mentor(staff, "Not taking", gender=WOMAN, languages=[punjabi], accepting=False)
    _mentor(staff, "Full", gender=WOMAN, languages=[punjabi], capacity=0)
    _mentor(staff, "Only befriends", gender=WOMAN, languages=[punjabi], offers_mentoring=False)
    _mentor(
        staff, "Only practical", gender=WOMAN, languages=[punjabi], emotional=False, social=False
    )
    blocked = _mentor(staff, "Do not match", gender=WOMAN, languages=[punjabi])
    services.do_not_match_add(mentor=blocked, member=member, reason="Co-defendants", actor=staff)
    paused = _mentor(staff, "Paused", gender=WOMAN, languages=[punjabi])
    services.mentor_pause(
        profile=paused.mentor_profile,
        actor=staff,
        reason="Break",
        review_date=timezone.localdate() + timedelta(days=9),
    )
    request = request_for(
        member,
        emotional=True,
        gender=WOMAN,
        gender_must=True,
        language=punjabi,
        language_must=True,
    )
    assert _names(request) == ["Fits"]
    # Without the musts, the others who pass the remaining filters come back, ranked lower.
    loose = request_for(
        make_user("member"),
        kind="befriender",
        emotional=True,
        gender=WOMAN,
        language=punjabi,
        area=leicester,
    )
    names = _names(loose)
    assert names[0] == "Fits"
    assert set(names) == {"Fits", "A man", "No Punjabi", "Do not match", "Only befriends"}


def test_capacity_counts_live_matches_and_area_and_experience_musts(staff):
    north = area("Rutland")
    recovery = experience("Recovery from drugs or alcohol")
    busy = _mentor(staff, "Busy", capacity=1, areas=[north], experience=[recovery])
    _mentor(staff, "Elsewhere", experience=[recovery])
    first = request_for(make_user("member"), area=north, area_must=True)
    assert _names(first) == ["Busy"]
    services.match_create(request=first, mentor=busy, actor=staff)
    second = request_for(make_user("member"), experience=[recovery], experience_must=True)
    assert _names(second) == ["Elsewhere"]


# --- Ranking: score and breakdown -----------------------------------------------------


def test_score_and_its_breakdown(staff, member):
    punjabi, leicester = language("Punjabi"), area("Leicester City")
    housing, recovery = experience("Housing and homelessness"), experience("Recovery")
    _mentor(
        staff,
        "Best",
        gender=WOMAN,
        languages=[punjabi],
        areas=[leicester],
        experience=[housing, recovery],
        capacity=5,
    )
    _mentor(
        staff,
        "Some",
        gender=WOMAN,
        emotional=True,
        social=False,
        practical=False,
        experience=[housing],
        capacity=1,
    )
    request = request_for(
        member,
        emotional=True,
        practical=True,
        gender=WOMAN,
        language=punjabi,
        area=leicester,
        experience=[housing, recovery],
    )
    best, some = suggestions(request)
    # 2 kinds x 10 + gender 20 + language 20 + area 15 + 2 experiences x 10 + 3 places x 2
    assert best.score == 20 + 20 + 20 + 15 + 20 + 6
    assert some.score == 10 + 20 + 0 + 0 + 10 + 2
    parts = {p.label: (p.points, p.why) for p in some.parts}
    assert parts["Kinds of support"] == (
        10,
        "Offers emotional of the emotional and practical support asked for.",
    )
    assert parts["Language"] == (0, "Does not speak Punjabi.")
    assert parts["Room to take someone on"][0] == 2
    assert sum(p.points for p in best.parts) == best.score


def test_suggestions_take_a_fixed_number_of_queries(staff, member):
    punjabi = language("Punjabi")
    request = request_for(member, language=punjabi, experience=[experience("Housing")])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            rows = suggestions(request)
            for row in rows:
                list(row.languages.all())
                row.parts  # noqa: B018
        return len(ctx)

    _mentor(staff, "One", languages=[punjabi])
    few = count()
    for i in range(8):
        _mentor(staff, f"More {i}", languages=[punjabi])
    assert count() == few <= 5


# --- Matching and the lifecycle -------------------------------------------------------


def test_staff_match_from_suggestions_and_the_mentor_accepts(staff, member):
    mentor = _mentor(staff, "Mentor")
    request = request_for(member)
    match = services.match_create(request=request, mentor=mentor, actor=staff)
    assert match.status == MatchStatus.PROPOSED
    assert match.fit["score"] > 0 and match.fit["parts"]
    request.refresh_from_db()
    assert request.status == MatchRequestStatus.MATCHED
    assert Notification.objects.filter(user=mentor, kind="peersupport_match_proposed").exists()
    assert not Notification.objects.filter(user=member).exists()  # not until it starts
    services.match_move(match=match, actor=mentor, to=MatchStatus.ACTIVE)
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE and match.started_on == timezone.localdate()
    assert Notification.objects.filter(user=member, kind="peersupport_match_started").exists()
    with pytest.raises(ValidationError, match="Only peer-support staff"):
        services.match_move(match=match, actor=mentor, to=MatchStatus.ENDED, reason="x")
    with pytest.raises(ValidationError, match="review date"):
        services.match_move(match=match, actor=staff, to=MatchStatus.PAUSED, reason="Holiday")
    services.match_move(
        match=match,
        actor=staff,
        to=MatchStatus.PAUSED,
        reason="Holiday",
        review_date=timezone.localdate() + timedelta(days=14),
    )
    services.match_move(match=match, actor=staff, to=MatchStatus.ENDED, reason="Goals met")
    request.refresh_from_db()
    assert request.status == MatchRequestStatus.CLOSED
    assert [h.to_status for h in match.history.order_by("created_at", "id")] == [
        "proposed",
        "active",
        "paused",
        "ended",
    ]
    with pytest.raises(ValidationError, match="cannot become"):
        services.match_move(match=match, actor=staff, to=MatchStatus.ACTIVE)


def test_declined_match_puts_the_request_back(staff, member):
    mentor = _mentor(staff, "Mentor")
    request = request_for(member)
    match = services.match_create(request=request, mentor=mentor, actor=staff)
    services.match_move(match=match, actor=mentor, to=MatchStatus.ENDED, reason="Know them")
    request.refresh_from_db()
    assert request.status == MatchRequestStatus.OPEN
    assert Notification.objects.filter(user=staff, kind="peersupport_match_changed").exists()
    assert not Notification.objects.filter(user=member).exists()


def test_match_refused_when_a_hard_filter_fails_with_reasons(staff, member):
    mentor = _mentor(staff, "Mentor")
    services.do_not_match_add(mentor=mentor, member=member, reason="Victim", actor=staff)
    request = request_for(member)
    with pytest.raises(ValidationError, match="do-not-match"):
        services.match_create(request=request, mentor=mentor, actor=staff)
    with pytest.raises(ValidationError, match="already recorded"):
        services.do_not_match_add(mentor=mentor, member=member, reason="Again", actor=staff)


def test_nothing_is_matched_automatically(staff, member):
    _mentor(staff, "Mentor")
    request_for(member)
    from peersupport.models import Match

    assert Match.objects.count() == 0


# --- Contact logs ---------------------------------------------------------------------


def _active_match(staff, member):
    mentor = _mentor(staff, "Mentor")
    match = services.match_create(request=request_for(member), mentor=mentor, actor=staff)
    services.match_move(match=match, actor=mentor, to=MatchStatus.ACTIVE)
    return mentor, match


def test_contact_logs_rules(staff, member):
    mentor, match = _active_match(staff, member)
    today = timezone.localdate()
    contact = services.contact_log(
        match=match,
        actor=mentor,
        contact_on=today,
        duration_minutes=45,
        method="phone",
        emotional=True,
        practical=True,
        notes="Talked about housing",
    )
    assert contact.kinds == ["Emotional", "Practical"]
    with pytest.raises(ValidationError, match="at least one kind"):
        services.contact_log(
            match=match, actor=mentor, contact_on=today, duration_minutes=5, method="phone"
        )
    with pytest.raises(ValidationError, match="future"):
        services.contact_log(
            match=match,
            actor=mentor,
            contact_on=today + timedelta(days=1),
            duration_minutes=5,
            method="phone",
            social=True,
        )
    with pytest.raises(ValidationError, match="Only the mentor"):
        services.contact_log(
            match=match,
            actor=staff,
            contact_on=today,
            duration_minutes=5,
            method="phone",
            social=True,
        )


def test_contact_logs_seen_by_the_mentor_and_staff_only(client_for, staff, member, role_users):
    mentor, match = _active_match(staff, member)
    services.contact_log(
        match=match,
        actor=mentor,
        contact_on=timezone.localdate(),
        duration_minutes=30,
        method="in_person",
        social=True,
        notes="Secret-ish note",
    )
    url = reverse("peersupport:match-detail", kwargs={"pk": match.pk})
    assert "Secret-ish note" in client_for(mentor).get(url).content.decode()
    assert "Secret-ish note" in client_for(staff).get(url).content.decode()
    other_mentor = active_mentor(staff)
    for who in [
        member,
        other_mentor,
        *(
            role_users[r]
            for r in ("mentor", "representative", "senior_manager", "data_steward", "outsider")
        ),
    ]:
        response = client_for(who).get(url)
        assert response.status_code in (302, 403, 404), who
        assert b"Secret-ish note" not in response.content
    # The member's own page says who their mentor is, but shows no contact notes.
    page = client_for(member).get(reverse("peersupport:my-requests")).content.decode()
    assert "Mentor" in page and "Secret-ish note" not in page
    assert ContactLog.objects.count() == 1
