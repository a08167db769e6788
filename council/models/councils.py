"""Councils, the constituencies and portfolios representatives speak for, and who belongs where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Council(TimeStampedModel):
    """A probation council, usually one per probation area."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Constituency(TimeStampedModel):
    """Who a representative speaks for: a place, or a group of people."""

    class Kind(models.TextChoices):
        PLACE = "place", _("A place")
        GROUP = "group", _("A group of people")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="constituencies")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.PLACE)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["council", "name"]
        verbose_name_plural = "constituencies"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"], name="council_constituency_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Portfolio(TimeStampedModel):
    """An issue area a representative can take on, such as Housing."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="portfolios")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["council", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"], name="council_portfolio_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A member belongs to a constituency from ``joined_on`` until ``left_on``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_memberships"
    )
    constituency = models.ForeignKey(
        Constituency, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["constituency", "user__display_name"]
        constraints = [
            # One current membership per person and constituency.
            models.UniqueConstraint(
                fields=["user", "constituency"],
                condition=Q(left_on=None),
                name="council_membership_one_current",
            ),
        ]
        indexes = [
            # Freezing the voter roll and the members page: current members of a constituency.
            models.Index(
                fields=["constituency", "user"],
                condition=Q(left_on=None),
                name="council_membership_current_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.constituency}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None
