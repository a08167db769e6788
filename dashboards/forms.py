"""The dashboards' forms: choosing a period, and entering caseload figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.form_fields import date_field
from core.forms import PortalForm
from council.models import Constituency, Council
from dashboards.models import CaseloadFigure, Dimension
from dashboards.periods import DEFAULT_PRESET, MAX_YEARS, Period, preset, presets
from users.demographics import EthnicGroup, Gender

EARLIEST = date(2000, 1, 1)
CUSTOM = "custom"
DATE_ERRORS = {"invalid": _("Enter a real date, for example 31/3/2026.")}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%d-%m-%Y"]


def _date_field(label: StrOrPromise, what: StrOrPromise, help_text: StrOrPromise = "") -> Any:
    """The GOV.UK date input (three boxes), core.form_fields (issue 16)."""
    # date_field reads ``what`` as text and accepts lazy text too (it only formats it into
    # messages); its annotation says ``str``, so pass it through ``Any``.
    what_text: Any = what
    return date_field(label, what=what_text, required=False, help_text=help_text)


class PeriodForm(forms.Form):
    """Which period the dashboard shows: a preset, or two dates. Read from the query string."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    date_from = _date_field(
        _("From"), _("the first date"), _("Only if you chose “The dates below”.")
    )
    date_to = _date_field(_("To"), _("the last date"), _("The last day, included."))

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)  # declared above
        period.choices = [(p.key, p.label) for p in presets(self.today)] + [
            (CUSTOM, _("The dates below"))
        ]
        period.error_messages["invalid_choice"] = _("Choose a period from the list.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        typed = bool(self.data.get("date_from") or self.data.get("date_to"))
        choice = data.get("period") or (CUSTOM if typed else DEFAULT_PRESET)
        data["period"] = choice
        if choice != CUSTOM:
            return data
        if self.errors:
            return data
        if start is None:
            self.add_error("date_from", _("Enter the first day of the period."))
        if end is None:
            self.add_error("date_to", _("Enter the last day of the period."))
        if start is None or end is None:
            return data
        if start < EARLIEST:
            self.add_error("date_from", _("Enter a date in 2000 or later."))
        elif end > self.today:
            self.add_error("date_to", _("The last day cannot be after today."))
        elif start > end:
            self.add_error("date_to", _("The last day must be the same as or after the first day."))
        elif end - start > timedelta(days=366 * MAX_YEARS):
            self.add_error(
                "date_to", _("Choose a period of %(years)s years or less.") % {"years": MAX_YEARS}
            )
        return data

    def chosen(self) -> tuple[str, Period]:
        """The preset's key (or ``custom``) and the period. Call after ``is_valid()``."""
        key = self.cleaned_data["period"]
        if key == CUSTOM:
            return key, Period(self.cleaned_data["date_from"], self.cleaned_data["date_to"])
        found = preset(key, self.today) or preset(DEFAULT_PRESET, self.today)
        assert found is not None  # the default preset always exists
        return found.key, found.period


def _required_date_field(
    label: StrOrPromise, *, what: StrOrPromise, help_text: StrOrPromise
) -> Any:
    what_text: Any = what  # lazy text, as in _date_field
    return date_field(label, what=what_text, help_text=help_text)


COUNT_ERRORS = {
    "invalid": _("Enter a whole number, like 1200, or leave it blank."),
    "min_value": _("Enter 0 or more."),
    "max_value": _("Enter a number under 10,000,000."),
}


def _count(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=9_999_999,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class CaseloadForm(PortalForm):
    """Caseload figures for one council: the whole caseload, and by gender, ethnic group and
    place. A blank box means "not known"; the dashboard then shows "not entered"."""

    # Lazy text, translated when the form is drawn (PortalForm annotates it as ``str``).
    submit_label: Any = _("Save caseload figures")

    as_of = _required_date_field(
        _("Figures as of"),
        what=_("the date the figures describe"),
        help_text=_("The date the figures describe, such as the end of last quarter."),
    )
    total = _count(_("Whole caseload"), _("Everyone the service supervises in this area."))

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        self.places = list(
            Constituency.objects.filter(council=council, kind=Constituency.Kind.PLACE).order_by(
                "name"
            )
        )
        for value, label in Gender.choices:
            self.fields[f"gender_{value}"] = _count(label)
        for value, label in EthnicGroup.choices:
            self.fields[f"ethnic_group_{value}"] = _count(label)
        for place in self.places:
            self.fields[f"area_{place.pk}"] = _count(place.name)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("as_of"),
            Field.text("total", field_width=10),
            Fieldset(
                *[Field.text(f"gender_{v}", field_width=10) for v in Gender.values],
                legend=_("By gender"),
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *[Field.text(f"ethnic_group_{v}", field_width=10) for v in EthnicGroup.values],
                legend=_("By ethnic group"),
                legend_size=Size.MEDIUM,
            ),
            *(
                [
                    Fieldset(
                        *[Field.text(f"area_{p.pk}", field_width=10) for p in self.places],
                        legend=_("By place"),
                        legend_size=Size.MEDIUM,
                    )
                ]
                if self.places
                else []
            ),
            Submit("submit", self.submit_label),
        )

    @staticmethod
    def initial_for(council: Council) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for figure in CaseloadFigure.objects.filter(council=council):
            if figure.dimension == Dimension.TOTAL:
                initial["total"] = figure.count
            else:
                initial[f"{figure.dimension}_{figure.category}"] = figure.count
            initial["as_of"] = max(initial.get("as_of", figure.as_of), figure.as_of)
        return initial

    def clean_as_of(self) -> date:
        value = self.cleaned_data["as_of"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if value < EARLIEST:
            raise forms.ValidationError(_("Enter a date in 2000 or later."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        total = data.get("total")
        if total is None:
            return data
        for dim, label in (
            ("gender", _("gender")),
            ("ethnic_group", _("ethnic group")),
            ("area", _("place")),
        ):
            parts = [v for k, v in data.items() if k.startswith(f"{dim}_") and v is not None]
            if sum(parts) > total:
                self.add_error(
                    "total",
                    _(
                        "The numbers by %(dimension)s add up to more than the whole caseload. "
                        "Check the figures."
                    )
                    % {"dimension": label},
                )
        return data

    def figures(self) -> dict[tuple[str, str], int | None]:
        """(dimension, category) -> count (None: blank), for ``services.caseload_set``."""
        data = self.cleaned_data
        found: dict[tuple[str, str], int | None] = {(Dimension.TOTAL, ""): data.get("total")}
        for value in Gender.values:
            found[(Dimension.GENDER, value)] = data.get(f"gender_{value}")
        for value in EthnicGroup.values:
            found[(Dimension.ETHNIC_GROUP, value)] = data.get(f"ethnic_group_{value}")
        for place in self.places:
            found[(Dimension.AREA, str(place.pk))] = data.get(f"area_{place.pk}")
        return found
