"""The independent data steward's forms: finding an answer by its reference, and finding out
who wrote it (with the reason kept in the audit log)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm


class ReferenceLookupForm(PortalForm):
    submit_label = _("Find the answer")

    reference = forms.CharField(
        label=_("Answer reference"),
        max_length=12,
        help_text=_("Staff see it next to each answer, for example K7P2-9QXD."),
        error_messages={"required": _("Enter the answer reference")},
    )

    def clean_reference(self) -> str:
        raw = "".join(ch for ch in self.cleaned_data["reference"].upper() if ch.isalnum())
        if len(raw) != 8:
            raise ValidationError(
                _("An answer reference has 8 letters and numbers, for example K7P2-9QXD")
            )
        return f"{raw[:4]}-{raw[4:]}"


class ReidentifyForm(PortalForm):
    submit_label = _("Show me who wrote this")

    reason = forms.CharField(
        label=_("Why do you need to know who wrote this answer?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=20,
        max_length=2000,
        help_text=_("This is kept in the audit log. Write at least 20 characters."),
        error_messages={
            "required": _("Write why you need to know who wrote this answer"),
            "min_length": _("Write the reason in at least 20 characters"),
            "max_length": _("Write the reason in 2,000 characters or fewer"),
        },
    )
    dont_tell = forms.BooleanField(
        label=_("Do not tell them: telling them could put someone at risk"),
        required=False,
        help_text=_(
            "We tell the person who wrote the answer that it was looked at, and why (your "
            "reason above), but not who looked. Only tick this for a safeguarding reason."
        ),
    )
    not_told_reason = forms.CharField(
        label=_("Why could telling them put someone at risk?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Only if you ticked the box. This is kept in the audit log. Write at least 20 "
            "characters."
        ),
        error_messages={"max_length": _("Write this in 2,000 characters or fewer")},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        why = (cleaned.get("not_told_reason") or "").strip()
        if cleaned.get("dont_tell") and len(why) < 20:
            self.add_error(
                "not_told_reason",
                _("Write why telling them could put someone at risk, in at least 20 characters"),
            )
        elif why and not cleaned.get("dont_tell"):
            self.add_error(
                "dont_tell",
                _("Tick the box if they must not be told, or delete the reason below it"),
            )
        return cleaned
