"""What comes back: submissions and their answers, who wrote or typed them in (kept apart
from the answers), and drafts. See the package docstring for how the tables keep the privacy
promises."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultations.models.consultations import ConsentVersion, Consultation
from consultations.models.questions import Choice, Question
from users import demographics


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
