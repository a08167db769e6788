"""Representatives and the results reached in person that some of them come from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from council.models.councils import Constituency, Council, Portfolio
from council.models.elections import Election


class RecordedSelection(TimeStampedModel):
    """A result reached in person (for example a workshop choosing delegates)."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="recorded_selections"
    )
    constituency = models.ForeignKey(
        Constituency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("what was chosen"), max_length=200)
    held_on = models.DateField(_("date"))
    method = models.TextField(_("how the choice was made"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Representative(TimeStampedModel):
    """A member who speaks for a constituency on a council, for a term."""

    class Source(models.TextChoices):
        ELECTED = "elected", _("Elected")
        COOPTED = "coopted", _("Co-opted")
        RECORDED = "recorded", _("Chosen in person")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="representative_terms"
    )
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="representatives")
    constituency = models.ForeignKey(
        Constituency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
    )
    portfolios = models.ManyToManyField(Portfolio, blank=True, related_name="representatives")
    source = models.CharField(max_length=10, choices=Source.choices)
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="representatives"
    )
    recorded_selection = models.ForeignKey(
        RecordedSelection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
    )
    note = models.TextField(_("note"), blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    stood_down_on = models.DateField(_("stood down on"), null=True, blank=True)
    stood_down_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["council", "constituency__name", "user__display_name"]
        indexes = [
            # The public "who represents whom" page: a council's current representatives.
            models.Index(
                fields=["council", "constituency"],
                condition=Q(stood_down_on=None),
                name="council_rep_current_idx",
            ),
        ]
        constraints = [
            # One elected term per person per election.
            models.UniqueConstraint(
                fields=["election", "user"],
                condition=Q(election__isnull=False),
                name="council_rep_one_per_election",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.constituency or self.council}"

    @property
    def is_current(self) -> bool:
        return self.stood_down_on is None
