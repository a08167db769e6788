"""Forms for certificates: the rules staff edit, the name printed, and the public check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm
from peersupport.form_fields import NUMBER_ERRORS, _text
from peersupport.services.certificates import normalise_code

if TYPE_CHECKING:
    pass


class CertificateRuleForm(PortalForm):
    submit_label = _("Save rule")

    every = forms.IntegerField(
        label=_("How many sessions earn a certificate"),
        min_value=1,
        max_value=100,
        error_messages={
            **NUMBER_ERRORS,
            "min_value": _("Enter 1 or more."),
            "required": _("Enter a number."),
        },
    )
    wording = _text(
        _("What the certificate says it is for"),
        max_length=200,
        message=_("Say what the certificate is for."),
    )
    is_active = forms.BooleanField(label=_("Award certificates under this rule"), required=False)


class CertificateNameForm(PortalForm):
    submit_label = _("Save name")

    name = _text(
        _("Name to print on your certificates"),
        required=False,
        max_length=100,
        help_text=_("For example your full name. Leave blank to use the name the portal shows."),
    )


class VerifyForm(PortalForm):
    submit_label = _("Check the certificate")

    code = _text(
        _("Verification code"),
        max_length=30,
        message=_("Enter the code from the certificate."),
        help_text=_(
            "12 letters and numbers, printed at the bottom of the certificate, "
            "for example ABCD-EFGH-JKMN."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("The code has 12 letters and numbers. Check the certificate."))
        return code
