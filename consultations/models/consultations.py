"""A consultation, the constituencies it asks, and the consent wording people agreed to."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Consultation(TimeStampedModel):
    """A questionnaire that staff build and members (or anyone with the link) answer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Published, not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Audience(models.TextChoices):
        ALL_MEMBERS = "all_members", _("All members")
        CONSTITUENCIES = "constituencies", _("Members of chosen constituencies")
        OPEN_LINK = "open_link", _("Anyone with the link")

    class Anonymity(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymous")
        PSEUDONYMOUS = "pseudonymous", _("Pseudonymous")
        NAMED = "named", _("Named")

    class RetentionAction(models.TextChoices):
        DELETE = "delete", _("Delete the answers")
        ANONYMISE = "anonymise", _("Keep the answers but remove anything that links to a person")

    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("what it is for"))
    information_sheet = models.TextField(_("information sheet"))
    consent_statement = models.TextField(_("consent statement"))
    audience = models.CharField(
        _("who can answer"), max_length=20, choices=Audience.choices, default=Audience.ALL_MEMBERS
    )
    anonymity = models.CharField(
        _("anonymity"), max_length=20, choices=Anonymity.choices, default=Anonymity.PSEUDONYMOUS
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    retention_years = models.PositiveSmallIntegerField(
        _("keep answers for (years)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
    )
    retention_action = models.CharField(
        _("after that"),
        max_length=20,
        choices=RetentionAction.choices,
        default=RetentionAction.DELETE,
    )
    # No longer read: each question has a page unless staff put it with the one before
    # (``Question.same_page_as_previous``). Kept so no data moves; drop it in a later migration.
    questions_per_page = models.PositiveSmallIntegerField(
        _("questions on each page"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    ask_profile = models.BooleanField(
        _("ask the optional 'about you' questions"),
        default=True,
        help_text=_("Gender, ethnic group, age band and area. People can always skip them."),
    )
    areas = models.TextField(
        _("areas to choose from"),
        blank=True,
        help_text=_("One area on each line, for example Leicester City. Leave empty to not ask."),
    )
    require_access_code = models.BooleanField(
        _("ask for a one-time access code"),
        default=False,
        help_text=_("Only for open links: each printed code can be used once."),
    )
    open_link_token = models.CharField(max_length=40, unique=True, null=True, blank=True)
    # Withdrawals are counted, never attributed.
    withdrawn_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    duplicated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="consultations_closes_after_opens",
            ),
            # An open link has no signed-in person to key a pseudonym on or to name.
            models.CheckConstraint(
                condition=~Q(audience="open_link") | Q(anonymity="anonymous"),
                name="consultations_open_link_is_anonymous",
            ),
            models.CheckConstraint(
                condition=Q(require_access_code=False) | Q(audience="open_link"),
                name="consultations_access_codes_only_on_open_links",
            ),
        ]
        indexes = [
            # The opening job: scheduled consultations whose time has come.
            models.Index(
                fields=["opens_at"],
                name="consult_due_to_open_idx",
                condition=Q(status="scheduled"),
            ),
            # The closing job: open consultations past their closing time.
            models.Index(
                fields=["closes_at"],
                name="consult_due_to_close_idx",
                condition=Q(status="open"),
            ),
            # Members' list of open consultations and the staff list filtered by status.
            models.Index(fields=["status", "-created_at"], name="consult_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        """Settings that respondents were told about (anonymity, audience) lock at publishing."""
        return self.status == self.Status.DRAFT

    @property
    def period_start(self) -> date:
        """The one date every anonymous answer carries instead of its own time."""
        moment = self.opened_at or self.opens_at or timezone.now()
        return timezone.localdate(moment)

    @property
    def area_list(self) -> list[str]:
        return [line.strip() for line in self.areas.splitlines() if line.strip()]

    @property
    def is_anonymous(self) -> bool:
        return self.anonymity == self.Anonymity.ANONYMOUS

    @property
    def is_pseudonymous(self) -> bool:
        return self.anonymity == self.Anonymity.PSEUDONYMOUS

    @property
    def is_named(self) -> bool:
        return self.anonymity == self.Anonymity.NAMED


class ConsultationConstituency(models.Model):
    """One constituency a consultation is for.

    ``constituency_id`` is the id of a ``council`` constituency. It is a plain integer rather
    than a foreign key because the council app's tables are built in parallel with this one;
    ``consultations.audience`` reads constituencies and memberships through council's
    selectors. The name is kept so the page still reads well if a constituency is renamed.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="constituencies"
    )
    constituency_id = models.PositiveBigIntegerField()
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("constituency of a consultation")
        verbose_name_plural = _("constituencies of consultations")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "constituency_id"],
                name="consultations_constituency_once",
            )
        ]
        indexes = [
            # Members' list: "consultations for any of my constituencies".
            models.Index(fields=["constituency_id"], name="consult_constituency_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class ConsentVersion(models.Model):
    """The exact information sheet and consent text a respondent agreed to.

    A new version is made whenever either text changes, so every submission can say which
    words its author saw.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="consent_versions"
    )
    number = models.PositiveIntegerField()
    information_sheet = models.TextField()
    consent_statement = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="consultations_consent_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} — consent version {self.number}"
