"""What the dashboards keep of their own: caseload figures and precomputed summaries.

Everything else on a dashboard is read from the other apps and counted in the database.

* ``CaseloadFigure``: how many people the probation service supervises in a council's area,
  in total and by gender, ethnic group and place, entered by an administrator from the
  service's case-management figures. The dashboards set the council's members, voters,
  respondents and mentors against these, to show whether involvement is representative.
* ``Snapshot``: the figures for one council (or all councils) over one period, as computed
  at ``computed_at``. At national scale counting everything takes seconds, so the page shows
  the latest snapshot with "figures as of" and a periodic job (``dashboards.tasks``) keeps
  the usual periods fresh. A snapshot holds counts only (small counts already hidden):
  never a name, an answer or a ballot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from council.models import Constituency, Council


class Dimension(models.TextChoices):
    TOTAL = "total", _("Whole caseload")
    GENDER = "gender", _("Gender")
    ETHNIC_GROUP = "ethnic_group", _("Ethnic group")
    AREA = "area", _("Area")


class CaseloadFigure(TimeStampedModel):
    """How many people on probation in a council's area fall in one category.

    ``category`` is a ``users.demographics`` value for gender and ethnic group, the
    constituency's id (as text) for an area, and empty for the whole caseload, so one
    unique constraint covers every dimension.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    category = models.CharField(max_length=40, blank=True)
    constituency = models.ForeignKey(
        Constituency, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    count = models.PositiveIntegerField(_("number of people"))
    as_of = models.DateField(_("figures as of"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["council", "dimension", "category"]
        constraints = [
            # One figure per council and category; the caseload page replaces it.
            models.UniqueConstraint(
                fields=["council", "dimension", "category"], name="dash_caseload_once"
            ),
            # An area figure names its constituency; no other figure does.
            models.CheckConstraint(
                condition=(Q(dimension="area") & Q(constituency__isnull=False))
                | (~Q(dimension="area") & Q(constituency__isnull=True)),
                name="dash_caseload_area_has_place",
            ),
        ]
        # The dashboard reads every council's figures at once (the unique index serves it).

    def __str__(self) -> str:
        return f"{self.council_id} {self.dimension} {self.category}: {self.count}"


class Snapshot(models.Model):
    """The dashboard figures for one scope and period, computed at ``computed_at``.

    ``scope`` is ``"all"`` or a council's id. Every scope of a period is computed together
    (so small-count hiding is consistent across the council pages and the all-councils
    page) and written in one transaction.
    """

    ALL = "all"

    scope = models.CharField(max_length=20)
    date_from = models.DateField()
    date_to = models.DateField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    data = models.JSONField()

    class Meta:
        constraints = [
            # The page looks one snapshot up by scope and period.
            models.UniqueConstraint(
                fields=["scope", "date_from", "date_to"], name="dash_snapshot_once"
            ),
        ]
        indexes = [
            # The clean-up job removes snapshots nobody has refreshed for a day.
            models.Index(fields=["computed_at"], name="dash_snapshot_age_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.date_from}..{self.date_to} at {self.computed_at:%Y-%m-%d %H:%M}"


class MonthlyFigures(models.Model):
    """The headline figures of one scope for one calendar month, for the trend charts.

    Kept by the periodic job (``services.monthly_figures_refresh``): the current month is
    counted again on every run, a finished month once more after it ends, and then kept.
    The page reads the last 12 rows and never counts history while it loads.
    """

    scope = models.CharField(max_length=20)
    month = models.DateField()  # the first day of the month
    computed_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")
        constraints = [
            # The page reads a scope's last 12 months (the unique index serves it).
            models.UniqueConstraint(fields=["scope", "month"], name="dash_monthly_once"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.month:%Y-%m}"
