"""run_service without a form shows a ValidationError the way flash_error does (a banner for
each message) and a rename on a form puts a model field's error beside the form field."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.http import run_service
from tests.core.test_http import _NameForm, _post, _said


def test_without_a_form_each_message_of_a_validation_error_is_a_banner(rf):
    request = _post(rf)

    def fails():
        raise ValidationError({"starts_at": "Too early.", "place": "Say where."})

    response = run_service(request, fails, success="Saved.", redirect_to="/back/")
    assert response.url == "/back/"
    assert _said(request) == [("error", "Too early."), ("error", "Say where.")]


def test_rename_puts_a_model_field_error_beside_the_form_field(rf):
    form = _NameForm({"name": "x"})
    assert form.is_valid()

    def fails():
        raise ValidationError({"user": "They are already referred."})

    answer = run_service(_post(rf), fails, redirect_to="/done/", form=form, rename={"user": "name"})
    assert answer is None
    assert form.errors == {"name": ["They are already referred."]}
