"""Forms for council/: they validate and tidy; services do the rest."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, PortalModelForm
from council.models import Constituency, Council, Election, Nomination, Portfolio
from users.roles import MEMBER_ROLES

User = get_user_model()
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
_DATE_ERROR = _("Enter a real date, like 2026-03-31.")


def _find_member(username: str) -> Any:
    username = username.strip().lower()
    user = User.objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise forms.ValidationError(
            _("There is no one with the username %(u)s. Check the spelling.") % {"u": username}
        )
    if not user.has_role(*MEMBER_ROLES):
        raise forms.ValidationError(_("%(u)s is not a member.") % {"u": username})
    return user


class CouncilForm(PortalModelForm):
    submit_label = _("Save council")

    class Meta:
        model = Council
        fields = ["name", "description", "is_active"]
        labels = {"is_active": _("The council is active")}


class ConstituencyForm(PortalModelForm):
    submit_label = _("Save constituency")

    class Meta:
        model = Constituency
        fields = ["name", "kind", "description"]


class PortfolioForm(PortalModelForm):
    submit_label = _("Save portfolio")

    class Meta:
        model = Portfolio
        fields = ["name", "description", "order"]


class MemberUsernameForm(PortalForm):
    submit_label = _("Add member")
    username = forms.CharField(
        label=_("Their username"),
        max_length=40,
        error_messages={"required": _("Enter the member's username.")},
    )

    def clean_username(self) -> Any:
        return _find_member(self.cleaned_data["username"])


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class ElectionForm(PortalModelForm):
    submit_label = _("Save election")

    class Meta:
        model = Election
        fields = [
            "title",
            "constituency",
            "description",
            "seats",
            "include_ron",
            "statement_word_limit",
            "term_months",
            "nominations_open_at",
            "nominations_close_at",
            "voting_open_at",
            "voting_close_at",
        ]
        widgets = {
            name: DateTimeLocalInput()
            for name in (
                "nominations_open_at",
                "nominations_close_at",
                "voting_open_at",
                "voting_close_at",
            )
        }
        help_texts = {
            "nominations_open_at": _("Leave blank to open by hand."),
            "nominations_close_at": _("Leave blank to close by hand."),
            "voting_open_at": _("Leave blank to open by hand."),
            "voting_close_at": _("Leave blank to close by hand."),
        }

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["constituency"].queryset = Constituency.objects.filter(council=council)
        self.fields["constituency"].empty_label = _("Choose a constituency")
        for name in (
            "nominations_open_at",
            "nominations_close_at",
            "voting_open_at",
            "voting_close_at",
        ):
            self.fields[name].input_formats = [
                DATETIME_FORMAT,
                "%Y-%m-%d %H:%M",
                "%Y-%m-%d %H:%M:%S",
            ]
            self.fields[name].error_messages["invalid"] = _(
                "Enter a real date and time, like 2026-03-31 18:00."
            )
        self.fields["seats"].error_messages["invalid"] = _(
            "Enter the number of seats as a whole number, like 2."
        )
        if self.instance.pk:
            self.fields["constituency"].disabled = True


class NominationForm(PortalForm):
    submit_label = _("Make nomination")
    WHO = (("self", _("Myself")), ("other", _("Another member")))
    who = forms.ChoiceField(
        label=_("Who are you nominating?"),
        choices=WHO,
        widget=forms.RadioSelect,
        initial="self",
        error_messages={"required": _("Say who you are nominating.")},
    )
    username = forms.CharField(
        label=_("If another member: their username"),
        required=False,
        max_length=40,
        help_text=_("They will be asked to agree before they stand."),
    )
    statement = forms.CharField(
        label=_("Your candidate statement (if you are nominating yourself)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain words about who you are and what you would speak up about."),
    )

    def __init__(self, *args: Any, word_limit: int, **kwargs: Any) -> None:
        self.word_limit = word_limit
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("who", legend_size="m"),
            Field.text("username"),
            Field.textarea("statement", max_words=word_limit),
        )

    def clean_statement(self) -> str:
        statement = self.cleaned_data["statement"].strip()
        words = len(statement.split())
        if words > self.word_limit:
            raise forms.ValidationError(
                _("Your statement has %(n)s words. Keep it to %(limit)s words or fewer.")
                % {"n": words, "limit": self.word_limit}
            )
        return statement

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("who") == "other":
            if not data.get("username"):
                self.add_error(
                    "username", _("Enter the username of the member you are nominating.")
                )
            else:
                try:
                    data["nominee"] = _find_member(data["username"])
                except forms.ValidationError as exc:
                    self.add_error("username", exc)
        return data


class NominationResponseForm(PortalForm):
    submit_label = _("Send my answer")
    answer = forms.ChoiceField(
        label=_("Do you agree to stand?"),
        choices=(
            ("accept", _("Yes, I agree to stand")),
            ("decline", _("No, I do not want to stand")),
        ),
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you agree to stand.")},
    )
    # crispy-forms-gds needs help text on a word-counted textarea (KeyError otherwise).
    statement = forms.CharField(
        label=_("Your candidate statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain words about who you are and what you would speak up about."),
    )

    def __init__(self, *args: Any, word_limit: int, **kwargs: Any) -> None:
        self.word_limit = word_limit
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("answer", legend_size="m"),
            Field.textarea("statement", max_words=word_limit),
        )

    def clean_statement(self) -> str:
        return NominationForm.clean_statement(self)  # type: ignore[arg-type]


class NominationDecisionForm(PortalForm):
    submit_label = _("Record decision")
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=(("accept", _("Accept: they will stand")), ("reject", _("Do not accept"))),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose accept or do not accept.")},
    )
    ballot_name = forms.CharField(
        label=_("Name on the ballot paper"),
        max_length=100,
        required=False,
        help_text=_("Leave as it is unless the candidate asked for another name."),
    )
    reason = forms.CharField(
        label=_("Reason (the person nominated will see this)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("decision", legend_size="m"),
            Field.text("ballot_name"),
            Field.textarea("reason"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason. The person nominated will see it."))
        return data


class RankingForm(forms.Form):
    """One number box per candidate: 1 for your first choice, 2 for your second, and so on.

    Works with no JavaScript. Blank means "not ranked". Numbers must start at 1 and not repeat
    or skip, so what is counted is exactly what the voter meant.
    """

    def __init__(self, *args: Any, candidates: list[Nomination], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        choices = [("", _("Not ranked"))] + [
            (str(i), str(i)) for i in range(1, len(candidates) + 1)
        ]
        for candidate in candidates:
            self.fields[f"rank_{candidate.pk}"] = forms.ChoiceField(
                label=candidate.ballot_name,
                choices=choices,
                required=False,
                error_messages={"invalid_choice": _("Choose a number from the list.")},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ranked: list[tuple[int, Nomination]] = []
        for candidate in self.candidates:
            value = data.get(f"rank_{candidate.pk}")
            if value:
                ranked.append((int(value), candidate))
        if not ranked:
            raise forms.ValidationError(_("Put the number 1 next to your first choice."))
        numbers = sorted(n for n, _c in ranked)
        if len(set(numbers)) != len(numbers):
            raise forms.ValidationError(
                _("You used the same number more than once. Give each choice a different number.")
            )
        if numbers != list(range(1, len(numbers) + 1)):
            missing = next(i for i in range(1, len(numbers) + 2) if i not in numbers)
            raise forms.ValidationError(
                _(
                    "You have not used the number %(n)s. Number your choices 1, 2, 3 and so on, "
                    "with no gaps."
                )
                % {"n": missing}
            )
        ranked.sort(key=lambda pair: pair[0])
        data["ranking"] = [c for _n, c in ranked]
        return data

    def field_rows(self) -> list[tuple[Nomination, forms.BoundField]]:
        return [(c, self[f"rank_{c.pk}"]) for c in self.candidates]

    def hidden_values(self) -> list[tuple[str, str]]:
        return [(f"rank_{c.pk}", self.data.get(f"rank_{c.pk}", "")) for c in self.candidates]


class PaperVoteMarkForm(MemberUsernameForm):
    submit_label = _("Mark as voted on paper")


class BltUploadForm(PortalForm):
    submit_label = _("Import paper ballots")
    file = forms.FileField(
        label=_("BLT file of paper ballots"),
        error_messages={"required": _("Choose a BLT file to upload.")},
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too big. The limit is 5 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not a text file. Save it as plain text (UTF-8).")
            ) from None


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=20,
        help_text=_("10 letters and numbers, for example ABCDE-23456."),
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if len(code) != 10:
            raise forms.ValidationError(
                _("A receipt code has 10 letters and numbers. Check what you typed.")
            )
        return code


class CooptForm(PortalForm):
    submit_label = _("Co-opt representative")
    username = forms.CharField(label=_("Their username"), max_length=40)
    constituency = forms.ModelChoiceField(
        queryset=Constituency.objects.none(),
        required=False,
        label=_("Constituency they speak for"),
        empty_label=_("The whole council"),
    )
    portfolios = forms.ModelMultipleChoiceField(
        queryset=Portfolio.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Portfolios"),
    )
    term_start = forms.DateField(
        label=_("Term starts"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _DATE_ERROR, "required": _("Enter the date the term starts.")},
    )
    term_end = forms.DateField(
        label=_("Term ends"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _DATE_ERROR},
    )
    note = forms.CharField(
        label=_("Why they were co-opted"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why they were co-opted.")},
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["constituency"].queryset = Constituency.objects.filter(council=council)
        self.fields["portfolios"].queryset = Portfolio.objects.filter(council=council)

    def clean_username(self) -> Any:
        return _find_member(self.cleaned_data["username"])

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
    )
    constituency = forms.ModelChoiceField(
        queryset=Constituency.objects.none(),
        required=False,
        label=_("Constituency"),
        empty_label=_("The whole council"),
    )
    held_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _DATE_ERROR, "required": _("Enter the date.")},
    )
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
        error_messages={"invalid": _("Enter a whole number of months, like 12.")},
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["constituency"].queryset = Constituency.objects.filter(council=council)

    def clean_usernames(self) -> list[Any]:
        raw = self.cleaned_data["usernames"].replace(",", "\n").split()
        people = []
        errors = []
        for name in dict.fromkeys(n.strip() for n in raw if n.strip()):
            try:
                people.append(_find_member(name))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        if not people:
            raise forms.ValidationError(_("Enter at least one username."))
        return people


class ConfirmForm(forms.Form):
    """An empty POST form: the CSRF token is the only field."""


def plain_helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper
