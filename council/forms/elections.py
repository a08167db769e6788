"""Forms for setting up and running an election, paper ballots included: they validate and
tidy; services do the rest."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.form_fields import date_time_field
from core.forms import PortalForm, PortalModelForm
from council.forms._common import model_choices, text_field
from council.forms.councils import MemberUsernameForm
from council.models import Constituency, Council, Election
from council.services.paper_import import BLT_MAX_BYTES


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
        labels = {"include_ron": _("Include “Re-open nominations (none of these)”")}

    # A date input and a time box each (issue 16), not the browser's picker.
    nominations_open_at = date_time_field(
        _("Nominations open"),
        what=_("when nominations open"),
        required=False,
        help_text=_("Leave blank to open by hand."),
    )
    nominations_close_at = date_time_field(
        _("Nominations close"),
        what=_("when nominations close"),
        required=False,
        help_text=_("Leave blank to close by hand."),
    )
    voting_open_at = date_time_field(
        _("Voting opens"),
        what=_("when voting opens"),
        required=False,
        help_text=_("Leave blank to open by hand."),
    )
    voting_close_at = date_time_field(
        _("Voting closes"),
        what=_("when voting closes"),
        required=False,
        help_text=_("Leave blank to close by hand."),
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "constituency").queryset = Constituency.objects.filter(council=council)
        model_choices(self, "constituency").empty_label = _("Choose a constituency")
        say = {
            "title": _("Enter a title for the election"),
            "constituency": _("Choose the constituency the election is for"),
            "seats": _("Enter the number of seats"),
            "statement_word_limit": _("Enter the most words a statement can have"),
            "term_months": _("Enter how many months the term lasts"),
        }
        for name, message in say.items():
            self.fields[name].error_messages["required"] = message
        self.fields["seats"].error_messages["invalid"] = _(
            "Enter the number of seats as a whole number, like 2."
        )
        if self.instance.pk:
            self.fields["constituency"].disabled = True


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
        # Refused by its size, before a byte of it is read.
        if upload.size > BLT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too big. The limit is %(size)s.")
                % {"size": filesizeformat(BLT_MAX_BYTES)}
            )
        try:
            return upload.read(BLT_MAX_BYTES + 1).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not a text file. Save it as plain text (UTF-8).")
            ) from None


class ElectionCancelForm(forms.Form):
    """The reason on the "Cancel this election?" page (the page draws its own buttons)."""

    reason = text_field(
        _("Why is the election cancelled?"),
        1000,
        rows=3,
        help_text=_(
            "This is shown on the election's page and sent to members and candidates. "
            "Do not name anyone."
        ),
        required_message=_("Say why the election is cancelled. Members will see this."),
    )


class ConfirmForm(forms.Form):
    """An empty POST form: the CSRF token is the only field."""


def plain_helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper
