"""A consultation's questions and the answers to choose from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.consultations import Consultation


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
