"""Certificates: the rules staff edit, and the awards made under them.

Imported by ``peersupport.models`` so Django registers these models in the peersupport app
(same app_label, same tables).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from peersupport.sessions.models import SignUpRole


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
