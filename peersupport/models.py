"""Peer support: mentors from referral to leaving, recurring sessions, sign-ups, certificates.

The helpline rota, mentoring matches, safeguarding concerns and travel expenses (issue 7)
live in the feature subpackages (``peersupport/helpline/models.py``, ``matching/models.py``,
``expenses/models.py``), imported by name at the end of this module so Django registers them in
this app; they reuse ``MentorProfile`` and ``Qualification``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from peersupport.recurrence import (  # noqa: F401  (LONDON, occurrence_window: re-exported)
    LONDON,
    RecurringPattern,
    occurrence_window,
)

# --- Mentors ----------------------------------------------------------------------------


class MentorStatus(models.TextChoices):
    REFERRED = "referred", _("Referred, waiting for assessment")
    TRAINING = "training", _("Suitable, in training")
    ACTIVE = "active", _("Active mentor")
    PAUSED = "paused", _("Paused")
    LEFT = "left", _("Left")
    NOT_SUITABLE = "not_suitable", _("Not suitable")


# The only moves the services allow: from a status to the statuses it may become.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    MentorStatus.REFERRED: frozenset(
        {MentorStatus.TRAINING, MentorStatus.NOT_SUITABLE, MentorStatus.LEFT}
    ),
    MentorStatus.TRAINING: frozenset({MentorStatus.ACTIVE, MentorStatus.LEFT}),
    MentorStatus.ACTIVE: frozenset({MentorStatus.PAUSED, MentorStatus.LEFT}),
    MentorStatus.PAUSED: frozenset({MentorStatus.ACTIVE, MentorStatus.LEFT}),
    # A person who left, or was not suitable then, can be referred again later.
    MentorStatus.LEFT: frozenset({MentorStatus.REFERRED}),
    MentorStatus.NOT_SUITABLE: frozenset({MentorStatus.REFERRED}),
}


class MentorProfile(TimeStampedModel):
    """One person's place in the peer-support lifecycle. Changed only by the services."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    status = models.CharField(
        max_length=20, choices=MentorStatus.choices, default=MentorStatus.REFERRED
    )
    review_date = models.DateField(
        null=True,
        blank=True,
        help_text=_("When staff should look again: after a pause or a 'not yet' assessment."),
    )
    review_prompted_for = models.DateField(null=True, blank=True, editable=False)
    certificate_name = models.CharField(
        _("name on certificates"),
        max_length=100,
        blank=True,
        help_text=_("The name printed on your certificates. Leave blank to use your name."),
    )

    class Meta:
        ordering = ["user__display_name", "user__username"]
        indexes = [
            # Staff mentor list filtered by status.
            models.Index(fields=["status"], name="peer_profile_status_idx"),
            # The daily job that prompts staff about reviews due.
            models.Index(
                fields=["review_date"],
                name="peer_profile_review_idx",
                condition=Q(review_date__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"

    @property
    def printed_name(self) -> str:
        return self.certificate_name or self.user.display_name or self.user.username


class MentorStatusChange(models.Model):
    """The history of a profile: every move, who made it, when and why. Never edited."""

    profile = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=MentorStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MentorStatus.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # A profile's history, newest first.
            models.Index(fields=["profile", "-created_at"], name="peer_history_profile_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class ReferrerRole(models.TextChoices):
    TREATMENT_WORKER = "treatment_worker", _("Treatment worker")
    PROBATION_OFFICER = "probation_officer", _("Probation officer")
    GROUP_WORKER = "group_worker", _("Group worker")
    OTHER = "other", _("Someone else")


class Referral(TimeStampedModel):
    profile = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="referrals")
    referrer_name = models.CharField(_("who referred them"), max_length=100)
    referrer_role = models.CharField(max_length=30, choices=ReferrerRole.choices)
    referrer_organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    reason = models.TextField(_("why they are referred"))
    consent = models.BooleanField(_("the person agrees to be referred"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Nobody is referred without saying yes to it.
            models.CheckConstraint(condition=Q(consent=True), name="peer_referral_consent"),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.profile.user} by {self.referrer_name}"


class AssessmentOutcome(models.TextChoices):
    SUITABLE = "suitable", _("Suitable")
    NOT_YET = "not_yet", _("Not yet")
    NOT_SUITABLE = "not_suitable", _("Not suitable")


class Assessment(TimeStampedModel):
    """The suitability assessment form. ``notes`` are for peer-support staff only."""

    profile = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessed_on = models.DateField()
    motivation = models.TextField()
    engagement = models.TextField(_("engagement in treatment"))
    stability = models.TextField()
    outcome = models.CharField(max_length=20, choices=AssessmentOutcome.choices)
    review_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"Assessment of {self.profile.user}: {self.get_outcome_display()}"


class Qualification(models.Model):
    """Something a mentor can be trained in, e.g. "An Introduction to Peer Support"."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    required_to_start = models.BooleanField(
        default=False, help_text=_("A mentor must have this before becoming active.")
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MentorQualification(models.Model):
    profile = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="qualifications"
    )
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "qualification"], name="peer_one_qualification_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile.user}: {self.qualification}"


# --- Sessions ---------------------------------------------------------------------------


class SessionType(models.TextChoices):
    PEER_SUPPORT_GROUP = "peer_support_group", _("Peer Support Group")
    SUPERVISION = "supervision", _("One-to-one supervision")
    CONSULTATION_GROUP = "consultation_group", _("Consultation Group")
    INDUCTION = "induction", _("Induction session")
    PROGRAMME_GROUP = "programme_group", _("Programme group")
    TRAINING = "training", _("Training day")


class SignUpRole(models.TextChoices):
    MENTOR = "mentor", _("Acting as peer mentor")
    PARTICIPANT = "participant", _("Taking part")


class SessionSeries(RecurringPattern):
    """A repeating session, stored the way people think of it.

    The rule (RFC 5545 RRULE), the anchor date, the local wall-clock time and the zone are
    kept, not a UTC instant, so a 6 pm group stays at 6 pm across the clock changes. One
    ``Occurrence`` row per date is generated ahead by a periodic job.
    """

    title = models.CharField(max_length=150)
    session_type = models.CharField(max_length=30, choices=SessionType.choices)
    description = models.TextField(blank=True)
    rrule = models.CharField(
        _("repeat rule"),
        max_length=300,
        help_text=_("An RFC 5545 rule, for example FREQ=WEEKLY;INTERVAL=2;BYDAY=TU."),
    )
    duration_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(15), MaxValueValidator(12 * 60)], default=120
    )
    skip_bank_holidays = models.BooleanField(default=True)
    weeks_ahead = models.PositiveSmallIntegerField(
        default=26, validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    place = models.CharField(max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mentor_places = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(200)])
    participant_places = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(200)]
    )
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For training: attending gives this qualification."),
    )
    is_minuted = models.BooleanField(default=False)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "session series"
        constraints = [
            models.CheckConstraint(
                condition=Q(mentor_places__gt=0) | Q(participant_places__gt=0),
                name="peer_series_has_places",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OccurrenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Going ahead")
    CANCELLED = "cancelled", _("Cancelled")


class Occurrence(TimeStampedModel):
    """One dated session. Generated from its series; staff may then change it alone."""

    series = models.ForeignKey(SessionSeries, on_delete=models.PROTECT, related_name="occurrences")
    # Copied from the series so lists and rules filter without a join.
    session_type = models.CharField(max_length=30, choices=SessionType.choices)
    title = models.CharField(max_length=150)
    local_date = models.DateField(help_text=_("The date in the series' own time zone."))
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    mentor_places = models.PositiveSmallIntegerField(default=0)
    participant_places = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=OccurrenceStatus.choices, default=OccurrenceStatus.SCHEDULED
    )
    cancelled_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Edited by hand: regeneration leaves it alone.
    is_detached = models.BooleanField(default=False)
    # RFC 5545 SEQUENCE: goes up whenever the time, place or status changes.
    sequence = models.PositiveIntegerField(default=0)
    minutes = models.TextField(blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            # Generation is idempotent: one occurrence per series and local date, so two
            # overlapping runs cannot both insert the same session.
            models.UniqueConstraint(fields=["series", "local_date"], name="peer_occurrence_once"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="peer_occurrence_ends_after_start",
            ),
        ]
        indexes = [
            # The sign-up list and reminders: scheduled sessions from now on, by time.
            models.Index(fields=["status", "starts_at"], name="peer_occ_status_start_idx"),
            # A series' page lists its occurrences by time.
            models.Index(fields=["series", "starts_at"], name="peer_occ_series_start_idx"),
            # Certificates count attended sessions by type.
            models.Index(fields=["session_type", "starts_at"], name="peer_occ_type_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.local_date:%d %B %Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == OccurrenceStatus.CANCELLED

    @property
    def capacity(self) -> int:
        return self.mentor_places + self.participant_places

    def places_for(self, role: str) -> int:
        return self.mentor_places if role == SignUpRole.MENTOR else self.participant_places


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Place confirmed")
    WAITING = "waiting", _("On the waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SESSION_CANCELLED = "session_cancelled", _("Session cancelled")


ACTIVE_SIGNUP_STATUSES = (SignUpStatus.CONFIRMED, SignUpStatus.WAITING)


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")
    EXCUSED = "excused", _("Excused")


class SignUp(TimeStampedModel):
    """A person's place (or place in the queue) at one occurrence.

    ``starts_at``/``ends_at`` are copied from the occurrence so the database itself can
    refuse two overlapping sign-ups for one person (an exclusion constraint on PostgreSQL,
    added in migration 0002).
    """

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_signups"
    )
    role = models.CharField(max_length=20, choices=SignUpRole.choices)
    status = models.CharField(max_length=20, choices=SignUpStatus.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    queued_at = models.DateTimeField(help_text=_("Order on the waiting list."))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    # The start time a reminder was sent for: the reminder job's claim.
    reminded_for = models.DateTimeField(null=True, blank=True)
    # Goes up with each change of this person's status (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["starts_at", "id"]
        constraints = [
            # One row per person per occurrence; signing up again reuses it.
            models.UniqueConstraint(fields=["occurrence", "user"], name="peer_signup_once"),
        ]
        indexes = [
            # "My sessions" and the calendar feed: a person's sign-ups by time.
            models.Index(fields=["user", "starts_at"], name="peer_signup_user_start_idx"),
            # Counting taken places and the waiting list of an occurrence.
            models.Index(
                fields=["occurrence", "role", "status", "queued_at"],
                name="peer_signup_queue_idx",
            ),
            # Certificates count attended sign-ups per person.
            models.Index(
                fields=["user", "role"],
                name="peer_signup_attended_idx",
                condition=Q(attendance="attended"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.occurrence}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_SIGNUP_STATUSES


# --- Certificates -----------------------------------------------------------------------


class CertificateRuleKind(models.TextChoices):
    SESSIONS = "sessions", _("Every so many sessions attended")
    QUALIFICATION = "qualification", _("Each qualification completed")


class CertificateRule(TimeStampedModel):
    """A rule staff can edit: what earns a certificate and what it says."""

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=CertificateRuleKind.choices)
    session_types = models.JSONField(
        default=list, blank=True, help_text=_("Which kinds of session count.")
    )
    role = models.CharField(
        max_length=20,
        choices=SignUpRole.choices,
        blank=True,
        help_text=_("Count only sessions attended in this role. Blank: any role."),
    )
    every = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    wording = models.CharField(
        max_length=200,
        help_text=_("What the certificate recognises, e.g. 'acting as a peer mentor at 5 groups'."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Certificate(TimeStampedModel):
    """An award. What it says is copied in when awarded so later edits never change it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_certificates"
    )
    rule = models.ForeignKey(CertificateRule, on_delete=models.PROTECT, related_name="+")
    # The n-th award under this rule (for qualifications: the qualification's id).
    sequence = models.PositiveIntegerField()
    name_on_certificate = models.CharField(max_length=100)
    recognises = models.CharField(max_length=250)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    awarded_on = models.DateField()
    verification_code = models.CharField(max_length=20, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        constraints = [
            # The award job is idempotent: two runs cannot award the same certificate twice.
            models.UniqueConstraint(
                fields=["user", "rule", "sequence"], name="peer_certificate_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_on_certificate}: {self.recognises}"


class CalendarFeed(TimeStampedModel):
    """A person's secret calendar address. Only a hash of the token is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed for {self.user}"


# --- Issue 7: the helpline rota, matches and safeguarding, travel expenses ------------------
# Each feature keeps its models in its own subpackage; they are imported here by name so
# Django registers them in this app (same app_label, same tables) and callers can keep
# importing every peer-support model from ``peersupport.models``.
from peersupport.expenses.models import (  # noqa: E402, F401
    MILEAGE_MODES,
    ClaimStatus,
    ExpenseClaim,
    MileageRate,
    TravelMode,
    receipt_upload_to,
)
from peersupport.helpline.models import (  # noqa: E402, F401
    HELPLINE_QUALIFICATION,
    WEEKDAY_NAMES,
    CallTopic,
    HelplineCall,
    LocalService,
    Shift,
    ShiftPattern,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftStatus,
    ShiftSwap,
    SwapStatus,
    Unavailability,
)
from peersupport.matching.models import (  # noqa: E402, F401
    CONCERN_MOVES,
    LIVE_MATCH_STATUSES,
    MATCH_MOVES,
    Area,
    ConcernStatus,
    ConcernUpdate,
    ContactLog,
    ContactMethod,
    DoNotMatch,
    ExperienceTopic,
    HelpKind,
    Language,
    Match,
    MatchChange,
    MatchGender,
    MatchRequest,
    MatchRequestSource,
    MatchRequestStatus,
    MatchStatus,
    MentorMatchProfile,
    NeverDeletedQuerySet,
    SafeguardingConcern,
    Severity,
)
