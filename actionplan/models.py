"""Plans, objectives, actions, their updates and milestones, and what each action answers.

A plan holds objectives; an objective holds actions. Every action has a staff owner and may
have a user champion (a representative or peer mentor: the report's "two sets of
champions"). Every change to an action or milestone is kept by django-simple-history, and
every update is its own dated row, so progress can be shown and not just claimed.

Sources are generic on purpose: council and consultations are built beside this app, so an
``ActionSource`` names what it answers by kind and by a text reference
(``app_label.model:pk``) rather than a foreign key, with a summary safe to show publicly.
``actionplan/sources.py`` turns a reference into that summary when an app registers a
resolver for it.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actionplan.rag import Rag, rag_for
from core.models import TimeStampedModel


class Recommendation(models.IntegerChoices):
    """The consultation report's four recommendations, which objectives may cite."""

    R1 = (
        1,
        _(
            "Recommendation 1: Develop an overarching strategy and action plan for user "
            "involvement and peer-led support"
        ),
    )
    R2 = (
        2,
        _(
            "Recommendation 2: Contribute to a continuum of helping relationships that supports "
            "move-on journeys"
        ),
    )
    R3 = (
        3,
        _(
            "Recommendation 3: Develop user champions who contribute to user involvement, "
            "co-production and peer-led support"
        ),
    )
    R4 = 4, _("Recommendation 4: Consider a pilot probation council for these agendas")


class Term(models.TextChoices):
    SHORT = "short", _("Short term (within a year)")
    LONG = "long", _("Long term")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")
    DROPPED = "dropped", _("Dropped")


# Statuses that still need doing: reminders and digests are about these.
OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED)
# A reason must be given for these.
REASON_STATUSES = (Status.BLOCKED, Status.DROPPED)


class Theme(models.TextChoices):
    """What an action is about: the council's portfolios, plus involvement itself."""

    INVOLVEMENT = "involvement", _("User involvement and peer support")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment, education and training")
    HEALTH = "health", _("Health and wellbeing")
    DRUGS_ALCOHOL = "drugs_alcohol", _("Drugs and alcohol")
    OFFICERS = "officers", _("Relationships with officers and programmes")
    RESETTLEMENT = "resettlement", _("Resettlement")
    COMMUNITY = "community", _("Community")
    OTHER = "other", _("Other")


class SourceKind(models.TextChoices):
    COUNCIL_AGENDA_ITEM = "council_agenda_item", _("Council meeting agenda item")
    COUNCIL_DECISION = "council_decision", _("Council decision")
    REP_ISSUE = "rep_issue", _("Issue raised with a representative")
    CONSULTATION_CODE = "consultation_code", _("Theme from a consultation")
    EVENT_SUGGESTION = "event_suggestion", _("Suggestion made at an event")


class Plan(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), blank=True, max_length=3000)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="actionplan_plan_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Objective(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="objectives")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    term = models.CharField(_("term"), max_length=5, choices=Term.choices, default=Term.SHORT)
    recommendation = models.PositiveSmallIntegerField(
        _("report recommendation"), choices=Recommendation.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            # CSV imports name objectives by number, so a number means one objective.
            models.UniqueConstraint(
                fields=["plan", "number"], name="actionplan_objective_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def evidence_upload_to(instance: ActionUpdate, filename: str) -> str:
    """A random name: never the uploader's file name, which may name a person."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"actionplan/evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Action(TimeStampedModel):
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what we will do"), max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="actionplan_owned",
        verbose_name=_("staff owner"),
    )
    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actionplan_championed",
        verbose_name=_("user champion"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    status_reason = models.TextField(_("reason"), blank=True, max_length=1000)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, default=Theme.OTHER)
    is_public = models.BooleanField(_("show on the 'You said, we did' board"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Claims for the reminder jobs: the due date each reminder was last sent for, so moving
    # the due date earns a new reminder and a second run of the job sends nothing.
    due_soon_reminded_for = models.DateField(null=True, blank=True, editable=False)
    overdue_reminded_for = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["due_soon_reminded_for", "overdue_reminded_for", "updated_at"]
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="actionplan_action_progress_0_100",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=REASON_STATUSES) | ~Q(status_reason=""),
                name="actionplan_action_reason_when_blocked_or_dropped",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.DONE) | Q(progress=100),
                name="actionplan_action_done_is_100",
            ),
        ]
        indexes = [
            # The "You said, we did" board: public actions, by theme, soonest due first.
            models.Index(fields=["is_public", "theme", "due_on"], name="actionplan_board_idx"),
            # Reminder jobs and the overdue filter: open actions by due date.
            models.Index(fields=["status", "due_on"], name="actionplan_status_due_idx"),
            # "My actions" and the weekly digest, for owners and for champions.
            models.Index(fields=["owner", "status"], name="actionplan_owner_idx"),
            models.Index(fields=["champion", "status"], name="actionplan_champion_idx"),
            # "All actions" (selectors.actions_filtered) and the plan page's lists: soonest
            # due first (ORDER BY due_on, id LIMIT 50) without sorting every action.
            models.Index(fields=["due_on", "id"], name="actionplan_due_idx"),
            # The "You said, we did" board with no theme chosen (selectors.board_actions):
            # public actions, soonest due first, read in order and stopped after one page.
            models.Index(
                fields=["due_on", "id"],
                condition=Q(is_public=True),
                name="actionplan_board_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def rag(self, today: date | None = None) -> Rag:
        return rag_for(
            status=self.status,
            due_on=self.due_on,
            progress=self.progress,
            today=today or timezone.localdate(),
        )

    @property
    def rag_today(self) -> Rag:
        return self.rag()

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.due_on < timezone.localdate()


class Milestone(TimeStampedModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # An action's milestones in date order (action pages, prefetched on lists).
            models.Index(fields=["action", "due_on"], name="actionplan_milestone_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    """A dated progress note, which may move the status and progress on. Never edited."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_was_champion = models.BooleanField(default=False)
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("what happened"), max_length=3000)
    status_before = models.CharField(max_length=20, choices=Status.choices)
    status_after = models.CharField(max_length=20, choices=Status.choices)
    status_reason = models.TextField(blank=True, max_length=1000)
    progress_before = models.PositiveSmallIntegerField()
    progress_after = models.PositiveSmallIntegerField()
    evidence_link = models.URLField(_("link to evidence"), blank=True, max_length=500)
    evidence_file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=200)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [
            # Latest update per action (board subquery, action page), newest first.
            models.Index(
                fields=["action", "-happened_on", "-id"], name="actionplan_update_latest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.note[:50]}"

    @property
    def changed_status(self) -> bool:
        return self.status_before != self.status_after


class ActionSource(TimeStampedModel):
    """What an action answers: said at a meeting, in a consultation, to a rep, at an event.

    ``summary`` is a plain-English snapshot written to be shown publicly: it never names a
    person. ``ref_model``/``ref_id`` point at the original (``council.decision`` / ``12``)
    without a foreign key, so the apps that own those records can be wired in later.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("where this came from"), max_length=30, choices=SourceKind.choices)
    ref_model = models.CharField(max_length=100, blank=True)
    ref_id = models.CharField(max_length=64, blank=True)
    summary = models.TextField(_("what was said"), max_length=1000)
    count = models.PositiveIntegerField(_("how many people said this"), null=True, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ref_model="", ref_id="") | (~Q(ref_model="") & ~Q(ref_id="")),
                name="actionplan_source_ref_whole",
            ),
            models.UniqueConstraint(
                fields=["action", "ref_model", "ref_id"],
                condition=~Q(ref_model=""),
                name="actionplan_source_unique_ref",
            ),
        ]
        indexes = [
            # "Which actions answer this decision / theme?" for the apps that own sources.
            models.Index(fields=["ref_model", "ref_id"], name="actionplan_source_ref_idx"),
        ]

    def __str__(self) -> str:
        return self.summary[:80]

    @property
    def ref(self) -> str:
        return f"{self.ref_model}:{self.ref_id}" if self.ref_model else ""


class ActionSourceRaiser(models.Model):
    """Someone to tell when the action answering what they raised changes status.

    Only ever read to send each of them their own message: never listed on a page.
    """

    source = models.ForeignKey(ActionSource, on_delete=models.CASCADE, related_name="raisers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "user"], name="actionplan_raiser_unique"),
        ]

    def __str__(self) -> str:
        return f"Raiser of source {self.source_id}"


class ChampionProfile(models.Model):
    """How a user champion chooses to be named on the public board (blank: not named)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="actionplan_champion_profile",
    )
    public_name = models.CharField(_("name to show on the board"), max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.public_name or "(not named)"
