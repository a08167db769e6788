"""The out-of-hours helpline rota (issue 7).

Shifts repeat like sessions: a ``ShiftPattern`` keeps its RFC 5545 rule, anchor date, local
wall-clock time and zone, and one ``Shift`` row per date is generated ahead. A shift needs
``mentors_needed`` mentors holding the "Helpline trained" qualification. Mentors sign up,
drop before a cut-off (with a reason) or offer a swap that another eligible mentor takes.
A mentor's recurring unavailability is kept so that cover is only asked of people free.

Imported by ``peersupport.models`` so Django registers these models there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from peersupport.recurrence import RecurringPattern

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    from users.models import User

    class RotaCount(TypedDict):
        on_rota: int


# The qualification (made by migration 0003) a mentor needs to take helpline calls.
HELPLINE_QUALIFICATION = "Helpline trained"


class ShiftPattern(RecurringPattern):
    """A repeating helpline shift, e.g. "Friday evening, 6pm to 10pm, two mentors"."""

    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    rrule = models.CharField(
        _("repeat rule"),
        max_length=300,
        help_text=_("An RFC 5545 rule, for example FREQ=WEEKLY;BYDAY=FR."),
    )
    duration_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(30), MaxValueValidator(16 * 60)], default=240
    )
    # The helpline is for the hours the office is shut, bank holidays included.
    skip_bank_holidays = models.BooleanField(default=False)
    weeks_ahead = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(1), MaxValueValidator(26)]
    )
    mentors_needed = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    drop_cutoff_hours = models.PositiveSmallIntegerField(
        _("latest a mentor may drop, in hours before the start"),
        default=48,
        validators=[MaxValueValidator(14 * 24)],
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Told about gaps. Blank: the peer-support coordinators."),
    )

    class Meta:
        ordering = ["title"]
        permissions = [
            ("coordinate_helpline", "Is told about gaps in the helpline rota"),
        ]

    def __str__(self) -> str:
        return self.title


class ShiftStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Going ahead")
    CANCELLED = "cancelled", _("Cancelled")


class Shift(TimeStampedModel):
    """One dated helpline shift, generated from its pattern."""

    # Only on shifts read for a list page, set by selectors.coverage and services.cover.
    short: int
    free: list[User]
    when: str

    pattern = models.ForeignKey(ShiftPattern, on_delete=models.PROTECT, related_name="shifts")
    title = models.CharField(max_length=150)
    local_date = models.DateField(help_text=_("The date in the pattern's own time zone."))
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mentors_needed = models.PositiveSmallIntegerField(default=2)
    status = models.CharField(
        max_length=20, choices=ShiftStatus.choices, default=ShiftStatus.SCHEDULED
    )
    cancelled_reason = models.TextField(blank=True)
    # The local date the gap warning was last sent for: the daily job's claim.
    gap_warned_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            # Generation is idempotent: two overlapping runs cannot both insert one date.
            models.UniqueConstraint(fields=["pattern", "local_date"], name="peer_shift_once"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="peer_shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(mentors_needed__gte=1), name="peer_shift_needs_a_mentor"
            ),
        ]
        indexes = [
            # The coverage view, the shift list, the gap job and reminders: by time.
            models.Index(fields=["status", "starts_at"], name="peer_shift_status_start_idx"),
            # A pattern's future shifts when it changes or is regenerated.
            models.Index(fields=["pattern", "starts_at"], name="peer_shift_pattern_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.local_date:%d %B %Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == ShiftStatus.CANCELLED

    @property
    def short_by(self) -> int:
        """Mentors still needed. Needs ``on_rota`` annotated (the selectors add it)."""
        if self.is_cancelled:
            return 0
        return max(self.mentors_needed - getattr(self, "on_rota", 0), 0)


class ShiftSignUpStatus(models.TextChoices):
    ON_ROTA = "on_rota", _("On the rota")
    DROPPED = "dropped", _("Dropped out")
    SWAPPED_OUT = "swapped_out", _("Swapped out")
    REMOVED = "removed", _("Taken off by staff")
    SHIFT_CANCELLED = "shift_cancelled", _("Shift cancelled")


class ShiftSignUp(TimeStampedModel):
    """A mentor's place on one shift.

    ``starts_at``/``ends_at`` are copied from the shift so the database can refuse two
    overlapping shifts for one person (an exclusion constraint on PostgreSQL, migration 0005).
    """

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_shift_signups"
    )
    status = models.CharField(max_length=20, choices=ShiftSignUpStatus.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    drop_reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The start time a reminder was sent for: the reminder job's claim.
    reminded_for = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        ordering = ["starts_at", "id"]
        constraints = [
            # One row per person per shift; signing up again (or taking a swap) reuses it.
            models.UniqueConstraint(fields=["shift", "user"], name="peer_shift_signup_once"),
        ]
        indexes = [
            # "My shifts", clash checks and free-mentor checks: a person's shifts by time.
            models.Index(fields=["user", "starts_at"], name="peer_shiftsignup_user_idx"),
            # Counting who is on the rota for a shift.
            models.Index(fields=["shift", "status"], name="peer_shiftsignup_shift_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.shift}"

    @property
    def is_on_rota(self) -> bool:
        return self.status == ShiftSignUpStatus.ON_ROTA


class SwapStatus(models.TextChoices):
    OPEN = "open", _("Offered")
    TAKEN = "taken", _("Taken")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ShiftSwap(TimeStampedModel):
    """A mentor offers their place on a shift; another eligible mentor takes it."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="swaps")
    signup = models.ForeignKey(ShiftSignUp, on_delete=models.CASCADE, related_name="swaps")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_swaps_offered"
    )
    note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=SwapStatus.choices, default=SwapStatus.OPEN)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_swaps_taken",
    )
    taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A place is offered once at a time.
            models.UniqueConstraint(
                fields=["signup"], condition=Q(status="open"), name="peer_swap_one_open"
            ),
        ]
        indexes = [
            # The open swaps shown to mentors on the shift list.
            models.Index(fields=["status", "shift"], name="peer_swap_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Swap of {self.shift} offered by {self.offered_by}"


class Unavailability(TimeStampedModel):
    """A time a mentor cannot do helpline shifts, repeating weekly (or every day).

    ``weekday`` 0 is Monday; blank means every day. No times means the whole day. Used when
    asking free mentors to cover a gap; a mentor may still sign up to a shift themselves.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_unavailability"
    )
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("time unavailable for shifts")
        verbose_name_plural = _("times unavailable for shifts")
        ordering = ["weekday", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__isnull=True) | Q(weekday__lte=6), name="peer_unavail_weekday"
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(
                    start_time__isnull=False,
                    end_time__isnull=False,
                    end_time__gt=models.F("start_time"),
                ),
                name="peer_unavail_times",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="peer_unavail_dates",
            ),
        ]
        indexes = [
            # Free-mentor checks load the rows of the eligible mentors.
            models.Index(fields=["user", "valid_from"], name="peer_unavail_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: unavailable"

    @property
    def is_whole_day(self) -> bool:
        return self.start_time is None

    @property
    def day_label(self) -> str:
        if self.weekday is None:
            return str(_("Every day"))
        return str(_("Every %(day)s") % {"day": WEEKDAY_NAMES[self.weekday]})


WEEKDAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]

# --- The call log (issue 16) -------------------------------------------------------------


class LocalService(TimeStampedModel):
    """A local service mentors may send a caller to; staff keep the short list."""

    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CallTopic(models.TextChoices):
    """The report's kinds of support."""

    EMOTIONAL = "emotional", _("Emotional")
    PRACTICAL = "practical", _("Practical")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment")
    SUBSTANCE_USE = "substance_use", _("Drugs or alcohol")
    OTHER = "other", _("Something else")


class HelplineCall(TimeStampedModel):
    """One call a mentor took on a helpline shift.

    The caller is anonymous: ``caller`` is set only when they are a member who agreed to be
    named. A safeguarding worry becomes a ``SafeguardingConcern`` (``concern``), raised by the
    same service the contact log uses, so the safeguarding leads hear at once.
    """

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="calls")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    topic = models.CharField(max_length=20, choices=CallTopic.choices)
    signposted = models.BooleanField(default=False)
    service = models.ForeignKey(
        LocalService, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signposted_other = models.CharField(max_length=200, blank=True)
    follow_up = models.BooleanField(default=False)
    follow_up_note = models.CharField(max_length=300, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    follow_up_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(max_length=1000, blank=True)
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only a member who agreed to be named."),
    )
    concern = models.ForeignKey(
        "peersupport.SafeguardingConcern",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=600), name="peer_call_minutes"
            ),
        ]
        indexes = [
            # The coordinator's weekly counts and the retention run: calls by time.
            models.Index(fields=["started_at"], name="peer_call_started_idx"),
            # A shift's calls (the shift page, calls per shift).
            models.Index(fields=["shift", "started_at"], name="peer_call_shift_idx"),
            # Open follow-ups: the coordinator's to-do list.
            models.Index(fields=["follow_up", "follow_up_done_at"], name="peer_call_follow_up_idx"),
        ]

    def __str__(self) -> str:
        return f"Helpline call on {self.shift}"

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up and self.follow_up_done_at is None


__all__ = [
    "CallTopic",
    "HelplineCall",
    "LocalService",
    "HELPLINE_QUALIFICATION",
    "Shift",
    "ShiftPattern",
    "ShiftSignUp",
    "ShiftSignUpStatus",
    "ShiftStatus",
    "ShiftSwap",
    "SwapStatus",
    "Unavailability",
    "WEEKDAY_NAMES",
]


if TYPE_CHECKING:
    # A shift read with ``on_rota`` annotated (helpline.selectors, services.cover).
    ShiftWithRota = WithAnnotations[Shift, RotaCount]
