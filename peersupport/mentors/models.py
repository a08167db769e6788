"""The mentor lifecycle: referral, assessment, training (qualifications), active, paused, left.

Imported by ``peersupport.models`` so Django registers these models in the peersupport app
(same app_label, same tables).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


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
