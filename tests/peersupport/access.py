"""Access rows for peer support: who may reach each URL."""

from tests.access import EVERYONE, MEMBERS, ROLES, STAFF_ONLY, Rule

MENTOR_PAGES = frozenset({"mentor", "administrator"})
MENTOR_OR_STAFF = frozenset({"mentor", "staff", "administrator"})
CERTIFICATE_OWNERS = MEMBERS | {"administrator"}
MINUTES_READERS = MEMBERS | {"staff", "senior_manager", "administrator"}


def objects(users):
    from django.utils import timezone

    from peersupport import services
    from peersupport.models import Certificate, CertificateRule, SessionType
    from tests.peersupport.factories import (
        active_mentor,
        first_occurrence,
        make_series,
        past_occurrences,
    )

    staff = users["staff"]
    # The shared "mentor" user becomes a real active mentor, so its own pages have data.
    mentor = active_mentor(staff, user=users["mentor"])
    series = make_series(staff, title="Matrix group")
    occurrence = first_occurrence(series)
    past = past_occurrences(
        staff,
        1,
        title="Matrix consultation",
        session_type=SessionType.CONSULTATION_GROUP,
        mentor_places=0,
        participant_places=5,
    )[0]
    services.occurrence_minutes_save(occurrence=past, actor=staff, minutes="Notes", publish=True)
    certificate = Certificate.objects.filter(user=mentor).first()
    trainee = active_mentor(staff)
    profile = trainee.mentor_profile
    practice = _practice_objects(users, mentor, staff)
    return {
        **practice,
        "ps_occurrence": occurrence,
        "ps_past": past,
        "ps_series": series,
        "ps_profile": profile,
        "ps_certificate": certificate,
        "ps_rule": CertificateRule.objects.first(),
        "ps_token": services.calendar_feed_issue(user=mentor),
        "ps_today": timezone.localdate(),
    }


def _practice_objects(users, mentor, staff):
    """The helpline, matching, safeguarding and expense records the issue 7 URLs need."""
    from datetime import time
    from decimal import Decimal

    from django.utils import timezone

    from peersupport import services
    from peersupport.models import HELPLINE_QUALIFICATION, MatchStatus, Qualification
    from tests.factories import make_user
    from tests.peersupport.practice_factories import (
        PNG,
        attended_session,
        first_shift,
        helpline_mentor,
        make_pattern,
        match_profile,
        move_shift,
        request_for,
        upload,
    )

    services.qualification_record(
        profile=mentor.mentor_profile,
        qualification=Qualification.objects.get(name=HELPLINE_QUALIFICATION),
        completed_on=timezone.localdate(),
        actor=staff,
    )
    pattern = make_pattern(staff, mentors_needed=3)
    shift = first_shift(pattern)
    on_shift = services.shift_signup(shift=shift, user=mentor)
    other = helpline_mentor(staff)
    swap_shift = first_shift(make_pattern(staff, title="Sunday helpline", start_time=time(9, 0)))
    swap = services.swap_offer(
        signup=services.shift_signup(shift=swap_shift, user=other), actor=other
    )
    unavailable = services.unavailability_add(
        user=mentor, weekday=0, valid_from=timezone.localdate()
    )
    match_profile(mentor, staff)
    open_request = request_for(make_user("member"))
    own_request = request_for(users["member"])
    match = services.match_create(
        request=request_for(make_user("member")), mentor=mentor, actor=staff
    )
    services.match_move(match=match, actor=mentor, to=MatchStatus.ACTIVE)
    contact = services.contact_log(
        match=match,
        actor=mentor,
        contact_on=timezone.localdate(),
        duration_minutes=30,
        method="phone",
        emotional=True,
    )
    concern = services.concern_raise(
        actor=mentor, severity="low", description="Worried", match=match
    )
    entry = services.do_not_match_add(
        mentor=other, member=users["member"], reason="Co-defendants", actor=staff
    )
    claim = services.claim_save(
        claimant=mentor,
        source=f"session-{attended_session(staff, mentor).pk}",
        journey_from="Home",
        journey_to="Group",
        mode="bus",
        amount=Decimal("4.50"),
        receipt=upload(PNG, "ticket.png"),
    )
    spare = services.claim_save(
        claimant=mentor,
        source=f"session-{attended_session(staff, mentor).pk}",
        journey_from="Home",
        journey_to="Group",
        mode="bus",
        amount=Decimal("2.00"),
    )
    # Issue 16: a shift that has started, with the mentor on it, and a call to follow up.
    from datetime import timedelta

    call_shift = first_shift(make_pattern(staff, title="Matrix calls", start_time=time(7, 0)))
    services.shift_signup(shift=call_shift, user=mentor)
    call_shift = move_shift(call_shift, timezone.now() - timedelta(hours=1))
    local_service = services.local_service_save(actor=staff, name="Matrix housing advice")
    call = services.call_log(
        shift=call_shift,
        actor=mentor,
        started_at=timezone.now() - timedelta(minutes=30),
        minutes=5,
        topic="housing",
        follow_up=True,
    )
    return {
        "ps_call_shift": call_shift,
        "ps_call": call,
        "ps_local_service": local_service,
        "ps_pattern": pattern,
        "ps_shift": shift,
        "ps_shift_signup": on_shift,
        "ps_swap": swap,
        "ps_unavailable": unavailable,
        "ps_request": open_request,
        "ps_own_request": own_request,
        "ps_match": match,
        "ps_contact": contact,
        "ps_concern": concern,
        "ps_dnm": entry,
        "ps_claim": claim,
        "ps_spare_claim": spare,
    }


def _pk(name):
    return lambda o: {"pk": o[name].pk}


RULES = [
    Rule("peersupport:occurrence-list", MENTOR_OR_STAFF),
    Rule("peersupport:occurrence-detail", MENTOR_OR_STAFF, kwargs=_pk("ps_occurrence")),
    Rule("peersupport:signup-create", MENTOR_PAGES, method="POST", kwargs=_pk("ps_occurrence")),
    Rule("peersupport:signup-withdraw", MENTOR_PAGES, method="POST", kwargs=_pk("ps_occurrence")),
    Rule("peersupport:my-schedule", MENTOR_PAGES),
    Rule("peersupport:certificate-list", CERTIFICATE_OWNERS),
    # Staff see any certificate; others only their own (the shared mentor's here).
    Rule(
        "peersupport:certificate-detail",
        {"mentor", "staff", "administrator"},
        kwargs=_pk("ps_certificate"),
    ),
    # The secret token is the credential: whoever holds it may read the feed. (Before the
    # rows that remake or turn off the address, which would end this token.)
    Rule("peersupport:calendar-feed", EVERYONE, kwargs=lambda o: {"token": o["ps_token"]}),
    Rule("peersupport:calendar", MENTOR_PAGES),
    Rule("peersupport:calendar-regenerate", MENTOR_PAGES, method="POST"),
    Rule("peersupport:calendar-revoke", MENTOR_PAGES, method="POST"),
    Rule("peersupport:certificate-verify", EVERYONE),
    Rule("peersupport:minutes-list", MINUTES_READERS),
    Rule("peersupport:minutes-detail", MINUTES_READERS, kwargs=_pk("ps_past")),
    Rule("peersupport:staff-home", STAFF_ONLY),
    Rule("peersupport:mentor-list", STAFF_ONLY),
    Rule("peersupport:referral-create", STAFF_ONLY),
    Rule("peersupport:mentor-detail", STAFF_ONLY, kwargs=_pk("ps_profile")),
    Rule("peersupport:assessment-create", STAFF_ONLY, kwargs=_pk("ps_profile")),
    Rule("peersupport:qualification-create", STAFF_ONLY, kwargs=_pk("ps_profile")),
    Rule("peersupport:mentor-activate", STAFF_ONLY, method="POST", kwargs=_pk("ps_profile")),
    Rule("peersupport:mentor-pause", STAFF_ONLY, kwargs=_pk("ps_profile")),
    Rule("peersupport:mentor-leave", STAFF_ONLY, kwargs=_pk("ps_profile")),
    Rule("peersupport:series-list", STAFF_ONLY),
    Rule("peersupport:series-create", STAFF_ONLY),
    Rule("peersupport:series-detail", STAFF_ONLY, kwargs=_pk("ps_series")),
    Rule("peersupport:series-edit", STAFF_ONLY, kwargs=_pk("ps_series")),
    Rule("peersupport:occurrence-edit", STAFF_ONLY, kwargs=_pk("ps_occurrence")),
    Rule("peersupport:occurrence-cancel", STAFF_ONLY, kwargs=_pk("ps_occurrence")),
    Rule("peersupport:signup-assign", STAFF_ONLY, method="POST", kwargs=_pk("ps_occurrence")),
    Rule("peersupport:attendance-record", STAFF_ONLY, method="POST", kwargs=_pk("ps_past")),
    Rule("peersupport:minutes-edit", STAFF_ONLY, kwargs=_pk("ps_past")),
    Rule("peersupport:rule-list", STAFF_ONLY),
    Rule("peersupport:rule-edit", STAFF_ONLY, kwargs=_pk("ps_rule")),
    # Issue 7: the helpline rota. Names on a shift are for staff; mentors see their own.
    Rule("peersupport:shift-list", MENTOR_OR_STAFF),
    Rule("peersupport:shift-detail", MENTOR_OR_STAFF, kwargs=_pk("ps_shift")),
    Rule("peersupport:shift-signup", MENTOR_PAGES, method="POST", kwargs=_pk("ps_shift")),
    Rule("peersupport:shift-drop", MENTOR_PAGES, kwargs=_pk("ps_shift")),
    Rule("peersupport:swap-offer", MENTOR_PAGES, method="POST", kwargs=_pk("ps_shift")),
    Rule("peersupport:swap-withdraw", MENTOR_PAGES, method="POST", kwargs=_pk("ps_swap")),
    Rule("peersupport:swap-accept", MENTOR_PAGES, method="POST", kwargs=_pk("ps_swap")),
    Rule("peersupport:unavailability-list", MENTOR_PAGES),
    # Your own times only: anyone else (administrators too) gets "not found".
    Rule("peersupport:unavailability-delete", {"mentor"}, kwargs=_pk("ps_unavailable")),
    Rule(
        "peersupport:unavailability-delete",
        {"mentor"},
        method="POST",
        kwargs=_pk("ps_unavailable"),
    ),
    Rule("peersupport:shift-coverage", STAFF_ONLY),
    Rule("peersupport:pattern-create", STAFF_ONLY),
    Rule("peersupport:pattern-edit", STAFF_ONLY, kwargs=_pk("ps_pattern")),
    Rule("peersupport:shift-invite", STAFF_ONLY, method="POST", kwargs=_pk("ps_shift")),
    Rule("peersupport:shift-assign", STAFF_ONLY, method="POST", kwargs=_pk("ps_shift")),
    Rule("peersupport:shift-cancel", STAFF_ONLY, kwargs=_pk("ps_shift")),
    Rule("peersupport:shift-remove", STAFF_ONLY, kwargs=_pk("ps_shift_signup")),
    # Issue 16: the call log. Mentors on the shift (and staff) log calls; the counts are for
    # staff and senior managers (small counts hidden for them); follow-ups and the list of
    # local services are for staff.
    Rule("peersupport:call-create", MENTOR_OR_STAFF, kwargs=_pk("ps_call_shift")),
    Rule("peersupport:call-report", STAFF_ONLY | {"senior_manager"}),
    Rule("peersupport:call-follow-up-done", STAFF_ONLY, method="POST", kwargs=_pk("ps_call")),
    Rule("peersupport:local-service-list", STAFF_ONLY),
    Rule("peersupport:local-service-edit", STAFF_ONLY, kwargs=_pk("ps_local_service")),
    # Matches: members ask; the match's mentor and staff see the match; only staff match.
    Rule("peersupport:request-create", CERTIFICATE_OWNERS),
    # Check your answers (issue 16): with nothing to check it sends you back to the questions.
    Rule("peersupport:request-check", CERTIFICATE_OWNERS),
    Rule("peersupport:my-requests", CERTIFICATE_OWNERS),
    Rule("peersupport:request-withdraw", {"member"}, method="POST", kwargs=_pk("ps_own_request")),
    Rule("peersupport:mentoring", MENTOR_PAGES),
    Rule("peersupport:match-profile", MENTOR_PAGES),
    Rule("peersupport:match-detail", MENTOR_OR_STAFF, kwargs=_pk("ps_match")),
    Rule("peersupport:match-respond", {"mentor"}, method="POST", kwargs=_pk("ps_match")),
    Rule("peersupport:contact-create", {"mentor"}, kwargs=_pk("ps_match")),
    Rule("peersupport:concern-create", MENTOR_OR_STAFF),
    Rule("peersupport:matching-home", STAFF_ONLY),
    Rule("peersupport:match-referral", STAFF_ONLY),
    Rule("peersupport:request-detail", STAFF_ONLY, kwargs=_pk("ps_request")),
    Rule("peersupport:match-create", STAFF_ONLY, method="POST", kwargs=_pk("ps_request")),
    Rule("peersupport:match-move", STAFF_ONLY, method="POST", kwargs=_pk("ps_match")),
    Rule("peersupport:do-not-match-list", STAFF_ONLY),
    Rule("peersupport:do-not-match-delete", STAFF_ONLY, kwargs=_pk("ps_dnm")),
    Rule("peersupport:do-not-match-delete", STAFF_ONLY, method="POST", kwargs=_pk("ps_dnm")),
    Rule("peersupport:staff-match-profile", STAFF_ONLY, kwargs=_pk("ps_profile")),
    # Safeguarding concerns: peer-support staff (and administrators) only.
    Rule("peersupport:concern-list", STAFF_ONLY),
    Rule("peersupport:concern-detail", STAFF_ONLY, kwargs=_pk("ps_concern")),
    Rule("peersupport:concern-update", STAFF_ONLY, method="POST", kwargs=_pk("ps_concern")),
    # Travel expenses: the claimant, and the staff who approve expenses.
    Rule("peersupport:claim-list", MENTOR_PAGES),
    Rule("peersupport:claim-create", MENTOR_PAGES),
    Rule("peersupport:claim-detail", MENTOR_OR_STAFF, kwargs=_pk("ps_claim")),
    Rule("peersupport:claim-receipt", MENTOR_OR_STAFF, kwargs=_pk("ps_claim")),
    Rule("peersupport:claim-edit", {"mentor"}, kwargs=_pk("ps_claim")),
    Rule("peersupport:claim-submit", {"mentor"}, method="POST", kwargs=_pk("ps_claim")),
    Rule("peersupport:claim-delete", {"mentor"}, kwargs=_pk("ps_spare_claim")),
    Rule("peersupport:claim-delete", {"mentor"}, method="POST", kwargs=_pk("ps_spare_claim")),
    Rule("peersupport:expenses-staff", STAFF_ONLY),
    Rule("peersupport:claim-decide", STAFF_ONLY, method="POST", kwargs=_pk("ps_claim")),
    Rule("peersupport:claims-mark-paid", STAFF_ONLY, method="POST"),
    Rule("peersupport:expenses-export", STAFF_ONLY),
    Rule("peersupport:mileage-rates", STAFF_ONLY),
]

assert all(r.allowed <= ROLES | {"outsider", "anonymous"} for r in RULES)
