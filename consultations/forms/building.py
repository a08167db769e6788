"""The forms staff build a consultation with: its settings, its questions, access codes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import audience
from consultations.models import Consultation, Question
from core.form_fields import DateTimeField, date_time_field
from core.forms import PortalForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ANONYMITY_EXPLAINED = [
    (
        Consultation.Anonymity.ANONYMOUS,
        _(
            "Anonymous — we keep nothing that links answers to a person, not even the time "
            "they were sent."
        ),
    ),
    (
        Consultation.Anonymity.PSEUDONYMOUS,
        _(
            "Pseudonymous — staff cannot see who wrote an answer. Each person can answer once "
            "and can see or withdraw their answers. Only the independent data steward can find "
            "out who wrote an answer, must give a reason, and that is logged."
        ),
    ),
    (
        Consultation.Anonymity.NAMED,
        _("Named — people agree that staff can see their name next to their answers."),
    ),
]


def _datetime_field(label: StrOrPromise, what: StrOrPromise) -> DateTimeField:
    """A date input and a time box, core.form_fields (issue 16)."""
    return date_time_field(
        label,
        what=str(what),
        required=False,
        help_text=_("Leave empty to open or close it by hand."),
    )


class ConsultationForm(PortalForm):
    submit_label = _("Save")

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter a title")},
    )
    purpose = forms.CharField(
        label=_("What it is for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences in plain English. Respondents see this first."),
        error_messages={"required": _("Say what the consultation is for")},
    )
    information_sheet = forms.CharField(
        label=_("Information sheet"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What taking part involves, who sees the answers, how long they are kept, and that "
            "people can withdraw at any time without giving a reason."
        ),
        error_messages={"required": _("Write the information sheet")},
    )
    consent_statement = forms.CharField(
        label=_("Consent statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What people agree to, for example ‘I have read the information and want to take part.’"
        ),
        error_messages={"required": _("Write the consent statement")},
    )
    audience = forms.ChoiceField(
        label=_("Who can answer"),
        choices=Consultation.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who can answer")},
    )
    constituency_ids = forms.TypedMultipleChoiceField(
        label=_("Constituencies"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for ‘Members of chosen constituencies’."),
    )
    anonymity = forms.ChoiceField(
        label=_("How anonymous the answers are"),
        choices=ANONYMITY_EXPLAINED,
        widget=forms.RadioSelect,
        help_text=_("Respondents are told this in these words. It cannot change after publishing."),
        error_messages={"required": _("Choose how anonymous the answers are")},
    )
    opens_at = _datetime_field(_("Opens"), _("when it opens"))
    closes_at = _datetime_field(_("Closes"), _("when it closes"))
    retention_years = forms.IntegerField(
        label=_("Keep answers for this many years"),
        min_value=1,
        max_value=25,
        initial=5,
        error_messages={
            "required": _("Enter how many years to keep the answers"),
            "invalid": _("Enter a whole number of years, for example 5"),
            "min_value": _("Keep answers for at least 1 year"),
            "max_value": _("Keep answers for 25 years or fewer"),
        },
    )
    retention_action = forms.ChoiceField(
        label=_("After that"),
        choices=Consultation.RetentionAction.choices,
        widget=forms.RadioSelect,
        initial=Consultation.RetentionAction.DELETE,
        error_messages={"required": _("Choose what happens to the answers after that")},
    )
    ask_profile = forms.BooleanField(
        label=_("Ask the optional ‘about you’ questions (gender, ethnic group, age band, area)"),
        required=False,
        initial=True,
    )
    areas = forms.CharField(
        label=_("Areas to choose from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One on each line, for example Leicester City. Leave empty to not ask."),
    )
    require_access_code = forms.BooleanField(
        label=_("Ask for a one-time access code (open links only)"),
        required=False,
    )

    def __init__(self, *args: Any, consultation: Consultation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        constituencies = cast(forms.TypedMultipleChoiceField, self.fields["constituency_ids"])
        constituencies.choices = audience.constituency_choices()
        if not constituencies.choices:
            constituencies.help_text = _(
                "There are no constituencies yet: the council pages add them."
            )
        if consultation is not None and not consultation.is_editable:
            for name in ("audience", "anonymity", "constituency_ids", "require_access_code"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("This cannot change after publishing.")

    def clean_areas(self) -> str:
        lines = [" ".join(line.split())[:100] for line in self.cleaned_data["areas"].splitlines()]
        return "\n".join(line for line in lines if line)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must be after the opening time"))
        if (
            closes
            and closes <= timezone.now()
            and (
                self.consultation is None or self.consultation.status != Consultation.Status.CLOSED
            )
        ):
            self.add_error("closes_at", _("The closing time must be in the future"))
        chosen_audience = data.get("audience")
        if (
            chosen_audience == Consultation.Audience.OPEN_LINK
            and data.get("anonymity")
            and data.get("anonymity") != Consultation.Anonymity.ANONYMOUS
        ):
            self.add_error(
                "anonymity",
                _("Open links must be anonymous, because people do not sign in to answer"),
            )
        if data.get("require_access_code") and chosen_audience != Consultation.Audience.OPEN_LINK:
            self.add_error(
                "require_access_code",
                _("Access codes are only for consultations with an open link"),
            )
        if chosen_audience == Consultation.Audience.CONSTITUENCIES and not data.get(
            "constituency_ids"
        ):
            self.add_error("constituency_ids", _("Choose at least one constituency"))
        return data


class QuestionForm(PortalForm):
    submit_label = _("Save question")

    kind = forms.ChoiceField(
        label=_("Type of answer"),
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of answer")},
    )
    text = forms.CharField(
        label=_("Question"),
        max_length=500,
        error_messages={
            "required": _("Enter the question"),
            "max_length": _("The question must be 500 characters or fewer"),
        },
    )
    help_text = forms.CharField(
        label=_("Help text (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(
        label=_("People must answer this question"),
        required=False,
        help_text=_(
            "Leave it unticked unless you cannot use the answers without it. People who have "
            "nothing to say should be able to skip a question, most of all a free-text one."
        ),
    )
    offer_dont_know = forms.BooleanField(
        label=_("Offer ‘Don’t know’ as an answer (not for free text)"), required=False
    )
    offer_prefer_not = forms.BooleanField(
        label=_("Offer ‘Prefer not to say’ as an answer (not for free text)"), required=False
    )
    same_page_as_previous = forms.BooleanField(
        label=_("Show on the same page as the question before"),
        required=False,
        help_text=_(
            "Only when the two questions belong together, for example a question and ‘Why?’. "
            "Otherwise each question gets a page of its own, which is easier on a phone."
        ),
    )
    choices = forms.CharField(
        label=_("Answers to choose from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For ‘Choose one’ and ‘Choose any’: one answer on each line."),
    )
    scale_low_label = forms.CharField(
        label=_("What 1 means (optional)"), required=False, max_length=60
    )
    scale_high_label = forms.CharField(
        label=_("What 5 means (optional)"), required=False, max_length=60
    )

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if locked:
            for name in ("kind", "choices"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "People have answered this question, so this cannot change."
                )

    def clean_choices(self) -> list[str]:
        raw = self.cleaned_data.get("choices") or ""
        if isinstance(raw, list):
            return raw
        return [" ".join(line.split()) for line in raw.splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        labels = data.get("choices") or []
        if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
            if len({label.lower() for label in labels}) < 2:
                self.add_error(
                    "choices",
                    _("Give at least two different answers to choose from, one on each line"),
                )
            elif len(labels) > 30:
                self.add_error("choices", _("Give 30 answers to choose from or fewer"))
            elif any(len(label) > 200 for label in labels):
                self.add_error(
                    "choices", _("Each answer to choose from must be 200 characters or fewer")
                )
        return data


class AccessCodeBatchForm(PortalForm):
    submit_label = _("Make and print codes")

    label = forms.CharField(
        label=_("Where the codes are for"),
        max_length=150,
        help_text=_("For example ‘Kirk Lodge hostel, March’. Only staff see this."),
        error_messages={"required": _("Say where the codes are for")},
    )
    size = forms.IntegerField(
        label=_("How many codes"),
        min_value=1,
        max_value=500,
        initial=20,
        error_messages={
            "required": _("Enter how many codes to make"),
            "invalid": _("Enter a whole number, for example 20"),
            "min_value": _("Make at least 1 code"),
            "max_value": _("Make 500 codes or fewer at a time"),
        },
    )
