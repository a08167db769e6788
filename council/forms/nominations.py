"""Forms for nominations: making one, the nominee's answer, the returning officer's decision."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.forms import PortalForm
from council.forms._common import find_member


def _statement_field(label: StrOrPromise) -> forms.CharField:
    # crispy-forms-gds needs help text on a word-counted textarea (KeyError otherwise).
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain words about who you are and what you would speak up about."),
    )


def _statement_within(statement: str, word_limit: int) -> str:
    statement = statement.strip()
    words = len(statement.split())
    if words > word_limit:
        raise forms.ValidationError(
            _("Your statement has %(n)s words. Keep it to %(limit)s words or fewer.")
            % {"n": words, "limit": word_limit}
        )
    return statement


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
    statement = _statement_field(_("Your candidate statement (if you are nominating yourself)"))

    def __init__(self, *args: Any, word_limit: int, **kwargs: Any) -> None:
        self.word_limit = word_limit
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("who", legend_size="m"),
            Field.text("username"),
            Field.textarea("statement", max_words=word_limit),
        )

    def clean_statement(self) -> str:
        return _statement_within(self.cleaned_data["statement"], self.word_limit)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("who") == "other":
            if not data.get("username"):
                self.add_error(
                    "username", _("Enter the username of the member you are nominating.")
                )
            else:
                try:
                    data["nominee"] = find_member(data["username"])
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
    statement = _statement_field(_("Your candidate statement"))

    def __init__(self, *args: Any, word_limit: int, **kwargs: Any) -> None:
        self.word_limit = word_limit
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("answer", legend_size="m"),
            Field.textarea("statement", max_words=word_limit),
        )

    def clean_statement(self) -> str:
        return _statement_within(self.cleaned_data["statement"], self.word_limit)


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
