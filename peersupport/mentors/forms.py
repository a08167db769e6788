"""Forms for the mentor lifecycle. They only check and tidy what was typed; services do the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm
from peersupport.form_fields import _date_field, _long_text, _text
from peersupport.models import AssessmentOutcome, MentorStatus, Qualification, ReferrerRole
from users.models import User

if TYPE_CHECKING:
    pass


class ReferralForm(PortalForm):
    submit_label = _("Refer to peer support")

    username = _text(
        _("Their username"),
        max_length=40,
        message=_("Enter their username."),
        help_text=_("The username of the member being referred."),
    )
    referrer_name = _text(
        _("Who referred them"),
        max_length=100,
        message=_("Enter the name of the person who referred them."),
    )
    referrer_role = forms.ChoiceField(
        label=_("Their job"),
        choices=ReferrerRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the referrer's job.")},
    )
    referrer_organisation = _text(_("Organisation"), required=False, max_length=150)
    reason = _long_text(
        _("Why they are being referred"), message=_("Say why they are being referred.")
    )
    consent = forms.BooleanField(
        label=_("They have agreed to be referred to peer support"),
        error_messages={"required": _("Only refer someone who has agreed to it.")},
    )

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip().lower()
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise ValidationError(_("There is no member with that username."))
        return user


class AssessmentForm(PortalForm):
    submit_label = _("Save assessment")

    assessed_on = _date_field(_("Date of the assessment"))
    motivation = _long_text(_("Motivation"), help_text=_("Why do they want to be a peer mentor?"))
    engagement = _long_text(
        _("Engagement in treatment"),
        help_text=_("Positively engaged in treatment now, or before if no longer in treatment?"),
    )
    stability = _long_text(
        _("Stability"),
        help_text=_(
            "Relatively stable in relation to substance misuse? A lapse need not rule "
            "someone out; talk to their probation officer or treatment worker."
        ),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=AssessmentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome.")},
    )
    review_date = _date_field(
        _("Date to look again"),
        required=False,
        help_text=_("Needed when the outcome is 'not yet'."),
    )
    notes = _long_text(
        _("Notes"),
        required=False,
        help_text=_("Only peer-support staff can see these notes."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("outcome") == AssessmentOutcome.NOT_YET and not data.get("review_date"):
            self.add_error("review_date", _("Give a date to look at this again."))
        return data


class QualificationForm(PortalForm):
    submit_label = _("Record training")

    qualification = forms.ModelChoiceField(
        label=_("Training completed"),
        queryset=Qualification.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the training."),
            "invalid_choice": _("Choose the training from the list."),
        },
    )
    completed_on = _date_field(_("Date completed"))


class PauseForm(PortalForm):
    submit_label = _("Pause")

    reason = _long_text(_("Why are they pausing?"), message=_("Say why they are pausing."))
    review_date = _date_field(
        _("Date to look again"), help_text=_("You will be reminded on this date.")
    )


class LeaveForm(PortalForm):
    submit_label = _("Record that they have left")

    reason = _long_text(_("Why are they leaving?"), message=_("Say why they are leaving."))


class MentorFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + MentorStatus.choices
    )
    q = forms.CharField(label=_("Name or username"), required=False, max_length=100)
