"""Forms for ranking candidates (online and on paper) and checking a vote receipt."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from council.models import Nomination


class RankingForm(forms.Form):
    """One number box per candidate: 1 for your first choice, 2 for your second, and so on.

    Works with no JavaScript. Blank means "not ranked". Numbers must start at 1 and not repeat
    or skip, so what is counted is exactly what the voter meant.
    """

    def __init__(self, *args: Any, candidates: list[Nomination], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        choices = [("", _("Not ranked"))] + [
            (str(i), str(i)) for i in range(1, len(candidates) + 1)
        ]
        for candidate in candidates:
            self.fields[f"rank_{candidate.pk}"] = forms.ChoiceField(
                label=candidate.ballot_name,
                choices=choices,
                required=False,
                error_messages={"invalid_choice": _("Choose a number from the list.")},
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        ranked: list[tuple[int, Nomination]] = []
        for candidate in self.candidates:
            value = data.get(f"rank_{candidate.pk}")
            if value:
                ranked.append((int(value), candidate))
        if not ranked:
            raise forms.ValidationError(_("Put the number 1 next to your first choice."))
        numbers = sorted(n for n, _c in ranked)
        if len(set(numbers)) != len(numbers):
            raise forms.ValidationError(
                _("You used the same number more than once. Give each choice a different number.")
            )
        if numbers != list(range(1, len(numbers) + 1)):
            missing = next(i for i in range(1, len(numbers) + 2) if i not in numbers)
            raise forms.ValidationError(
                _(
                    "You have not used the number %(n)s. Number your choices 1, 2, 3 and so on, "
                    "with no gaps."
                )
                % {"n": missing}
            )
        ranked.sort(key=lambda pair: pair[0])
        data["ranking"] = [c for _n, c in ranked]
        return data

    def field_rows(self) -> list[tuple[Nomination, forms.BoundField]]:
        return [(c, self[f"rank_{c.pk}"]) for c in self.candidates]

    def hidden_values(self) -> list[tuple[str, str]]:
        return [(f"rank_{c.pk}", self.data.get(f"rank_{c.pk}", "")) for c in self.candidates]


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=20,
        help_text=_("10 letters and numbers, for example ABCDE-23456."),
        error_messages={"required": _("Enter your receipt code")},
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if len(code) != 10:
            raise forms.ValidationError(
                _("A receipt code has 10 letters and numbers. Check what you typed.")
            )
        return code
