"""Forms for sessions: series, occurrences, sign-ups, attendance and minutes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, form_field
from core.http import parse_ascii_int
from peersupport import recurrence_forms, selectors
from peersupport.form_fields import (
    NUMBER_ERRORS,
    _choice,
    _date_field,
    _long_text,
    _StaffChoice,
    _text,
    _time_field,
)
from peersupport.models import LONDON, Attendance, Qualification, SessionType, SignUpRole
from peersupport.recurrence_forms import PatternCreateForm, PatternEditForm, keep_planning_field
from users.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
    anchor_date = recurrence_forms.first_date_field()
    start_time = recurrence_forms.start_time_field()
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
    repeat = recurrence_forms.repeat_field(REPEAT_CHOICES, initial="fortnightly")
    rrule = recurrence_forms.custom_rule_field(
        _("Only for 'another pattern'. For example FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.")
    )
    ends_on = recurrence_forms.last_date_field()
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
    role = _choice(
        _("Role"),
        SignUpRole.choices,
        required=False,
        invalid=_("Choose a role from the list."),
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


class SessionFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Kind of session"), required=False, choices=[("", _("All"))] + SessionType.choices
    )
    start = _date_field(_("From"), required=False, what=_("the first date to show"))
