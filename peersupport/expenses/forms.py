"""Forms for travel expenses. Money is read as text into ``Decimal``: never a float."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, form_field
from peersupport.expenses.money import MONEY_MESSAGE, parse_miles, parse_money
from peersupport.expenses.receipts import MAX_RECEIPT_BYTES, validate_receipt
from peersupport.expenses.selectors import Source
from peersupport.form_fields import _choice, _date_field, _long_text, _text
from peersupport.models import MILEAGE_MODES, TravelMode


class ClaimForm(PortalForm):
    submit_label = _("Save and check the claim")

    source = forms.ChoiceField(
        label=_("What was the journey for?"),
        error_messages={
            "required": _("Choose the session or shift the journey was for."),
            "invalid_choice": _("Choose the session or shift from the list."),
        },
    )
    journey_from = _text(
        _("From"),
        max_length=150,
        message=_("Say where you set off from."),
        help_text=_("A town or area is enough, for example Loughborough."),
    )
    journey_to = _text(_("To"), max_length=150, message=_("Say where you went."))
    mode = _choice(
        _("How did you travel?"),
        TravelMode.choices,
        message=_("Choose how you travelled."),
    )
    miles = forms.CharField(
        label=_("Miles, there and back (car, motorbike or bicycle)"),
        required=False,
        max_length=10,
        help_text=_("We work out the amount at the mileage rate."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
    )
    amount = forms.CharField(
        label=_("Amount you paid, in pounds (bus, train, taxi or other)"),
        required=False,
        max_length=12,
        help_text=_("For example 4.50"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
    )
    receipt = forms.FileField(
        label=_("Receipt or ticket (optional)"),
        required=False,
        help_text=_("A photo or scan: PDF, JPG or PNG, smaller than %(mb)d MB.")
        % {"mb": MAX_RECEIPT_BYTES // (1024 * 1024)},
        error_messages={"invalid": _("Choose a file."), "empty": _("The receipt file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    remove_receipt = forms.BooleanField(label=_("Remove the receipt I sent before"), required=False)

    def __init__(
        self, *args, sources: Sequence[Source] = (), has_receipt: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "source", forms.ChoiceField).choices = [("", _("Choose one"))] + [
            (s.key, f"{s.day.day} {s.day:%B %Y}: {s.label}") for s in sources
        ]
        if not has_receipt:
            del self.fields["remove_receipt"]
        self.fields["receipt"].widget = forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        if upload:
            validate_receipt(upload)
        return upload

    def clean(self) -> dict:
        data = super().clean()
        mode = data.get("mode")
        if mode in MILEAGE_MODES:
            try:
                data["miles"] = parse_miles(data.get("miles"))
            except ValidationError as exc:
                self.add_error("miles", exc)
            data["amount"] = None
        elif mode:
            if not (data.get("amount") or "").strip():
                self.add_error("amount", MONEY_MESSAGE)
            else:
                try:
                    data["amount"] = parse_money(data.get("amount"))
                except ValidationError as exc:
                    self.add_error("amount", exc)
            data["miles"] = None
        if self.errors and data.get("receipt"):
            self.add_error("receipt", _("Choose the receipt file again."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("remove_receipt", False)
        return data


class SubmitClaimForm(PortalForm):
    submit_label = _("Send the claim")
    # Set by the claim page when a refused form comes back: its error summary is drawn at the
    # top of the page, not mid-page (templates/gds/errors.html).
    summary_at_top = False

    declaration = forms.BooleanField(
        label=_(
            "I declare that I made this journey for peer support, that the amount is what it "
            "cost me, and that I have not claimed it anywhere else"
        ),
        error_messages={
            "required": _(
                "Tick the box to confirm the journey was for peer support and the amount is right."
            )
        },
    )


class DecideForm(PortalForm):
    submit_label = _("Save the decision")

    decision = _choice(
        _("Decision"),
        [("approve", _("Approve")), ("reject", _("Do not approve"))],
        message=_("Choose approve or do not approve."),
        invalid=_("Choose approve or do not approve."),
    )
    reason = _long_text(
        _("Reason, if not approved"),
        required=False,
        max_length=1000,
        help_text=_("The mentor is told this."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Say why the claim is not approved. The mentor will be told.")
            )
        return data


class MarkPaidForm(PortalForm):
    submit_label = _("Mark these as paid")

    claims = forms.TypedMultipleChoiceField(
        label=_("Claims paid"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose the claims that have been paid."),
            "invalid_choice": _(
                "Some of those claims are not waiting to be paid. Reload the page."
            ),
        },
    )
    reference = _text(
        _("Payment reference"),
        max_length=60,
        message=_("Enter the payment reference from finance."),
        help_text=_("For example the BACS run, like BACS-2026-03-14."),
    )

    def __init__(self, *args, claims=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "claims", forms.ChoiceField).choices = [
            (c.pk, f"{c.reference}: {c.claimant.display_name or c.claimant.username}, £{c.amount}")
            for c in claims
        ]
        self.fields["claims"].initial = [c.pk for c in claims]


_PENCE = re.compile(r"^\d{1,4}(?:\.\d{1,2})?$")


class MileageRateForm(PortalForm):
    submit_label = _("Save the rate")

    mode = _choice(
        _("Kind of travel"),
        [(m.value, m.label) for m in TravelMode if m in MILEAGE_MODES],
        message=_("Choose car, motorbike or bicycle."),
        invalid=_("Choose car, motorbike or bicycle."),
    )
    pence_per_mile = forms.CharField(
        label=_("Pence per mile"),
        max_length=8,
        help_text=_("For example 45"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={"required": _("Enter the pence per mile, like 45")},
    )
    effective_from = _date_field(_("From"))

    def clean_pence_per_mile(self) -> Decimal:
        text = self.cleaned_data["pence_per_mile"].strip().removesuffix("p")
        if not _PENCE.match(text) or Decimal(text) <= 0:
            raise ValidationError(_("Enter the pence per mile, like 45 or 45.5"))
        return Decimal(text)


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")], required=False)
