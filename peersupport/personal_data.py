"""What peer support holds about a person, for "download my data".

Only the person's own records are exported to them. Staff links (who recorded a referral,
who assessed, who took attendance) are not followed: following them would put other
people's referral reasons and assessments into a staff member's download.
"""

from core.personal_data import registry
from peersupport.models import (
    Assessment,
    CalendarFeed,
    Certificate,
    ClaimStatus,
    ConcernUpdate,
    ContactLog,
    DoNotMatch,
    ExpenseClaim,
    HelplineCall,
    LocalService,
    Match,
    MatchChange,
    MatchRequest,
    MatchRequestStatus,
    MentorMatchProfile,
    MentorProfile,
    MentorQualification,
    MentorStatusChange,
    MileageRate,
    Occurrence,
    Referral,
    SafeguardingConcern,
    SessionSeries,
    ShiftPattern,
    ShiftSignUp,
    ShiftSwap,
    SignUp,
    Unavailability,
)

registry.register(
    MentorProfile,
    fields=["status", "review_date", "certificate_name", "created_at"],
    title="Your peer-support record",
)
registry.register(
    MentorStatusChange,
    user_field="profile__user",
    fields=["created_at", "from_status", "to_status", "reason"],
    title="Changes to your peer-support record",
)
registry.register(
    Referral,
    user_field="profile__user",
    fields=[
        "created_at",
        "referrer_name",
        "referrer_role",
        "referrer_organisation",
        "reason",
        "consent",
    ],
    title="Referrals to peer support",
)
registry.register(
    Assessment,
    user_field="profile__user",
    fields=["assessed_on", "outcome", "review_date"],
    title="Peer-support assessments",
    description=(
        "The outcome of each assessment. Staff notes are kept by the peer-support team: "
        "ask them for a copy."
    ),
)
registry.register(
    MentorQualification,
    user_field="profile__user",
    fields=["qualification__name", "completed_on"],
    title="Training you completed",
)
registry.register(
    SignUp,
    user_field="user",
    fields=["occurrence__title", "starts_at", "role", "status", "attendance", "created_at"],
    title="Peer-support sessions you signed up to",
)
registry.register(
    Certificate,
    fields=["awarded_on", "name_on_certificate", "recognises", "verification_code", "revoked_at"],
    title="Your certificates",
)
registry.register(
    CalendarFeed,
    fields=["created_at", "last_used_at"],
    title="Your calendar address",
    description="When you made it and when a calendar app last read it. The address is secret.",
)
registry.register(
    SessionSeries,
    user_field=("facilitator", "created_by"),
    fields=["title", "place", "anchor_date", "created_at"],
    title="Session series you facilitate or set up",
)
registry.register(
    Occurrence,
    user_field="facilitator",
    fields=["title", "starts_at", "place"],
    title="Sessions you facilitate",
)


# --- Issue 7 -----------------------------------------------------------------------------
registry.register(
    ShiftPattern,
    user_field=("coordinator", "created_by"),
    fields=["title", "anchor_date", "start_time", "created_at"],
    title="Helpline shifts you coordinate or set up",
)
registry.register(
    ShiftSignUp,
    fields=["shift__title", "starts_at", "ends_at", "status", "drop_reason", "created_at"],
    title="Helpline shifts you signed up to",
)
registry.register(
    ShiftSwap,
    user_field=("offered_by", "taken_by"),
    fields=["shift__title", "shift__starts_at", "status", "note", "created_at", "taken_at"],
    title="Helpline shift swaps you offered or took",
)
registry.register(
    Unavailability,
    fields=["weekday", "start_time", "end_time", "valid_from", "valid_until", "note"],
    title="Times you said you cannot do helpline shifts",
)
registry.register(
    MentorMatchProfile,
    user_field="profile__user",
    fields=[
        "accepting",
        "offers_mentoring",
        "offers_befriending",
        "emotional",
        "social",
        "practical",
        "gender",
        "capacity",
        "about",
    ],
    title="What you offer for one-to-one mentoring",
)
registry.register(
    MatchRequest,
    user_field="member",
    fields=[
        "created_at",
        "source",
        "kind",
        "emotional",
        "social",
        "practical",
        "gender",
        "language__name",
        "area__name",
        "about",
        "status",
    ],
    title="Your requests for a peer mentor",
    description="Why staff referred you, if they did, is kept by the peer-support team.",
)
registry.register(
    Match,
    user_field=("member", "mentor"),
    fields=["created_at", "status", "started_on", "ended_on", "review_date"],
    title="Mentoring matches you are or were in",
)
registry.exempt(
    MatchChange,
    reason="Staff history of a match; the match itself (with its status) is in the download.",
)
registry.register(
    ContactLog,
    user_field="mentor",
    fields=[
        "contact_on",
        "duration_minutes",
        "method",
        "emotional",
        "social",
        "practical",
        "notes",
    ],
    title="Contacts you logged as a mentor",
    description="Only the mentor who logged them and peer-support staff see these.",
)
registry.exempt(
    DoNotMatch,
    reason=(
        "A safeguarding record about two people (for example a victim); giving it to either "
        "could put someone at risk. Disclosed only through a staff-reviewed request."
    ),
)
registry.exempt(
    SafeguardingConcern,
    reason=(
        "Safeguarding records hold information about other people and are disclosed only "
        "through a staff-reviewed subject access request, where disclosure cannot cause harm."
    ),
)
registry.exempt(
    ConcernUpdate,
    reason="Notes on a safeguarding concern; disclosed only with the concern (see above).",
)
registry.register(
    MileageRate,
    user_field="set_by",
    fields=["mode", "pence_per_mile", "effective_from"],
    title="Mileage rates you set",
)
registry.register(
    ExpenseClaim,
    user_field="claimant",
    fields=[
        "created_at",
        "journey_date",
        "journey_from",
        "journey_to",
        "mode",
        "miles",
        "amount",
        "status",
        "submitted_at",
        "decided_at",
        "rejection_reason",
        "paid_at",
        "payment_reference",
    ],
    title="Your travel expense claims",
)


def _erase(user) -> None:
    """On account deletion: remove what the person can take back; keep what must stay.

    Drafts (never sent) and their receipts, swap notes and unavailability go. Sent claims
    stay as financial records; matches, contact logs and safeguarding records stay for the
    safety of others, linked only to the scrubbed account.
    """
    from django.core.files.storage import default_storage

    for claim in ExpenseClaim.objects.filter(claimant=user, status=ClaimStatus.DRAFT):
        if claim.receipt.name:
            default_storage.delete(claim.receipt.name)
        claim.delete()
    Unavailability.objects.filter(user=user).delete()
    ShiftSwap.objects.filter(offered_by=user).update(note="")
    MentorMatchProfile.objects.filter(profile__user=user).update(about="", accepting=False)
    MatchRequest.objects.filter(member=user, status=MatchRequestStatus.OPEN).update(
        status=MatchRequestStatus.WITHDRAWN
    )
    MatchRequest.objects.filter(member=user).update(about="")


registry.add_eraser(_erase)


# Issue 16: the helpline call log. A mentor's download lists the calls they logged (when,
# how long, what about, never the notes: those are about the caller); a member who agreed
# to be named sees the calls they are named on. Notes and the named caller are cleared after
# two years (peersupport.helpline.services.calls.calls_apply_retention, nightly).
registry.register(
    HelplineCall,
    user_field=("logged_by", "caller"),
    fields=["started_at", "minutes", "topic", "signposted", "follow_up"],
    title="Helpline calls",
    description=(
        "Calls you logged as a helpline mentor, or calls where you agreed to be named. "
        "Notes about a call are kept by the peer-support team for two years: ask them for "
        "a copy."
    ),
)
registry.exempt(LocalService, reason="A list of local services: nothing about a person.")
