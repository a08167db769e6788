"""Sessions: a repeating series, its dated occurrences, people's sign-ups, the calendar feed.

A ``SessionSeries`` is a ``RecurringPattern`` (``peersupport.recurrence``, shared with the
helpline's shift patterns). Imported by ``peersupport.models`` so Django registers these models
in the peersupport app (same app_label, same tables).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from peersupport.mentors.models import Qualification
from peersupport.recurrence import RecurringPattern


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


class CalendarFeed(TimeStampedModel):
    """A person's secret calendar address. Only a hash of the token is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed for {self.user}"
