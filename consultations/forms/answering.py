"""The forms people answer a consultation with: consent, the questions page by page, "about
you", and withdrawing. Blank answers pass Django's checks so that the messages come from
``services.clean_answer`` and name the question."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consultations.models import Answer, Consultation, Question, Submission
from consultations.services import clean_answer, declined_options, question_field_name
from consultations.services.answering import LONG_TEXT_MAX
from core.form_fields import long_text_field
from core.forms import PortalForm

IDENTIFYING_HINT = _(
    "Do not write names, addresses or anything else that could show who you or anyone else is."
)


def _choice_value(raw: Any) -> int | str:
    """A choice's id, or a "Don't know" / "Prefer not to say" code (checked by the service)."""
    text = str(raw)
    if text in Answer.Declined.values:
        return text
    return int(text)


def _answer_field(question: Question) -> forms.Field:
    label = question.text if question.required else f"{question.text} {_('(optional)')}"
    hint = question.help_text
    if question.is_text:
        hint = f"{hint}\n{IDENTIFYING_HINT}" if hint else str(IDENTIFYING_HINT)
    common: dict[str, Any] = {"label": label, "required": False, "help_text": hint}
    invalid = {
        "invalid_choice": _("Choose one of the answers given"),
        "invalid": _("Choose one of the answers given"),
    }
    if question.kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(max_length=None, widget=forms.TextInput, **common)
    if question.kind == Question.Kind.LONG_TEXT:
        return long_text_field(
            label, required=False, max_length=LONG_TEXT_MAX, help_text=hint, what=question.text
        )
    choices: list[tuple[Any, Any]] = [(c.pk, c.label) for c in question.choices.all()]
    if question.kind == Question.Kind.SCALE:
        from consultations.selectors import scale_label

        choices = [(v, scale_label(question, v)) for v in range(1, 6)]
    choices += [(code, Answer.Declined(code).label) for code in declined_options(question)]
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.TypedMultipleChoiceField(
            choices=choices,
            coerce=_choice_value,
            widget=forms.CheckboxSelectMultiple,
            error_messages=invalid,
            **common,
        )
    return forms.TypedChoiceField(
        choices=choices,
        coerce=_choice_value,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages=invalid,
        **common,
    )


def layout_for(question: Question, name: str, *, heading: bool = False) -> Field:
    """One question's layout. ``heading``: the question is the page's ``<h1>``."""
    size = "l" if heading else "m"
    legend = {"legend_size": size, "legend_tag": "h1"} if heading else {"legend_size": size}
    label = {"label_size": size, "label_tag": "h1"} if heading else {"label_size": size}
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return Field.checkboxes(name, **legend)
    if question.kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.YES_NO):
        inline = question.kind == Question.Kind.YES_NO and not declined_options(question)
        return Field.radios(name, inline=inline, **legend)
    if question.kind == Question.Kind.SCALE:
        return Field.radios(name, **legend)
    if question.kind == Question.Kind.LONG_TEXT:
        return Field.textarea(name, rows=5, **label)
    return Field.text(name, **label)


class AnswersForm(forms.Form):
    """The questions on one page. Blank fields pass Django's checks so that the messages come
    from ``services.clean_answer`` and name the question."""

    def __init__(
        self, *args: Any, questions: list[Question], heading: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question_field_name(question)] = _answer_field(question)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # One question on the page: it is the page heading (GOV.UK question pages).
        heading = heading and len(questions) == 1
        self.helper.layout = Layout(
            *(layout_for(q, question_field_name(q), heading=heading) for q in questions)
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for question in self.questions:
            name = question_field_name(question)
            if name in self.errors:
                continue
            try:
                data[name] = clean_answer(question, data.get(name))
            except ValidationError as exc:
                self.add_error(name, exc.messages)
        return data

    def answers(self) -> dict[str, Any]:
        """Cleaned answers keyed by question id (as text, as they travel in the form state)."""
        return {
            str(q.pk): self.cleaned_data.get(question_field_name(q))
            for q in self.questions
            if self.cleaned_data.get(question_field_name(q)) not in (None, "", [])
        }

    def partial_answers(self) -> dict[str, Any]:
        """What can be kept from an unchecked page (for "Back" and "Save"): each field alone."""
        kept: dict[str, Any] = {}
        for question in self.questions:
            name = question_field_name(question)
            field = self.fields[name]
            try:
                value = field.clean(
                    field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
                )
            except ValidationError:
                continue
            if value not in (None, "", []):
                kept[str(question.pk)] = value
        return kept


def initial_for(questions: list[Question], answers: dict[str, Any]) -> dict[str, Any]:
    return {question_field_name(q): answers[str(q.pk)] for q in questions if str(q.pk) in answers}


PREFER_NOT = ("", _("Prefer not to say"))


def profile_fields(consultation: Consultation) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {
        "gender": forms.ChoiceField(
            label=_("Gender (optional)"),
            choices=[*Submission.Gender.choices, PREFER_NOT],
            required=False,
            widget=forms.RadioSelect,
        ),
        "ethnic_group": forms.ChoiceField(
            label=_("Ethnic group (optional)"),
            choices=[*Submission.EthnicGroup.choices, PREFER_NOT],
            required=False,
            widget=forms.RadioSelect,
        ),
        "age_band": forms.ChoiceField(
            label=_("Age (optional)"),
            choices=[*Submission.AgeBand.choices, PREFER_NOT],
            required=False,
            widget=forms.RadioSelect,
        ),
    }
    if consultation.area_list:
        fields["area"] = forms.ChoiceField(
            label=_("Area (optional)"),
            choices=[*((a, a) for a in consultation.area_list), PREFER_NOT],
            required=False,
            widget=forms.RadioSelect,
        )
    for field in fields.values():
        field.error_messages["invalid_choice"] = _("Choose one of the answers given")
    return fields


class ProfileForm(forms.Form):
    """The optional "about you" page. Nothing here is ever required."""

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(profile_fields(consultation))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(Field.radios(name, legend_size="s") for name in self.fields))

    def profile(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}

    def partial_profile(self) -> dict[str, str]:
        return self.profile() if self.is_valid() else {}


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the information and I agree to take part"),
        error_messages={
            "required": _(
                "Tick the box to say you agree. If you do not want to take part, you can "
                "leave this page."
            )
        },
    )
    access_code = forms.CharField(
        label=_("Access code"),
        required=False,
        max_length=40,
        help_text=_("It is on the slip you were given, for example 7KQ4-MX2P-9TWC."),
    )

    def __init__(
        self, *args: Any, needs_code: bool = False, statement: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.needs_code = needs_code
        # The consent statement staff wrote is the one wording people agree to (shown once).
        if statement.strip():
            self.fields["agree"].label = " ".join(statement.split())
        self.helper = FormHelper()
        self.helper.form_tag = False
        fields = ["agree"]
        if needs_code:
            fields.insert(0, "access_code")
        else:
            del self.fields["access_code"]
        self.helper.layout = Layout(
            *(
                Field.text(f, field_width=10) if f == "access_code" else Field.checkbox(f)
                for f in fields
            )
        )

    def clean_access_code(self) -> str:
        code = "".join(
            ch for ch in self.cleaned_data.get("access_code", "").upper() if ch.isalnum()
        )
        if self.needs_code and not code:
            raise ValidationError(_("Enter the access code from your slip"))
        return code


class WithdrawalForm(PortalForm):
    submit_label = _("Withdraw my answers")

    code = forms.CharField(
        label=_("Your withdrawal code"),
        max_length=40,
        help_text=_("You were shown it when you sent your answers, for example 7KQ4-MX2P-9TWC."),
        error_messages={"required": _("Enter your withdrawal code")},
    )
