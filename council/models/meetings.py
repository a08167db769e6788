"""Meetings: attendees, the agenda, senior managers' responses, minutes and decisions.

A council meets with senior managers "in a two way dialogue" (the report's Appendix 6). A
meeting has people expected to attend, an ordered agenda whose items representatives raise
on behalf of their constituencies (or staff raise), written responses from senior managers,
and minutes that go draft -> approved (by the chair) -> published (to members). Decisions
and agenda items can become actions in the action plan: the action plan keeps a reference
("council.decision:12") and council never imports it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from council.models.councils import Constituency, Council, Portfolio


class Meeting(TimeStampedModel):
    """One meeting of a council."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Going ahead")
        CANCELLED = "cancelled", _("Cancelled")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), max_length=500, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_meetings_chaired",
        verbose_name=_("chair"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_reason = models.TextField(_("why it was cancelled"), blank=True)
    # iCalendar SEQUENCE: goes up whenever the time, place or status changes.
    sequence = models.PositiveIntegerField(default=0)
    # Claims for the reminder job (set once, by a conditional update).
    agenda_sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="council_meeting_ends_after_start",
            ),
        ]
        indexes = [
            # The meetings list and a council's page: meetings of a council by date.
            models.Index(fields=["council", "starts_at"], name="council_meeting_council_idx"),
            # The reminder job: meetings going ahead that start soon.
            models.Index(fields=["status", "starts_at"], name="council_meeting_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class MeetingAttendee(models.Model):
    """Someone expected at a meeting, and whether they came."""

    class Capacity(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        STAFF = "staff", _("Staff")
        SENIOR_MANAGER = "senior_manager", _("Senior manager")
        GUEST = "guest", _("Guest")

    class Attendance(models.TextChoices):
        EXPECTED = "expected", _("Expected")
        PRESENT = "present", _("Present")
        APOLOGIES = "apologies", _("Sent apologies")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_meeting_places"
    )
    capacity = models.CharField(_("attending as"), max_length=20, choices=Capacity.choices)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.EXPECTED
    )

    class Meta:
        ordering = ["meeting", "capacity", "user__display_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="council_attendee_unique"),
        ]
        # "My meetings" uses the index Django gives the ``user`` foreign key.

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}"


class AgendaItem(TimeStampedModel):
    """One item on a meeting's agenda, raised by a representative (for a constituency) or staff."""

    class RaisedAs(models.TextChoices):
        REPRESENTATIVE = "representative", _("A representative")
        STAFF = "staff", _("Staff")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it is about"), blank=True, max_length=5000)
    raised_as = models.CharField(max_length=20, choices=RaisedAs.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_agenda_items_raised",
    )
    constituency = models.ForeignKey(
        Constituency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("on behalf of"),
    )
    portfolio = models.ForeignKey(
        Portfolio,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("portfolio"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_agenda_items_owned",
        verbose_name=_("owner"),
    )
    # How many members raised this through "tell your rep". Kept as a number (not only
    # counted from the issues) so that the record stands when a member deletes their account.
    people_count = models.PositiveIntegerField(default=0)
    minute_note = models.TextField(_("what was said"), blank=True, max_length=10000)

    class Meta:
        ordering = ["meeting", "position", "id"]
        indexes = [
            # The agenda: a meeting's items in order.
            models.Index(fields=["meeting", "position"], name="council_agenda_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaResponse(TimeStampedModel):
    """A senior manager's written response to an agenda item, before or after the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="council_agenda_responses",
    )
    body = models.TextField(_("response"), max_length=10000)

    class Meta:
        ordering = ["item", "created_at", "id"]

    def __str__(self) -> str:
        return f"response to {self.item_id}"


class Minutes(TimeStampedModel):
    """A meeting's minutes: drafted by staff or a representative, approved by the chair,
    then published to members. Until published only the people running the council see them."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved by the chair")
        PUBLISHED = "published", _("Published")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    summary = models.TextField(_("summary"), blank=True, max_length=20000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            # Approved and published minutes say when they were approved (and published).
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(status="approved") & Q(approved_at__isnull=False))
                | (
                    Q(status="published")
                    & Q(approved_at__isnull=False)
                    & Q(published_at__isnull=False)
                ),
                name="council_minutes_dates_match_status",
            ),
        ]
        indexes = [
            # A council's page and the meetings list: which meetings have published minutes.
            models.Index(fields=["status"], name="council_minutes_status_idx"),
        ]

    def __str__(self) -> str:
        return f"minutes of {self.meeting_id}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Decision(TimeStampedModel):
    """Something the meeting decided, in plain English, usually under an agenda item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("what was decided"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:80]
