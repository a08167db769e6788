"""Form fields the peer-support forms share: one-line text, long text, dates, times, staff.

Every feature's forms (sessions, mentors, certificates, helpline, matching, expenses) build
their fields with these, so the labels, hints and error wording read the same everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_fields import date_field, time_field
from users.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


NUMBER_ERRORS = {
    "invalid": _("Enter a whole number, like 2."),
    "min_value": _("Enter 0 or more."),
    "max_value": _("Enter a smaller number."),
}


def _date_field(
    label, *, required: bool = True, help_text: StrOrPromise = "", what: StrOrPromise | None = None
):
    """The GOV.UK date input (three boxes), core.form_fields (issue 16)."""
    return date_field(label, what=what, required=required, help_text=help_text)


def _time_field(
    label, *, help_text: StrOrPromise = "", required: bool = True, what: StrOrPromise | None = None
):
    return time_field(label, what=what, required=required, help_text=help_text)


def _text(
    label: StrOrPromise,
    *,
    required: bool = True,
    max_length: int = 200,
    help_text: StrOrPromise = "",
    message: StrOrPromise = "",
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": message or _("This cannot be blank."),
            "max_length": _("Use %(limit_value)d characters or fewer."),
        },
    )


def _long_text(
    label: StrOrPromise,
    *,
    required: bool = True,
    help_text: StrOrPromise = "",
    message: StrOrPromise = "",
    max_length: int = 5000,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": message or _("This cannot be blank."),
            "max_length": _("Use %(limit_value)d characters or fewer."),
        },
    )


def _choice(
    label: StrOrPromise,
    choices: Any,
    *,
    message: StrOrPromise = "",
    invalid: StrOrPromise = "",
    many: bool = False,
    required: bool = True,
    help_text: StrOrPromise = "",
) -> forms.ChoiceField:
    """Radio buttons, or with ``many`` tick boxes. ``message`` says what to do when nothing is
    chosen; ``invalid`` (default "Choose from the list.") when the answer is not one offered."""
    errors: dict[str, StrOrPromise] = {"required": message} if message else {}
    errors["invalid_choice"] = invalid or _("Choose from the list.")
    field = forms.MultipleChoiceField if many else forms.ChoiceField
    return field(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple if many else forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages=errors,
    )


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name or obj.username
