"""Forms for councils, constituencies, membership and representatives: they validate and tidy;
services do the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_fields import date_field
from core.forms import ModelMultipleIdsField, PortalForm, PortalModelForm
from council.forms._common import find_member, model_choices
from council.models import Constituency, Council, Portfolio


class CouncilForm(PortalModelForm):
    submit_label = _("Save council")

    class Meta:
        model = Council
        fields = ["name", "description", "is_active"]
        labels = {"is_active": _("The council is active")}
        error_messages = {"name": {"required": _("Enter the name of the council")}}


class ConstituencyForm(PortalModelForm):
    submit_label = _("Save constituency")

    class Meta:
        model = Constituency
        fields = ["name", "kind", "description"]
        error_messages = {
            "name": {"required": _("Enter the name of the constituency")},
            "kind": {"required": _("Select the kind of constituency")},
        }


class PortfolioForm(PortalModelForm):
    submit_label = _("Save portfolio")

    class Meta:
        model = Portfolio
        fields = ["name", "description", "order"]
        error_messages = {
            "name": {"required": _("Enter the name of the portfolio")},
            "order": {"required": _("Enter a number for where it comes in the list")},
        }


class MemberUsernameForm(PortalForm):
    submit_label = _("Add member")
    username = forms.CharField(
        label=_("Their username"),
        max_length=40,
        error_messages={"required": _("Enter the member's username.")},
    )

    def clean_username(self) -> Any:
        return find_member(self.cleaned_data["username"])


class CooptForm(PortalForm):
    submit_label = _("Co-opt representative")
    username = forms.CharField(
        label=_("Their username"),
        max_length=40,
        error_messages={"required": _("Enter their username")},
    )
    constituency = forms.ModelChoiceField(
        queryset=Constituency.objects.none(),
        required=False,
        label=_("Constituency they speak for"),
        empty_label=_("The whole council"),
    )
    portfolios = ModelMultipleIdsField(
        queryset=Portfolio.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Portfolios"),
    )
    term_start = date_field(_("Term starts"), what=_("the date the term starts"))
    term_end = date_field(_("Term ends"), what=_("the date the term ends"), required=False)
    note = forms.CharField(
        label=_("Why they were co-opted"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why they were co-opted.")},
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "constituency").queryset = Constituency.objects.filter(council=council)
        model_choices(self, "portfolios").queryset = Portfolio.objects.filter(council=council)

    def clean_username(self) -> Any:
        return find_member(self.cleaned_data["username"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("term_start")
            and data.get("term_end")
            and data["term_end"] < data["term_start"]
        ):
            self.add_error("term_end", _("The term must end after it starts."))
        return data


class StandDownForm(PortalForm):
    submit_label = _("Record standing down")
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecordedSelectionForm(PortalForm):
    submit_label = _("Record the result")
    title = forms.CharField(
        label=_("What was chosen"),
        max_length=200,
        help_text=_("For example: Delegates to the regional forum"),
        error_messages={"required": _("Enter what was chosen")},
    )
    constituency = forms.ModelChoiceField(
        queryset=Constituency.objects.none(),
        required=False,
        label=_("Constituency"),
        empty_label=_("The whole council"),
    )
    held_on = date_field(_("Date"), what=_("the date the choice was made"))
    method = forms.CharField(
        label=_("How the choice was made"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: 14 people at the workshop voted by show of hands."),
        error_messages={"required": _("Say how the choice was made.")},
    )
    usernames = forms.CharField(
        label=_("Usernames of the people chosen"),
        help_text=_("One per line, or separated by commas."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter at least one username.")},
    )
    term_months = forms.IntegerField(
        label=_("Term in months"),
        min_value=1,
        max_value=60,
        initial=12,
        error_messages={
            "invalid": _("Enter a whole number of months, like 12."),
            "required": _("Enter how many months the term lasts"),
        },
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "constituency").queryset = Constituency.objects.filter(council=council)

    def clean_usernames(self) -> list[Any]:
        raw = self.cleaned_data["usernames"].replace(",", "\n").split()
        people = []
        errors = []
        for name in dict.fromkeys(n.strip() for n in raw if n.strip()):
            try:
                people.append(find_member(name))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        if not people:
            raise forms.ValidationError(_("Enter at least one username."))
        return people
