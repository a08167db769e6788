"""Form helpers shared by every app."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


class PortalForm(forms.Form):
    """A form drawn in the GOV.UK style with one primary button.

    Subclasses set ``submit_label``; the error summary is shown at the top by crispy.
    """

    submit_label = "Continue"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class PortalModelForm(forms.ModelForm):
    submit_label = "Save"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))
