"""Forms validate and tidy; the services decide. Every message is a plain sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import audience
from consultations.models import Answer, Consultation, Question, Submission
from consultations.services import clean_answer, declined_options, question_field_name
from consultations.services.answering import LONG_TEXT_MAX
from core.form_fields import DateTimeField, date_field, date_time_field, long_text_field
from core.forms import PortalForm
from users.models import User
from users.roles import Role

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


def _layout_for(question: Question, name: str, *, heading: bool = False) -> Field:
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
            *(_layout_for(q, question_field_name(q), heading=heading) for q in questions)
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


def _profile_fields(consultation: Consultation) -> dict[str, forms.Field]:
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
        self.fields.update(_profile_fields(consultation))
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


class StaffEntryForm(AnswersForm):
    """All questions on one page plus who, how and when — for typing in a pile of forms."""

    def __init__(
        self, *args: Any, consultation: Consultation, questions: list[Question], **kwargs: Any
    ):
        super().__init__(*args, questions=questions, **kwargs)
        self.consultation = consultation
        meta: dict[str, forms.Field] = {
            "method": forms.ChoiceField(
                label=_("How the answers were given"),
                choices=[
                    (Submission.Method.INTERVIEW, Submission.Method.INTERVIEW.label),
                    (Submission.Method.PAPER, Submission.Method.PAPER.label),
                ],
                widget=forms.RadioSelect,
                initial=Submission.Method.INTERVIEW,
                error_messages={"required": _("Choose how the answers were given")},
            ),
            "consent_confirmed": forms.BooleanField(
                label=_(
                    "The person read or heard the information sheet and agreed to take part "
                    "(out loud in the interview, or by signing the paper form)"
                ),
                error_messages={
                    "required": _(
                        "Confirm that the person agreed to take part, or do not enter their answers"
                    )
                },
            ),
            "interviewer": forms.CharField(
                label=_("Username of the interviewer (optional)"),
                required=False,
                max_length=40,
                help_text=_("Leave empty for a paper form, or if they have no account."),
            ),
            "interviewer_name": forms.CharField(
                label=_("Interviewer’s name, if they have no account (optional)"),
                required=False,
                max_length=150,
            ),
        }
        if not consultation.is_anonymous:
            meta["respondent"] = forms.CharField(
                label=_("Username of the person who answered")
                if consultation.is_named
                else _("Username of the person who answered (optional)"),
                required=consultation.is_named,
                max_length=40,
                help_text=_(
                    "So they can see and withdraw their answers. Staff will not see it again: "
                    "answers stay pseudonymous."
                )
                if consultation.is_pseudonymous
                else "",
                error_messages={"required": _("Enter the username of the person who answered")},
            )
            meta["answered_on"] = date_field(
                _("Date of the interview or form"),
                what=str(_("the date of the interview or form")),
                initial=timezone.localdate,
            )
        if consultation.ask_profile:
            meta.update(_profile_fields(consultation))
        self.fields.update(meta)
        layout = [Field.radios("method", legend_size="s", inline=True)]
        layout += [Field.text(n) for n in ("respondent", "answered_on") if n in self.fields]
        layout += [Field.text("interviewer", field_width=20), Field.text("interviewer_name")]
        layout += [_layout_for(q, question_field_name(q)) for q in questions]
        layout += [
            Field.radios(n, legend_size="s", small=True)
            for n in ("gender", "ethnic_group", "age_band", "area")
            if n in self.fields
        ]
        layout.append(Field.checkbox("consent_confirmed"))
        self.helper.layout = Layout(*layout)

    def _user(self, name: str, *, staff: bool) -> User | None:
        username = self.cleaned_data.get(name, "").strip().lower()
        if not username:
            return None
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("There is no account with the username ‘%(u)s’") % {"u": username}
            )
        if staff and not user.has_role(Role.STAFF, Role.ADMINISTRATOR, Role.SENIOR_MANAGER):
            raise ValidationError(_("‘%(u)s’ is not a member of staff") % {"u": username})
        if not staff and not audience.is_member(user):
            raise ValidationError(_("‘%(u)s’ is not a member") % {"u": username})
        return user

    def clean_interviewer(self) -> User | None:
        return self._user("interviewer", staff=True)

    def clean_respondent(self) -> User | None:
        return self._user("respondent", staff=False)

    def clean_answered_on(self):
        day = self.cleaned_data.get("answered_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future"))
        return day

    def profile(self) -> dict[str, str]:
        return {
            n: self.cleaned_data.get(n) or ""
            for n in Submission.PROFILE_FIELDS
            if self.cleaned_data.get(n)
        }


class WithdrawalForm(PortalForm):
    submit_label = _("Withdraw my answers")

    code = forms.CharField(
        label=_("Your withdrawal code"),
        max_length=40,
        help_text=_("You were shown it when you sent your answers, for example 7KQ4-MX2P-9TWC."),
        error_messages={"required": _("Enter your withdrawal code")},
    )


class ReferenceLookupForm(PortalForm):
    submit_label = _("Find the answer")

    reference = forms.CharField(
        label=_("Answer reference"),
        max_length=12,
        help_text=_("Staff see it next to each answer, for example K7P2-9QXD."),
        error_messages={"required": _("Enter the answer reference")},
    )

    def clean_reference(self) -> str:
        raw = "".join(ch for ch in self.cleaned_data["reference"].upper() if ch.isalnum())
        if len(raw) != 8:
            raise ValidationError(
                _("An answer reference has 8 letters and numbers, for example K7P2-9QXD")
            )
        return f"{raw[:4]}-{raw[4:]}"


class ReidentifyForm(PortalForm):
    submit_label = _("Show me who wrote this")

    reason = forms.CharField(
        label=_("Why do you need to know who wrote this answer?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=20,
        max_length=2000,
        help_text=_("This is kept in the audit log. Write at least 20 characters."),
        error_messages={
            "required": _("Write why you need to know who wrote this answer"),
            "min_length": _("Write the reason in at least 20 characters"),
            "max_length": _("Write the reason in 2,000 characters or fewer"),
        },
    )
    dont_tell = forms.BooleanField(
        label=_("Do not tell them: telling them could put someone at risk"),
        required=False,
        help_text=_(
            "We tell the person who wrote the answer that it was looked at, and why (your "
            "reason above), but not who looked. Only tick this for a safeguarding reason."
        ),
    )
    not_told_reason = forms.CharField(
        label=_("Why could telling them put someone at risk?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Only if you ticked the box. This is kept in the audit log. Write at least 20 "
            "characters."
        ),
        error_messages={"max_length": _("Write this in 2,000 characters or fewer")},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        why = (cleaned.get("not_told_reason") or "").strip()
        if cleaned.get("dont_tell") and len(why) < 20:
            self.add_error(
                "not_told_reason",
                _("Write why telling them could put someone at risk, in at least 20 characters"),
            )
        elif why and not cleaned.get("dont_tell"):
            self.add_error(
                "dont_tell",
                _("Tick the box if they must not be told, or delete the reason below it"),
            )
        return cleaned


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
