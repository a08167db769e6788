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
    services.occurrence_minutes_save(occurrence=past, by=staff, minutes="Notes", publish=True)
    certificate = Certificate.objects.filter(user=mentor).first()
    trainee = active_mentor(staff)
    profile = trainee.mentor_profile
    return {
        "ps_occurrence": occurrence,
        "ps_past": past,
        "ps_series": series,
        "ps_profile": profile,
        "ps_certificate": certificate,
        "ps_rule": CertificateRule.objects.first(),
        "ps_token": services.calendar_feed_issue(user=mentor),
        "ps_today": timezone.localdate(),
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
]

assert all(r.allowed <= ROLES | {"outsider", "anonymous"} for r in RULES)
