"""Peer-support forms. They only check and tidy what was typed; services do the rest."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.form_fields import date_field, time_field
from core.forms import PortalForm, form_field
from core.http import parse_ascii_int
from peersupport import selectors
from peersupport.models import (
    LONDON,
    AssessmentOutcome,
    Attendance,
    MentorStatus,
    Qualification,
    ReferrerRole,
    SessionType,
    SignUpRole,
)
from peersupport.recurrence import rule_parse
from peersupport.recurrence_forms import PatternCreateForm, PatternEditForm, keep_planning_field
from peersupport.services.certificates import normalise_code
from users.models import User

DATE_ERRORS = {"invalid": _("Enter a real date, like 2026-03-31.")}
TIME_ERRORS = {"invalid": _("Enter a time like 18:00.")}
NUMBER_ERRORS = {
    "invalid": _("Enter a whole number, like 2."),
    "min_value": _("Enter 0 or more."),
    "max_value": _("Enter a smaller number."),
}

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _date_field(
    label, *, required: bool = True, help_text: StrOrPromise = "", what: StrOrPromise | None = None
):
    """The GOV.UK date input (three boxes), core.form_fields (issue 16)."""
    return date_field(label, what=what, required=required, help_text=help_text)


def _time_field(
    label, *, help_text: StrOrPromise = "", required: bool = True, what: StrOrPromise | None = None
):
    return time_field(label, what=what, required=required, help_text=help_text)


def _text(
    label: StrOrPromise,
    *,
    required: bool = True,
    max_length: int = 200,
    help_text: StrOrPromise = "",
    message: StrOrPromise = "",
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": message or _("This cannot be blank."),
            "max_length": _("Use %(limit_value)d characters or fewer."),
        },
    )


def _long_text(
    label: StrOrPromise,
    *,
    required: bool = True,
    help_text: StrOrPromise = "",
    message: StrOrPromise = "",
    max_length: int = 5000,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": message or _("This cannot be blank."),
            "max_length": _("Use %(limit_value)d characters or fewer."),
        },
    )


def _places(label, *, help_text: StrOrPromise = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=200,
        initial=0,
        help_text=help_text,
        error_messages={**NUMBER_ERRORS, "required": _("Enter a number (0 if none).")},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )


def _need_a_place(form: forms.Form, data: dict) -> None:
    """A session needs at least one place, for mentors or for people taking part."""
    fields_ok = "mentor_places" not in form.errors and "participant_places" not in form.errors
    if fields_ok and not data.get("mentor_places") and not data.get("participant_places"):
        form.add_error("mentor_places", _("Give at least one place."))


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name or obj.username


# --- Lifecycle --------------------------------------------------------------------------


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


# --- Sessions ---------------------------------------------------------------------------

REPEAT_CHOICES = [
    ("weekly", _("Every week")),
    ("fortnightly", _("Every two weeks")),
    ("monthly", _("Once a month, on the same weekday (for example the first Thursday)")),
    ("once", _("Once only")),
    ("custom", _("Another pattern (write an RFC 5545 rule)")),
]


class SeriesForm(PatternCreateForm):
    submit_label = _("Create the sessions")
    staff_field = "facilitator"

    title = _text(_("Name"), max_length=150, message=_("Give the sessions a name."))
    session_type = forms.ChoiceField(
        label=_("Kind of session"),
        choices=SessionType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of session.")},
    )
    description = _long_text(_("Description"), required=False)
    anchor_date = _date_field(_("First date"))
    start_time = _time_field(_("Start time"), help_text=_("UK time."))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=15,
        max_value=720,
        initial=120,
        error_messages={
            **NUMBER_ERRORS,
            "min_value": _("Sessions last at least 15 minutes."),
            "max_value": _("Sessions last at most 12 hours (720 minutes)."),
            "required": _("Enter how long it lasts in minutes."),
        },
    )
    repeat = forms.ChoiceField(
        label=_("How often"),
        choices=REPEAT_CHOICES,
        widget=forms.RadioSelect,
        initial="fortnightly",
        error_messages={"required": _("Choose how often.")},
    )
    rrule = _text(
        _("Repeat rule"),
        required=False,
        max_length=300,
        help_text=_("Only for 'another pattern'. For example FREQ=WEEKLY;INTERVAL=2;BYDAY=TU."),
    )
    ends_on = _date_field(_("Last date"), required=False, help_text=_("Leave blank to carry on."))
    skip_bank_holidays = forms.BooleanField(
        label=_("Skip bank holidays"), required=False, initial=True
    )
    place = _text(_("Place"), max_length=200, message=_("Say where the sessions are."))
    facilitator = _StaffChoice(
        label=_("Facilitator"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Not yet known"),
        error_messages={"invalid_choice": _("Choose a facilitator from the list.")},
    )
    mentor_places = _places(
        _("Places for peer mentors"), help_text=_("For example 2 mentors to act as role models.")
    )
    participant_places = _places(
        _("Places for people taking part"), help_text=_("For training or supervision, for example.")
    )
    qualification = forms.ModelChoiceField(
        label=_("Training gives this qualification"),
        queryset=Qualification.objects.all(),
        required=False,
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a qualification from the list.")},
    )
    weeks_ahead = forms.IntegerField(
        label=_("Weeks to plan ahead"),
        min_value=1,
        max_value=104,
        initial=26,
        error_messages={
            **NUMBER_ERRORS,
            "min_value": _("Plan at least 1 week ahead."),
            "max_value": _("Plan at most 104 weeks ahead."),
            "required": _("Enter how many weeks to plan ahead."),
        },
    )

    def check_more(self, data: dict[str, Any]) -> None:
        _need_a_place(self, data)
        if (
            data.get("session_type") == SessionType.TRAINING
            and not data.get("qualification")
            and "qualification" not in self.errors
        ):
            self.add_error("qualification", _("Choose the qualification this training gives."))


class SeriesEditForm(PatternEditForm):
    staff_field = "facilitator"

    title = SeriesForm.base_fields["title"]
    description = SeriesForm.base_fields["description"]
    rrule = _text(
        _("Repeat rule"),
        max_length=300,
        message=_("Enter the repeat rule."),
        help_text=_(
            "RFC 5545, for example FREQ=WEEKLY;INTERVAL=2;BYDAY=TU for every other Tuesday."
        ),
    )
    start_time = SeriesForm.base_fields["start_time"]
    duration_minutes = SeriesForm.base_fields["duration_minutes"]
    ends_on = SeriesForm.base_fields["ends_on"]
    skip_bank_holidays = SeriesForm.base_fields["skip_bank_holidays"]
    place = SeriesForm.base_fields["place"]
    facilitator = SeriesForm.base_fields["facilitator"]
    mentor_places = SeriesForm.base_fields["mentor_places"]
    participant_places = SeriesForm.base_fields["participant_places"]
    weeks_ahead = SeriesForm.base_fields["weeks_ahead"]
    is_active = keep_planning_field(
        _("Untick to stop adding new dates. Dates already planned stay.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("rrule") and self.anchor_date:
            try:
                rule_parse(data["rrule"], self.anchor_date)
            except ValidationError as exc:
                self.add_error("rrule", exc.messages)
        _need_a_place(self, data)
        return data


class OccurrenceEditForm(PortalForm):
    submit_label = _("Save changes")

    day = _date_field(_("Date"))
    start_time = _time_field(_("Start time"), help_text=_("UK time."))
    end_time = _time_field(_("End time"))
    place = SeriesForm.base_fields["place"]
    facilitator = SeriesForm.base_fields["facilitator"]
    mentor_places = SeriesForm.base_fields["mentor_places"]
    participant_places = SeriesForm.base_fields["participant_places"]

    def __init__(self, *args, zone: str = LONDON, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(zone)
        form_field(self, "facilitator", forms.ModelChoiceField).queryset = selectors.facilitators()

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The end time must be after the start time."))
            else:
                starts_at = datetime.combine(day, start, tzinfo=self.zone)
                ends_at = datetime.combine(day, end, tzinfo=self.zone)
                data["starts_at"], data["ends_at"] = starts_at, ends_at
        _need_a_place(self, data)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "facilitator": data.get("facilitator"),
            "mentor_places": data["mentor_places"],
            "participant_places": data["participant_places"],
        }


class CancelForm(PortalForm):
    submit_label = _("Cancel the session")

    reason = _long_text(
        _("Why is it cancelled?"),
        message=_("Say why. People signed up will be told."),
        help_text=_("Everyone signed up is told at once, with this reason."),
        max_length=500,
    )


class _MentorChoice(_StaffChoice):
    """A mentor chosen from the list (by id) or, where there are too many to list, typed
    in by username."""

    def to_python(self, value):
        text = "" if value in self.empty_values else str(value).strip()
        if "\x00" in text or len(text) > 150:  # no username holds these; PostgreSQL refuses NUL
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        if text and parse_ascii_int(text) is None:
            found = self.queryset.filter(username=text).first()
            if found is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
            return found
        return super().to_python(text)


# Above this many active mentors the "book a mentor on" list becomes a username box: a
# national service has thousands, and drawing them all made the session page slow.
ASSIGN_LIST_LIMIT = 200


class AssignForm(PortalForm):
    submit_label = _("Book them on")

    user = _MentorChoice(
        label=_("Mentor"),
        queryset=User.objects.none(),
        empty_label=_("Choose a mentor"),
        error_messages={
            "required": _("Choose a mentor."),
            "invalid_choice": _("Choose a mentor from the list."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=SignUpRole.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a role from the list.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "user", forms.ModelChoiceField).queryset = selectors.active_mentors()

    @cached_property
    def lists_mentors(self) -> bool:
        """Whether the mentors are few enough to offer as a list."""
        first = selectors.active_mentors().order_by().values("pk")[: ASSIGN_LIST_LIMIT + 1]
        return len(first) <= ASSIGN_LIST_LIMIT


class AttendanceForm(PortalForm):
    """One question per person with a place: attended, did not come, or excused."""

    submit_label = _("Save attendance")

    def __init__(self, *args, signups=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.signups = list(signups)
        for signup in self.signups:
            self.fields[f"signup_{signup.pk}"] = forms.ChoiceField(
                label=signup.user.display_name or signup.user.username,
                choices=[("", _("Not recorded"))] + Attendance.choices,
                required=False,
                initial=signup.attendance,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose attended, did not come or excused.")},
            )

    def marks(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(f"signup_{s.pk}", "") for s in self.signups}


class MinutesForm(PortalForm):
    submit_label = _("Save minutes")

    minutes = _long_text(_("Minutes"), required=False, max_length=50000)
    publish = forms.BooleanField(
        label=_("Publish the minutes to the council and members"), required=False
    )


class CertificateRuleForm(PortalForm):
    submit_label = _("Save rule")

    every = forms.IntegerField(
        label=_("How many sessions earn a certificate"),
        min_value=1,
        max_value=100,
        error_messages={
            **NUMBER_ERRORS,
            "min_value": _("Enter 1 or more."),
            "required": _("Enter a number."),
        },
    )
    wording = _text(
        _("What the certificate says it is for"),
        max_length=200,
        message=_("Say what the certificate is for."),
    )
    is_active = forms.BooleanField(label=_("Award certificates under this rule"), required=False)


class CertificateNameForm(PortalForm):
    submit_label = _("Save name")

    name = _text(
        _("Name to print on your certificates"),
        required=False,
        max_length=100,
        help_text=_("For example your full name. Leave blank to use the name the portal shows."),
    )


class VerifyForm(PortalForm):
    submit_label = _("Check the certificate")

    code = _text(
        _("Verification code"),
        max_length=30,
        message=_("Enter the code from the certificate."),
        help_text=_(
            "12 letters and numbers, printed at the bottom of the certificate, "
            "for example ABCD-EFGH-JKMN."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("The code has 12 letters and numbers. Check the certificate."))
        return code


class SessionFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Kind of session"), required=False, choices=[("", _("All"))] + SessionType.choices
    )
    start = _date_field(_("From"), required=False, what=_("the first date to show"))
