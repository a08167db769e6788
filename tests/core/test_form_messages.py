"""Every form says what to do when an answer is missing or wrong (issue 16, "Errors the GOV.UK
way"), and asks for dates and times with the shared GOV.UK fields.

Every form class (found by tests/forms_registry.py, so a new form is covered without anyone
adding it) is built and each of its fields is checked:

- a required field does not fall back on Django's "This field is required.";
- a choice field does not fall back on "Select a valid choice. ... is not one of the available
  choices.";
- a date, date-time or time is asked with core.form_fields (three boxes, a time box), never the
  browser's own picker or a plain text box with Django's "Enter a valid date.".
"""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict

from tests.forms_registry import World, all_form_classes, dotted, form_kwargs

pytestmark = pytest.mark.django_db

FORMS = all_form_classes()
# Django's own English, written out: core.apps replaces the choice defaults at start-up.
DEFAULT_REQUIRED = "This field is required."
DEFAULT_CHOICES = {
    "Select a valid choice. %(value)s is not one of the available choices.",
    "Select a valid choice. That choice is not one of the available choices.",
}
BROWSER_PICKERS = (forms.DateField, forms.DateTimeField, forms.TimeField, forms.SplitDateTimeField)


def problems_of(form: forms.BaseForm) -> list[str]:
    problems = []
    for name, field in form.fields.items():
        if field.disabled:
            continue
        messages = {key: str(value) for key, value in field.error_messages.items()}
        if isinstance(field, BROWSER_PICKERS):
            problems.append(f"{name}: a {type(field).__name__}; use core.form_fields")
            continue
        if field.required and messages.get("required") == DEFAULT_REQUIRED:
            problems.append(f"{name}: says {DEFAULT_REQUIRED!r}")
        if messages.get("invalid_choice") in DEFAULT_CHOICES:
            problems.append(f"{name}: says {messages['invalid_choice']!r}")
    return problems


@pytest.mark.parametrize("form_class", FORMS, ids=dotted)
def test_every_field_says_what_to_do(form_class):
    form = form_class(**form_kwargs(form_class, World()))
    problems = problems_of(form)
    assert not problems, f"{dotted(form_class)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("form_class", FORMS, ids=dotted)
def test_an_empty_form_shows_no_django_default_message(form_class):
    form = form_class(data=QueryDict(), **form_kwargs(form_class, World()))
    form.is_valid()
    shown = [str(m) for errors in form.errors.values() for m in errors]
    assert DEFAULT_REQUIRED not in shown, dotted(form_class)
    assert "Enter a valid date." not in shown, dotted(form_class)
    assert "Enter a valid time." not in shown, dotted(form_class)
