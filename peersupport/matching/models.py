"""Mentoring matches, contact logs and safeguarding concerns (issue 7).

A member asks for a mentor or befriender (or staff refer them); staff see mentors ranked
by fit and make the match themselves. Mentors log their contacts with the kind of support
given: emotional, social or practical, the report's three kinds of peer support. A concern
about someone's safety alerts staff at once and is never deleted.

Imported by ``peersupport.models`` so Django registers these models there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyError, TimeStampedModel
from peersupport.mentors.models import MentorProfile

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    from peersupport.matching.selectors import Part

    class Ranking(TypedDict):
        live_count: int
        shared_experience: int
        speaks: bool
        covers: bool
        s_support: int
        s_gender: int
        s_language: int
        s_area: int
        s_experience: int
        s_capacity: int
        score: int


class Language(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExperienceTopic(models.Model):
    """Something a mentor has lived through and can help with, e.g. housing or recovery."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MatchGender(models.TextChoices):
    WOMAN = "woman", _("A woman")
    MAN = "man", _("A man")
    NON_BINARY = "non_binary", _("Non-binary")


class MentorMatchProfile(TimeStampedModel):
    """What a mentor offers for one-to-one matching. Said by the mentor, checked by staff.

    ``gender`` is kept here, for matching only, because some members ask for a mentor of a
    given gender; it is separate from the optional equality-monitoring answers on the account.
    """

    # Only on the rows of matching.selectors.suggestions().
    parts: list[Part]

    profile = models.OneToOneField(
        MentorProfile, on_delete=models.CASCADE, related_name="match_profile"
    )
    accepting = models.BooleanField(_("can take on someone new"), default=True)
    offers_mentoring = models.BooleanField(_("peer mentoring"), default=True)
    offers_befriending = models.BooleanField(_("befriending"), default=True)
    emotional = models.BooleanField(_("emotional support"), default=True)
    social = models.BooleanField(_("social support"), default=True)
    practical = models.BooleanField(_("practical support"), default=True)
    gender = models.CharField(max_length=20, choices=MatchGender.choices, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="+")
    areas = models.ManyToManyField(Area, blank=True, related_name="+")
    experience = models.ManyToManyField(ExperienceTopic, blank=True, related_name="+")
    capacity = models.PositiveSmallIntegerField(
        _("how many people at once"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    about = models.TextField(blank=True, max_length=1000)

    class Meta:
        indexes = [
            # Suggestions start from mentors taking people on.
            models.Index(fields=["accepting"], name="peer_matchprofile_accept_idx"),
        ]

    def __str__(self) -> str:
        return f"Matching profile of {self.profile.user}"


class HelpKind(models.TextChoices):
    MENTOR = "mentor", _("A peer mentor")
    BEFRIENDER = "befriender", _("A befriender")


class MatchRequestSource(models.TextChoices):
    SELF = "self", _("Asked for it themselves")
    STAFF = "staff", _("Referred by staff")


class MatchRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a match")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MatchRequest(TimeStampedModel):
    """Someone wants a mentor or befriender: what help, and what matters to them in one."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_match_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=MatchRequestSource.choices)
    kind = models.CharField(max_length=20, choices=HelpKind.choices, default=HelpKind.MENTOR)
    emotional = models.BooleanField(default=False)
    social = models.BooleanField(default=False)
    practical = models.BooleanField(default=False)
    gender = models.CharField(max_length=20, choices=MatchGender.choices, blank=True)
    gender_must = models.BooleanField(default=False)
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    language_must = models.BooleanField(default=False)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    area_must = models.BooleanField(default=False)
    experience = models.ManyToManyField(ExperienceTopic, blank=True, related_name="+")
    experience_must = models.BooleanField(default=False)
    about = models.TextField(_("anything else"), blank=True, max_length=2000)
    referral_reason = models.TextField(blank=True, max_length=2000)
    status = models.CharField(
        max_length=20, choices=MatchRequestStatus.choices, default=MatchRequestStatus.OPEN
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(emotional=True) | Q(social=True) | Q(practical=True),
                name="peer_request_some_help",
            ),
        ]
        indexes = [
            # The staff list of requests waiting for a match, oldest first.
            models.Index(fields=["status", "created_at"], name="peer_request_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Request from {self.member}"

    @property
    def needs(self) -> list[str]:
        labels = {"emotional": _("emotional"), "social": _("social"), "practical": _("practical")}
        return [str(label) for name, label in labels.items() if getattr(self, name)]


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


LIVE_MATCH_STATUSES = (MatchStatus.PROPOSED, MatchStatus.ACTIVE, MatchStatus.PAUSED)

MATCH_MOVES: dict[str, frozenset[str]] = {
    MatchStatus.PROPOSED: frozenset({MatchStatus.ACTIVE, MatchStatus.ENDED}),
    MatchStatus.ACTIVE: frozenset({MatchStatus.PAUSED, MatchStatus.ENDED}),
    MatchStatus.PAUSED: frozenset({MatchStatus.ACTIVE, MatchStatus.ENDED}),
    MatchStatus.ENDED: frozenset(),
}


class Match(TimeStampedModel):
    """A mentor and a member, matched by staff. Never made automatically."""

    request = models.ForeignKey(MatchRequest, on_delete=models.PROTECT, related_name="matches")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="peer_mentor_matches"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="peer_member_matches"
    )
    status = models.CharField(
        max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    review_date = models.DateField(null=True, blank=True)
    review_prompted_for = models.DateField(null=True, blank=True, editable=False)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The fit as staff saw it when they matched: score and its parts.
    fit = models.JSONField(default=dict, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "matches"
        constraints = [
            # A request has at most one live match.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "active", "paused"]),
                name="peer_match_one_live_per_request",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("member")), name="peer_match_not_self"
            ),
        ]
        indexes = [
            # Capacity: a mentor's live matches; "my mentoring" lists them.
            models.Index(fields=["mentor", "status"], name="peer_match_mentor_idx"),
            # The daily job that prompts staff about reviews due.
            models.Index(
                fields=["review_date"],
                name="peer_match_review_idx",
                condition=Q(status__in=["active", "paused"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} with {self.member}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_MATCH_STATUSES


class MatchChange(models.Model):
    """The history of a match: every move, who made it and why."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=MatchStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MatchStatus.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class DoNotMatch(TimeStampedModel):
    """Staff know these two must never be matched (e.g. co-defendants, a victim)."""

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("do-not-match entry")
        verbose_name_plural = _("do-not-match entries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "member"], name="peer_do_not_match_once"),
        ]

    def __str__(self) -> str:
        return f"Do not match {self.mentor} with {self.member}"


class ContactMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    ONLINE = "online", _("Online")


class ContactLog(TimeStampedModel):
    """One contact between a mentor and the person they support. Seen by them and staff."""

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="contacts")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_contacts"
    )
    contact_on = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(12 * 60)]
    )
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    emotional = models.BooleanField(default=False)
    social = models.BooleanField(default=False)
    practical = models.BooleanField(default=False)
    notes = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["-contact_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(emotional=True) | Q(social=True) | Q(practical=True),
                name="peer_contact_some_support",
            ),
        ]
        indexes = [
            # A match's contacts, newest first.
            models.Index(fields=["match", "-contact_on"], name="peer_contact_match_idx"),
        ]

    def __str__(self) -> str:
        return f"Contact on {self.contact_on}"

    @property
    def kinds(self) -> list[str]:
        labels = {"emotional": _("Emotional"), "social": _("Social"), "practical": _("Practical")}
        return [str(label) for name, label in labels.items() if getattr(self, name)]


# --- Safeguarding -----------------------------------------------------------------------


class Severity(models.TextChoices):
    LOW = "low", _("Low: staff should know")
    MEDIUM = "medium", _("Medium: needs a response within a few days")
    HIGH = "high", _("High: needs a response today")
    URGENT = "urgent", _("Urgent: someone may be in danger now")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UNDER_REVIEW = "under_review", _("Under review")
    REFERRED = "referred", _("Referred on")
    CLOSED = "closed", _("Closed")


CONCERN_MOVES: dict[str, frozenset[str]] = {
    ConcernStatus.OPEN: frozenset(
        {ConcernStatus.UNDER_REVIEW, ConcernStatus.REFERRED, ConcernStatus.CLOSED}
    ),
    ConcernStatus.UNDER_REVIEW: frozenset({ConcernStatus.REFERRED, ConcernStatus.CLOSED}),
    ConcernStatus.REFERRED: frozenset({ConcernStatus.UNDER_REVIEW, ConcernStatus.CLOSED}),
    ConcernStatus.CLOSED: frozenset({ConcernStatus.UNDER_REVIEW}),
}


class NeverDeletedQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnlyError("Safeguarding records are never deleted.")


class SafeguardingConcern(TimeStampedModel):
    """A worry about someone's safety. Seen only by peer-support staff; never deleted."""

    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The person the concern is about, if they have an account."),
    )
    match = models.ForeignKey(
        Match, on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    contact = models.ForeignKey(
        ContactLog, on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )
    severity = models.CharField(max_length=20, choices=Severity.choices)
    description = models.TextField(max_length=5000)
    action_taken = models.TextField(blank=True, max_length=2000)
    status = models.CharField(
        max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("safeguarding_lead", "Is told at once about safeguarding concerns"),
        ]
        indexes = [
            # The staff list and the banner: concerns not yet closed, newest first.
            models.Index(fields=["status", "-created_at"], name="peer_concern_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Safeguarding concern {self.reference}"

    @property
    def reference(self) -> str:
        return f"SG-{self.pk:05d}" if self.pk else "SG-new"

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Safeguarding records are never deleted.")


class ConcernUpdate(models.Model):
    """A note or status change on a concern. Kept for ever, never edited."""

    concern = models.ForeignKey(
        SafeguardingConcern, on_delete=models.PROTECT, related_name="updates"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=ConcernStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ConcernStatus.choices)
    note = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Safeguarding notes cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Safeguarding records are never deleted.")


__all__ = [
    "Area",
    "CONCERN_MOVES",
    "ConcernStatus",
    "ConcernUpdate",
    "ContactLog",
    "ContactMethod",
    "DoNotMatch",
    "ExperienceTopic",
    "HelpKind",
    "LIVE_MATCH_STATUSES",
    "Language",
    "MATCH_MOVES",
    "Match",
    "MatchChange",
    "MatchGender",
    "MatchRequest",
    "MatchRequestSource",
    "MatchRequestStatus",
    "MatchStatus",
    "MentorMatchProfile",
    "NeverDeletedQuerySet",
    "SafeguardingConcern",
    "Severity",
]


if TYPE_CHECKING:
    # A mentor's profile as matching.selectors.ranked_mentors reads it: score and its parts.
    RankedMentor = WithAnnotations[MentorMatchProfile, Ranking]
