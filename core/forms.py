"""Form helpers shared by every app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PortalForm(forms.Form):
    """A form drawn in the GOV.UK style with one primary button.

    Subclasses set ``submit_label``; the error summary is shown at the top by crispy.
    """

    submit_label: StrOrPromise = "Continue"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class PortalModelForm(forms.ModelForm):
    submit_label: StrOrPromise = "Save"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


def add_service_errors(
    form: forms.BaseForm, error: Exception, *, rename: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form, beside the field it is about.

    Errors for fields the form does not show (or shows hidden) go to the top of the form,
    so the person always sees why nothing was saved. ``rename`` maps a model field to the
    form field that stands for it. A service's own exception (not a ValidationError) is shown
    by its message at the top of the form.
    """
    if not isinstance(error, ValidationError):
        form.add_error(None, str(error))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errs in error.message_dict.items():
        field = (rename or {}).get(field, field)
        visible = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if visible else None, errs)


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """``ModelMultipleChoiceField`` that refuses ids a database integer cannot hold.

    Django's own field sends every posted id to the database in one ``IN (...)``: an id of
    ``99999999999999999999`` is an ``OverflowError`` there (a 500 on SQLite), and ``"٣"`` is read
    as 3. Here each id must be ASCII digits in range (``core.http.int_param``) or the choice
    is refused with the field's ``invalid_pk_value`` message.
    """

    def _check_values(self, value):
        from django.db import models

        from core.http import MAX_ID, int_param

        key = self.to_field_name or "pk"
        meta = self.queryset.model._meta
        field = meta.pk if key == "pk" else meta.get_field(key)
        if isinstance(field, models.IntegerField) and isinstance(value, list | tuple):
            largest = 2**63 - 1 if isinstance(field, models.BigIntegerField) else MAX_ID
            for pk in value:
                try:
                    int_param(str(pk), min_value=None, max_value=largest, required=True)
                except ValueError:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    ) from None
        return super()._check_values(value)
