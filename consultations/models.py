"""Consultations: questionnaires, the people they ask, and the answers they get back.

How the privacy promises are kept by the shape of the tables (the tests in
``tests/consultations/test_anonymity.py`` check each one):

* ``Submission`` and ``Answer`` have **no column that points at a person**. A named answer's
  author lives in ``NamedRespondent``, and who typed in a paper form lives in ``StaffEntry``;
  neither table is written for anonymous answers, and ``NamedRespondent`` never for
  pseudonymous ones.
* A pseudonymous submission carries ``pseudonym`` = HMAC(settings.PSEUDONYM_KEY, person,
  consultation). The key is a setting, never a row, so the database alone cannot say who wrote
  what; a unique constraint on (consultation, pseudonym) makes "one answer per person" a
  database rule.
* ``Submission`` has no ``created_at``: it keeps ``submitted_on`` (a date). An anonymous
  submission's date is the consultation's period start, the same for every answer, so there is
  no time of day and no order to match against anything else.
* The primary key of ``Submission`` is a random UUID and its human ``reference`` is random
  too, so neither tells the order answers came in.
* Anonymous consultations for members stop double answering without a "has answered" row: see
  ``AnonymousPending``.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from users import demographics


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


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("Choose one")
        MULTIPLE_CHOICE = "multiple_choice", _("Choose any")
        YES_NO = "yes_no", _("Yes or no")
        SCALE = "scale", _("Scale from 1 to 5")

    CHOICE_KINDS = frozenset({Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE, Kind.YES_NO})
    TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("type of answer"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("an answer is needed"), default=True)
    same_page_as_previous = models.BooleanField(
        _("show on the same page as the question before"),
        default=False,
        help_text=_("Only when the two questions belong together. Most questions get a page each."),
    )
    offer_dont_know = models.BooleanField(_("offer ‘Don’t know’"), default=False)
    offer_prefer_not = models.BooleanField(_("offer ‘Prefer not to say’"), default=False)
    scale_low_label = models.CharField(_("what 1 means"), max_length=60, blank=True)
    scale_high_label = models.CharField(_("what 5 means"), max_length=60, blank=True)

    class Meta:
        ordering = ["consultation", "position", "id"]
        indexes = [
            # Every page of a questionnaire reads its questions in order.
            models.Index(fields=["consultation", "position"], name="consult_question_order_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in self.TEXT_KINDS


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.label


class Submission(models.Model):
    """One person's set of answers to one consultation. Deliberately has no user column."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Online")
        INTERVIEW = "interview", _("One-to-one interview")
        PAPER = "paper", _("Paper form")

    class ConsentMethod(models.TextChoices):
        ONLINE = "online", _("Ticked the box online")
        SPOKEN = "spoken", _("Agreed out loud in the interview")
        SIGNED = "signed", _("Signed the paper form")

    # The same categories members may declare on their account, so dashboards can set
    # respondents beside members, voters and mentors.
    Gender = demographics.Gender
    EthnicGroup = demographics.EthnicGroup

    class AgeBand(models.TextChoices):
        UNDER_25 = "18-24", _("18 to 24")
        FROM_25 = "25-34", _("25 to 34")
        FROM_35 = "35-44", _("35 to 44")
        FROM_45 = "45-54", _("45 to 54")
        FROM_55 = "55-64", _("55 to 64")
        OVER_65 = "65+", _("65 or over")

    PROFILE_FIELDS = ("gender", "ethnic_group", "age_band", "area")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="submissions"
    )
    # Copied from the consultation so the check constraints below can see it.
    anonymity = models.CharField(max_length=20, choices=Consultation.Anonymity.choices)
    reference = models.CharField(max_length=9, unique=True)
    pseudonym = models.CharField(max_length=64, null=True, blank=True, editable=False)
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.ONLINE)
    consent_version = models.ForeignKey(
        ConsentVersion, on_delete=models.PROTECT, related_name="submissions"
    )
    consent_method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    # The exact moment of consent is kept for named answers only; otherwise the consent day is
    # ``submitted_on`` (pseudonymous) or the consultation's period (anonymous).
    consented_at = models.DateTimeField(null=True, blank=True)
    submitted_on = models.DateField()
    destroy_after = models.DateField(null=True, blank=True)
    anonymised_on = models.DateField(null=True, blank=True)
    withdrawal_code_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup.choices, blank=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    area = models.CharField(max_length=100, blank=True)

    class Meta:
        # Random references: listing never reveals the order answers arrived in.
        ordering = ["reference"]
        constraints = [
            # One answer per person in pseudonymous mode, even under concurrent submits.
            models.UniqueConstraint(
                fields=["consultation", "pseudonym"],
                name="consultations_one_answer_per_pseudonym",
            ),
            models.CheckConstraint(
                condition=Q(anonymity="pseudonymous") | Q(pseudonym__isnull=True),
                name="consultations_pseudonym_only_if_pseudonymous",
            ),
            models.CheckConstraint(
                condition=Q(anonymity="named") | Q(consented_at__isnull=True),
                name="consultations_consent_time_only_if_named",
            ),
        ]
        indexes = [
            # The retention job: what is due for deletion or anonymising, oldest first.
            models.Index(
                fields=["destroy_after"],
                name="consult_sub_retention_idx",
                condition=Q(destroy_after__isnull=False),
            ),
            # Responses and exports of one consultation, in reference order.
            models.Index(fields=["consultation", "reference"], name="consult_sub_listing_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class NamedRespondent(models.Model):
    """Who wrote a *named* submission. Never written for anonymous or pseudonymous ones."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, primary_key=True, related_name="named"
    )
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="named_submissions"
    )

    class Meta:
        constraints = [
            # One answer per person in named mode, even under concurrent submits.
            models.UniqueConstraint(
                fields=["consultation", "respondent"], name="consultations_one_named_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent} — {self.consultation}"


class StaffEntry(models.Model):
    """Who typed in an interview or paper form, and who ran the interview.

    Both are staff; the person who answered is never named here.
    """

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, primary_key=True, related_name="staff_entry"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consultation_entries",
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_interviews",
    )
    interviewer_name = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("answer entered by staff")
        verbose_name_plural = _("answers entered by staff")

    def __str__(self) -> str:
        return f"Entered by {self.entered_by}"


class Answer(models.Model):
    """One answer to one question. The coding of free text (a later issue) points here."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text_value = models.TextField(blank=True)
    number_value = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    choices = models.ManyToManyField(Choice, through="AnswerChoice", related_name="answers")

    class Declined(models.TextChoices):
        DONT_KNOW = "dont_know", _("Don’t know")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    # Kept apart from the choices so reports count "don't know" and "prefer not to say" on
    # their own rather than as a choice or as no answer.
    declined = models.CharField(max_length=20, choices=Declined.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="consultations_one_answer_per_question"
            )
        ]
        indexes = [
            # The coding queue and per-question reports: one question's answers in id order.
            models.Index(fields=["question", "id"], name="consult_answer_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class AnswerChoice(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="answer_choices")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="answer_choices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "choice"], name="consultations_choice_once")
        ]
        indexes = [
            # Live tallies: count answers per choice.
            models.Index(fields=["choice"], name="consult_answerchoice_tally_idx"),
        ]

    def __str__(self) -> str:
        return f"Choice {self.choice_id} in answer {self.answer_id}"


class Draft(models.Model):
    """Answers a signed-in respondent has saved but not sent (pseudonymous and named only).

    Keyed by an HMAC of (person, consultation) — never a user column — so a draft is exactly as
    private as the answer it will become. Anonymous consultations keep no server-side draft:
    the answers in progress travel in the form itself.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    owner_key = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)
    page = models.PositiveSmallIntegerField(default=0)
    # The consent the person gave before the draft was made: if it is still the current
    # wording they carry on where they were, otherwise they are asked again.
    consent_version = models.ForeignKey(
        ConsentVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "owner_key"], name="consultations_one_draft"
            )
        ]

    def __str__(self) -> str:
        return f"Draft for consultation {self.consultation_id}"


class AnonymousInvitation(models.Model):
    """That a member has been let in to an anonymous consultation (written when it opens).

    Together with ``AnonymousPending`` this stops double answering without a "has answered"
    row. Both are written in bulk when the consultation opens (or by the periodic job for
    people who join later), never at the moment someone answers, and they have no
    timestamps. See ``AnonymousPending`` for why.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="consultations_one_invitation"
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to consultation {self.consultation_id}"


class AnonymousPending(models.Model):
    """A member who may still answer an anonymous consultation.

    Answering *deletes* this row in the transaction that inserts the anonymous submission.
    A "has answered" row inserted alongside the submission would share its transaction id
    (PostgreSQL's ``xmin``), its physical position and its id order with the submission, so
    anyone with a copy of the tables could pair them up. A deletion leaves no live row to
    pair: every surviving pending row still carries the transaction id of the bulk insert
    at opening. "Has answered" is read as "invited and no longer pending". The rows are
    removed when the consultation closes.

    What this does not defend against: a database superuser reading dead tuples before
    VACUUM, the write-ahead log, or web-server logs. Those are infrastructure controls.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("member yet to answer anonymously")
        verbose_name_plural = _("members yet to answer anonymously")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="consultations_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"May still answer consultation {self.consultation_id}"


class AccessCodeBatch(models.Model):
    """A printed sheet of one-time codes for an open-link consultation (e.g. for a hostel)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="access_code_batches"
    )
    label = models.CharField(_("where the codes are for"), max_length=150)
    size = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("batch of access codes")
        verbose_name_plural = _("batches of access codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label


class AccessCode(models.Model):
    """One unused code, stored as an HMAC. Using it *deletes* the row.

    Marking it "used" would leave a row updated in the same transaction as the submission,
    which would tie the answer to the batch (and so the hostel or group) it was handed out
    at. Deleting leaves nothing to tie.
    """

    batch = models.ForeignKey(AccessCodeBatch, on_delete=models.CASCADE, related_name="codes")
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"Unused access code for consultation {self.consultation_id}"


# Thematic coding lives in its own module; importing it here makes its models part of this app.
from consultations.coding.models import (  # noqa: E402, F401
    Code,
    Codebook,
    CodeMerge,
    Coding,
    CodingItem,
    CodingLead,
    CodingPass,
    CodingProject,
    FinalCode,
    QuestionCoding,
    SettledCode,
)
