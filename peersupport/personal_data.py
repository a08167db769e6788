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
    MentorProfile,
    MentorQualification,
    MentorStatusChange,
    Occurrence,
    Referral,
    SessionSeries,
    SignUp,
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
