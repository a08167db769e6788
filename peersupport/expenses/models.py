"""Travel expenses (issue 7): "transport costs will be reimbursed" (the report, Appendix 5).

A mentor claims for a session or helpline shift they attended. Money is ``Decimal`` with
two places, never a float. Receipts are stored under random names in the default file
storage, which is never served as static or media files: only the receipt view streams
them, to the claimant and to the staff who approve expenses.

Imported by ``peersupport.models`` so Django registers these models there.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from peersupport.helpline.models import Shift
from peersupport.sessions.models import Occurrence


class TravelMode(models.TextChoices):
    BUS = "bus", _("Bus or coach")
    TRAIN = "train", _("Train or tram")
    CAR = "car", _("Car (mileage)")
    MOTORBIKE = "motorbike", _("Motorbike (mileage)")
    BICYCLE = "bicycle", _("Bicycle (mileage)")
    TAXI = "taxi", _("Taxi (agreed with staff first)")
    OTHER = "other", _("Something else")


# Modes paid by the mile, at the rate in force on the day of the journey.
MILEAGE_MODES = frozenset({TravelMode.CAR, TravelMode.MOTORBIKE, TravelMode.BICYCLE})


class MileageRate(TimeStampedModel):
    """Pence per mile for a mode, in force from ``effective_from`` until the next rate."""

    mode = models.CharField(max_length=20, choices=TravelMode.choices)
    pence_per_mile = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    effective_from = models.DateField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["mode", "-effective_from"]
        constraints = [
            # One rate per mode per start date: the rate on a day is never ambiguous.
            models.UniqueConstraint(fields=["mode", "effective_from"], name="peer_rate_once"),
            models.CheckConstraint(condition=Q(pence_per_mile__gt=0), name="peer_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()}: {self.pence_per_mile}p from {self.effective_from}"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent, waiting for a decision")
    APPROVED = "approved", _("Approved, to be paid")
    REJECTED = "rejected", _("Not approved")
    PAID = "paid", _("Paid")


def receipt_upload_to(instance: ExpenseClaim, filename: str) -> str:
    """A random name: never the uploader's file name, which may name a person."""
    suffix = Path(filename).suffix.lower()[:6]
    return f"peersupport/receipts/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ExpenseClaim(TimeStampedModel):
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="peer_expense_claims"
    )
    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    journey_date = models.DateField()
    journey_from = models.CharField(max_length=150)
    journey_to = models.CharField(max_length=150)
    mode = models.CharField(max_length=20, choices=TravelMode.choices)
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    pence_per_mile = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    receipt = models.FileField(upload_to=receipt_upload_to, blank=True, max_length=200)
    receipt_name = models.CharField(max_length=150, blank=True)
    receipt_content_type = models.CharField(max_length=50, blank=True)
    receipt_size = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    declared_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True, max_length=1000)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A claim is for exactly one session or one shift.
            models.CheckConstraint(
                condition=Q(occurrence__isnull=False, shift__isnull=True)
                | Q(occurrence__isnull=True, shift__isnull=False),
                name="peer_claim_one_source",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="peer_claim_amount_positive"),
            # No duplicates: one live claim per person per session or shift (a rejected
            # claim may be made again).
            models.UniqueConstraint(
                fields=["claimant", "occurrence"],
                condition=Q(occurrence__isnull=False) & ~Q(status="rejected"),
                name="peer_claim_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["claimant", "shift"],
                condition=Q(shift__isnull=False) & ~Q(status="rejected"),
                name="peer_claim_once_per_shift",
            ),
            # Nothing is sent without the declaration.
            models.CheckConstraint(
                condition=Q(status="draft") | Q(declared_at__isnull=False),
                name="peer_claim_declared",
            ),
            # Nobody decides on their own claim.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("claimant")),
                name="peer_claim_not_self_decided",
            ),
        ]
        indexes = [
            # The approvers' queues: claims by status, oldest sent first.
            models.Index(fields=["status", "submitted_at"], name="peer_claim_status_idx"),
            # "My claims", newest first.
            models.Index(fields=["claimant", "-created_at"], name="peer_claim_claimant_idx"),
            # "Recently paid or not approved" on the staff expenses page
            # (expenses/selectors.recently_closed: ORDER BY updated_at DESC, id DESC LIMIT 50).
            models.Index(fields=["-updated_at", "-id"], name="peer_claim_updated_idx"),
            # "Approved, to be paid" (expenses/selectors.to_pay: status = 'approved' ORDER BY
            # decided_at, id LIMIT 50), read in order instead of joining every approved claim.
            models.Index(fields=["status", "decided_at", "id"], name="peer_claim_decided_idx"),
        ]

    def __str__(self) -> str:
        return f"Claim {self.reference}"

    @property
    def reference(self) -> str:
        return f"TE-{self.pk:05d}" if self.pk else "TE-new"

    @property
    def source_title(self) -> str:
        source = self.occurrence or self.shift
        return source.title if source else ""

    @property
    def is_mileage(self) -> bool:
        return self.mode in MILEAGE_MODES


__all__ = [
    "ClaimStatus",
    "ExpenseClaim",
    "MILEAGE_MODES",
    "MileageRate",
    "TravelMode",
    "receipt_upload_to",
]
