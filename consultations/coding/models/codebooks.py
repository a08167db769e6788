"""Codebooks, their codes (nested, merged), and the shared themes codes can stand for."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from consultations.models.consultations import Consultation
from core.models import TimeStampedModel

colour_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", _("Enter a colour as # and six letters or digits, like #1D70B8.")
)
DEFAULT_COLOUR = "#1D70B8"


class Codebook(TimeStampedModel):
    """A set of codes. Belongs to one consultation, or to none (shared by any question)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it is for"), blank=True)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="codebooks",
        help_text=_("Leave empty to share it across consultations."),
    )
    # The program a codebook was imported from (REFI-QDA ``origin``), for the record.
    origin = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            # The codebook list, searched and sorted by name.
            models.Index(fields=["name"], name="coding_codebook_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Code(models.Model):
    """One code (theme). A code that is not codable is a folder that only groups others."""

    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("inside"),
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(
        _("definition"), blank=True, help_text=_("When to use this code, and when not to.")
    )
    colour = models.CharField(
        _("colour"), max_length=7, default=DEFAULT_COLOUR, validators=[colour_validator]
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    is_codable = models.BooleanField(
        _("can be applied to answers"),
        default=True,
        help_text=_("Untick for a folder that only groups other codes."),
    )
    # REFI-QDA's identity for the code, kept through export and import.
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    is_active = models.BooleanField(default=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["codebook", "position", "id"]
        constraints = [
            # No two live codes with the same name (in any case) under one parent...
            models.UniqueConstraint(
                Lower("name"),
                "codebook",
                "parent",
                condition=Q(is_active=True, parent__isnull=False),
                name="coding_code_name_unique_in_parent",
                violation_error_message=_("There is already a code with that name in that place."),
            ),
            # ...nor at the top level, where the parent is NULL and so never equal.
            models.UniqueConstraint(
                Lower("name"),
                "codebook",
                condition=Q(is_active=True, parent__isnull=True),
                name="coding_code_name_unique_at_top",
                violation_error_message=_("There is already a code with that name in that place."),
            ),
            models.UniqueConstraint(fields=["codebook", "guid"], name="coding_code_guid_unique"),
        ]
        indexes = [
            # Every page draws a codebook's tree in order.
            models.Index(fields=["codebook", "position"], name="coding_code_order_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class CodeMerge(models.Model):
    """That one code was merged into another: its codings moved over, the old code kept."""

    codebook = models.ForeignKey(Codebook, on_delete=models.CASCADE, related_name="merges")
    source = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="merges_in")
    source_name = models.CharField(max_length=200)
    codings_moved = models.PositiveIntegerField(default=0)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name} → {self.target}"


class SharedTheme(models.Model):
    """A theme that codes in several consultations' codebooks stand for ("Housing").

    Themes are per consultation: two codebooks' "Positive" need not mean the same thing. Only
    codes that staff have linked to one shared theme (on the codebook page) are added up
    across consultations, on the senior managers' dashboards.
    """

    name = models.CharField(_("shared theme"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # "Housing" and "housing " are one theme: linking looks it up by name.
            models.UniqueConstraint(Lower("name"), name="coding_shared_theme_name"),
        ]

    def __str__(self) -> str:
        return self.name


class SharedThemeLink(models.Model):  # noqa: DJ008 (a link row, never shown by itself)
    """One code linked to a shared theme. A code stands for at most one shared theme."""

    code = models.OneToOneField(Code, on_delete=models.CASCADE, related_name="shared_theme_link")
    theme = models.ForeignKey(SharedTheme, on_delete=models.CASCADE, related_name="links")
    linked_at = models.DateTimeField(auto_now=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
