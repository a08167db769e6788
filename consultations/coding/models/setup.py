"""How a consultation is set up for coding: the project, its lead coders, and each
question's codebook and double-coding share."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.coding.models.codebooks import Codebook
from consultations.models.consultations import Consultation
from consultations.models.questions import Question


class CodingProject(models.Model):
    """A consultation's coding as a whole: whether its themes are published."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, primary_key=True, related_name="coding"
    )
    themes_published_at = models.DateTimeField(null=True, blank=True)
    themes_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Coding of {self.consultation}"


class CodingLead(models.Model):
    """A lead coder of one consultation: sets up double coding and settles disagreements.

    The person who created the consultation is a lead without a row here, and anyone given
    the ``lead_any_coding`` permission (in the admin) leads every consultation.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="coding_leads"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [("lead_any_coding", "Can lead the coding of every consultation")]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="coding_lead_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} leads coding of {self.consultation_id}"


class QuestionCoding(models.Model):
    """How one free-text question is coded: its codebook and how much is double coded."""

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, primary_key=True, related_name="coding_setup"
    )
    codebook = models.ForeignKey(Codebook, on_delete=models.PROTECT, related_name="questions")
    exclusive = models.BooleanField(
        _("one code for each answer"),
        default=False,
        help_text=_("Tick when the codes are alternatives, like positive, negative or neither."),
    )
    double_share = models.PositiveSmallIntegerField(
        _("share coded by two people (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    show_profile = models.BooleanField(
        _("show 'about you' answers to coders"),
        default=True,
        help_text=_(
            "Gender, ethnic group, age band and area, only where at least 5 people share them."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Coding of question {self.question_id}"
