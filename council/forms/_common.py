"""What the council forms share: the date-and-time box, long text, finding a person by username."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from council.models import Portfolio
from users.roles import MEMBER_ROLES

User = get_user_model()


def too_long(limit: int) -> dict[str, Any]:
    # Django fills in limit_value and show_value (how many characters were typed).
    return {
        "max_length": _(
            "Keep it to %(limit_value)s characters or fewer. You have typed %(show_value)s."
        )
    }


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """``form.fields[name]``, a ``ModelChoiceField`` (or ``ModelMultipleChoiceField``) as declared
    on the form: so its ``queryset`` and ``label_from_instance`` can be set in ``__init__``."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def label_choices(form: forms.BaseForm, name: str, label: Callable[[Any], str]) -> None:
    """Word each choice of the model choice field ``name`` with ``label(obj)``.

    Django asks the field's ``label_from_instance`` for each choice's text; setting it on
    this form's own copy of the field words the choices for this form only. (The stubs type
    it as a method, which cannot be assigned to, hence ``setattr``.)
    """
    setattr(model_choices(form, name), "label_from_instance", label)  # noqa: B010


def text_field(label: Any, limit: int, *, required: bool = True, rows: int = 5, **extra: Any):
    messages = too_long(limit)
    if "required_message" in extra:
        messages["required"] = extra.pop("required_message")
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
        **extra,
    )


def portfolio_field() -> forms.ModelChoiceField:
    """An optional choice of portfolio, for an agenda item; the form's ``__init__`` sets the
    council's portfolios as its ``queryset``."""
    return forms.ModelChoiceField(
        queryset=Portfolio.objects.none(),
        required=False,
        label=_("Portfolio"),
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a portfolio from the list.")},
    )


# A form with a field per row (a person at a meeting, an agenda item) names each
# ``<name>_<pk>``; its template walks ``row_fields`` and its view reads ``row_values``.


def add_row_fields(
    form: forms.BaseForm, name: str, objects: list[Any], field_for: Callable[[Any], forms.Field]
) -> None:
    for obj in objects:
        form.fields[f"{name}_{obj.pk}"] = field_for(obj)


def row_fields(
    form: forms.BaseForm, name: str, objects: list[Any]
) -> list[tuple[Any, forms.BoundField]]:
    return [(obj, form[f"{name}_{obj.pk}"]) for obj in objects]


def row_values(form: forms.BaseForm, name: str, objects: list[Any]) -> dict[int, Any]:
    return {obj.pk: form.cleaned_data[f"{name}_{obj.pk}"] for obj in objects}


def find_person(username: str, *, roles: tuple[str, ...] | None = None) -> Any:
    username = username.strip().lower()
    user = User.objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise forms.ValidationError(
            _("There is no one with the username %(u)s. Check the spelling.") % {"u": username}
        )
    if roles is not None and not user.has_role(*roles):
        raise forms.ValidationError(
            _("%(u)s cannot take this part: they are not a representative, staff or manager.")
            % {"u": username}
        )
    return user


def find_member(username: str) -> Any:
    user = find_person(username)
    if not user.has_role(*MEMBER_ROLES):
        raise forms.ValidationError(_("%(u)s is not a member.") % {"u": username.strip().lower()})
    return user
