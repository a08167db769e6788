"""Forms for the helpline rota. They only check and tidy what was typed."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_fields import TimeField, combine, long_text_field, yes_no_field
from core.forms import PortalForm, form_field
from peersupport import recurrence_forms
from peersupport.form_fields import (
    NUMBER_ERRORS,
    _choice,
    _date_field,
    _long_text,
    _StaffChoice,
    _text,
    _time_field,
)
from peersupport.helpline.models import CallTopic, LocalService
from peersupport.helpline.services.calls import EARLY_SLACK
from peersupport.helpline.services.rota import helpline_eligible_users
from peersupport.models import Severity
from peersupport.recurrence_forms import PatternCreateForm, PatternEditForm, keep_planning_field
from users.models import User

REPEAT_CHOICES = [
    ("weekly", _("Every week, on the same day")),
    ("fortnightly", _("Every two weeks")),
    ("daily", _("Every day")),
    ("custom", _("Another pattern (write an RFC 5545 rule)")),
]
DAY_CHOICES = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _number(label, *, low: int, high: int, initial: int, help_text: StrOrPromise = ""):
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        initial=initial,
        help_text=help_text,
        error_messages={
            **NUMBER_ERRORS,
            "min_value": _("Enter %(limit_value)s or more."),
            "max_value": _("Enter %(limit_value)s or less."),
            "required": _("Enter a number."),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )


class ShiftPatternForm(PatternCreateForm):
    submit_label = _("Create the shifts")
    staff_field = "coordinator"

    title = _text(
        _("Name"),
        max_length=150,
        message=_("Give the shifts a name."),
        help_text=_("For example: Friday evening helpline."),
    )
    description = _long_text(_("Notes for mentors"), required=False, max_length=2000)
    anchor_date = recurrence_forms.first_date_field()
    start_time = recurrence_forms.start_time_field()
    duration_minutes = _number(
        _("Length in minutes"),
        low=30,
        high=16 * 60,
        initial=240,
        help_text=_("For example 240 for four hours. Shifts may go past midnight."),
    )
    repeat = recurrence_forms.repeat_field(REPEAT_CHOICES, initial="weekly")
    rrule = recurrence_forms.custom_rule_field(
        _("Only for 'another pattern'. For example FREQ=WEEKLY;BYDAY=SA,SU.")
    )
    ends_on = recurrence_forms.last_date_field()
    mentors_needed = _number(_("Mentors needed on each shift"), low=1, high=20, initial=2)
    drop_cutoff_hours = _number(
        _("Latest a mentor may drop out, in hours before the start"),
        low=0,
        high=14 * 24,
        initial=48,
        help_text=_("After this they can still offer a swap."),
    )
    coordinator = _StaffChoice(
        label=_("Coordinator told about gaps"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("The peer-support coordinators"),
        error_messages={"invalid_choice": _("Choose a coordinator from the list.")},
    )
    weeks_ahead = _number(_("Weeks to plan ahead"), low=1, high=26, initial=8)
    skip_bank_holidays = forms.BooleanField(
        label=_("No shift on bank holidays"), required=False, initial=False
    )


class ShiftPatternEditForm(PatternEditForm):
    staff_field = "coordinator"

    title = ShiftPatternForm.base_fields["title"]
    description = ShiftPatternForm.base_fields["description"]
    mentors_needed = ShiftPatternForm.base_fields["mentors_needed"]
    drop_cutoff_hours = ShiftPatternForm.base_fields["drop_cutoff_hours"]
    coordinator = ShiftPatternForm.base_fields["coordinator"]
    ends_on = ShiftPatternForm.base_fields["ends_on"]
    weeks_ahead = ShiftPatternForm.base_fields["weeks_ahead"]
    is_active = keep_planning_field(
        _("Untick to stop adding new dates. Shifts already planned stay.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("ends_on") and self.anchor_date and data["ends_on"] < self.anchor_date:
            self.add_error("ends_on", _("The last date must be on or after the first date."))
        return data


class DropForm(PortalForm):
    submit_label = _("Take me off this shift")

    reason = _long_text(
        _("Why can you not do this shift?"),
        message=_("Say why you cannot do this shift."),
        help_text=_("The coordinator sees this."),
        max_length=500,
    )


class StaffRemoveForm(DropForm):
    submit_label = _("Take them off this shift")

    reason = _long_text(
        _("Why are you taking them off?"),
        message=_("Say why. The mentor will be told."),
        max_length=500,
    )


class SwapOfferForm(PortalForm):
    submit_label = _("Offer my shift for a swap")

    note = _text(
        _("A note for whoever takes it (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example: the phone is in the top drawer."),
    )


class ShiftCancelForm(PortalForm):
    submit_label = _("Cancel the shift")

    reason = _long_text(
        _("Why is it cancelled?"),
        message=_("Say why. Mentors on the rota will be told."),
        max_length=500,
    )


class AssignShiftForm(PortalForm):
    submit_label = _("Put them on the rota")

    user = _StaffChoice(
        label=_("Mentor"),
        queryset=User.objects.none(),
        empty_label=_("Choose a mentor"),
        error_messages={
            "required": _("Choose a mentor."),
            "invalid_choice": _("Choose a mentor from the list."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "user", forms.ModelChoiceField
        ).queryset = helpline_eligible_users().order_by("display_name", "username")


class UnavailabilityForm(PortalForm):
    submit_label = _("Add this time")

    weekday = forms.ChoiceField(
        label=_("Which day"),
        choices=[("", _("Every day"))] + DAY_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose a day from the list.")},
    )
    start_time = _time_field(
        _("From (optional)"),
        required=False,
        what=_("the start time"),
        help_text=_("Leave both times blank for the whole day."),
    )
    end_time = _time_field(_("Until (optional)"), required=False, what=_("the end time"))
    valid_from = _date_field(_("Starting from"), what=_("the date it starts from"))
    valid_until = _date_field(
        _("Until (optional)"),
        required=False,
        what=_("the last date"),
        help_text=_("Leave blank if it carries on."),
    )
    note = _text(_("Note (optional)"), required=False, max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].label = _("Last date (optional)")

    def clean_weekday(self) -> int | None:
        value = self.cleaned_data.get("weekday")
        return int(value) if value not in (None, "") else None

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if "start_time" in self.errors or "end_time" in self.errors:
            return data
        if (start is None) != (end is None):
            self.add_error(
                "end_time", _("Give both a start and an end time, or neither for the whole day.")
            )
        elif start is not None and end <= start:
            self.add_error(
                "end_time",
                _(
                    "The end time must be after the start time. For a time that goes past "
                    "midnight, add two entries."
                ),
            )
        if (
            data.get("valid_until")
            and data.get("valid_from")
            and data["valid_until"] < data["valid_from"]
        ):
            self.add_error("valid_until", _("The last date must be on or after the first date."))
        return data


class CoverageFilterForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("Show"),
        coerce=int,
        required=False,
        choices=[(1, _("1 week")), (2, _("2 weeks")), (4, _("4 weeks")), (8, _("8 weeks"))],
        error_messages={"invalid_choice": _("Choose from the list.")},
    )


# --- The call log (issue 16) ------------------------------------------------------------

# The same words the consultations use beside every free-text box.
NO_NAMES = _(
    "Do not write names, addresses or anything else that could show who the caller or "
    "anyone else is."
)


def _no_names(
    label, *, max_length: int, rows: int = 2, help_text: StrOrPromise = ""
) -> forms.CharField:
    hint = f"{help_text} {NO_NAMES}" if help_text else NO_NAMES
    return long_text_field(label, required=False, max_length=max_length, rows=rows, help_text=hint)


class CallForm(PortalForm):
    """One helpline call, quick to fill in on a phone: most answers are a tap."""

    submit_label = _("Save the call")

    started = TimeField(
        label=_("What time did the call start?"), what=_("the time the call started")
    )
    minutes = forms.IntegerField(
        label=_("How long was it, in minutes?"),
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how long the call was, in minutes"),
            "invalid": _("Enter how long the call was as a whole number, like 10"),
            "min_value": _("The call must be 1 minute or longer"),
            "max_value": _("The call must be 600 minutes (10 hours) or shorter"),
        },
    )
    topic = _choice(
        _("What was it mainly about?"),
        CallTopic.choices,
        message=_("Select what the call was mainly about"),
        invalid=_("Select what the call was mainly about"),
    )
    signposted = yes_no_field(
        _("Did you send them to another service?"), what=_("you sent them to another service")
    )
    service = forms.ModelChoiceField(
        label=_("Which service? (optional)"),
        queryset=LocalService.objects.none(),
        required=False,
        empty_label=_("Not on the list"),
        error_messages={"invalid_choice": _("Select a service from the list")},
    )
    signposted_other = forms.CharField(
        label=_("Another service, if it is not on the list (optional)"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Service must be 200 characters or fewer")},
    )
    follow_up = yes_no_field(
        _("Does someone need to follow it up?"), what=_("someone needs to follow it up")
    )
    follow_up_note = _no_names(_("What needs doing? (optional)"), max_length=300)
    notes = _no_names(_("Anything else staff should know? (optional)"), max_length=1000)
    named = yes_no_field(
        _("Is the caller a member who agreed to be named?"),
        what=_("the caller is a member who agreed to be named"),
        help_text=_("If not, or you are not sure, select No. The caller stays anonymous."),
    )
    caller = forms.CharField(
        label=_("Their username on this portal (optional)"),
        required=False,
        max_length=40,
        error_messages={"max_length": _("Username must be 40 characters or fewer")},
    )
    safeguarding = yes_no_field(
        _("Are you worried about anyone's safety?"),
        what=_("you are worried about anyone's safety"),
        help_text=_("If someone is in danger now, call 999 first."),
    )
    severity = _choice(
        _("How serious is it?"),
        Severity.choices,
        invalid=_("Select how serious it is"),
        required=False,
    )
    concern_description = long_text_field(
        _("What worries you?"),
        required=False,
        max_length=5000,
        rows=3,
        help_text=_("What was said, and who is at risk. Staff on the safeguarding team read this."),
    )

    def __init__(self, *args, shift, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shift = shift
        # The page draws its own <form> and buttons ("Save", "Save and log another").
        self.helper.form_tag = False
        self.helper.inputs = []
        # Yes/no side by side: a plain call is seven taps and two numbers. (Not the GOV.UK
        # conditional reveal: GOV.UK Frontend puts aria-expanded on the radios, which axe
        # 4.12 reports as not allowed on a radio, a WCAG 4.1.2 failure.)
        self.helper.layout = Layout(
            "started",
            "minutes",
            Field.radios("topic"),
            Field.radios("signposted", inline=True),
            "service",
            "signposted_other",
            Field.radios("follow_up", inline=True),
            "follow_up_note",
            "notes",
            Field.radios("named", inline=True),
            "caller",
            Field.radios("safeguarding", inline=True),
            Field.radios("severity"),
            "concern_description",
        )
        form_field(self, "service", forms.ModelChoiceField).queryset = LocalService.objects.filter(
            is_active=True
        )

    def clean_caller(self) -> User | None:
        username = self.cleaned_data.get("caller", "").strip()
        if not username:
            return None
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise ValidationError(_("There is no member with that username"))
        return user

    def clean(self) -> dict:
        data = super().clean()
        at = data.get("started")
        if at is not None:
            local_start = timezone.localtime(self.shift.starts_at)
            started_at = combine(local_start.date(), at)
            # A late shift runs past midnight: an earlier clock time is the next morning.
            if started_at < self.shift.starts_at - EARLY_SLACK:
                started_at = combine(local_start.date() + timedelta(days=1), at)
            data["started_at"] = started_at
        if data.get("signposted") and not (data.get("service") or data.get("signposted_other")):
            self.add_error("service", _("Select a service or write where you sent them"))
        if data.get("named") and data.get("caller") is None and not self.has_error("caller"):
            self.add_error("caller", _("Enter their username, or select No above"))
        if not data.get("named"):
            data["caller"] = None
        if data.get("safeguarding"):
            if not data.get("severity"):
                self.add_error("severity", _("Select how serious it is"))
            if not data.get("concern_description", "").strip():
                self.add_error("concern_description", _("Describe what worries you"))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "started_at": data["started_at"],
            "minutes": data["minutes"],
            "topic": data["topic"],
            "signposted": bool(data["signposted"]),
            "service": data.get("service"),
            "signposted_other": data.get("signposted_other", ""),
            "follow_up": bool(data["follow_up"]),
            "follow_up_note": data.get("follow_up_note", ""),
            "notes": data.get("notes", ""),
            "caller": data.get("caller"),
            "safeguarding": bool(data["safeguarding"]),
            "severity": data.get("severity", ""),
            "concern_description": data.get("concern_description", ""),
        }

    def free_text(self) -> str:
        """What the identifying-details check reads (not the concern: staff need that)."""
        data = self.cleaned_data
        return "\n".join(
            data.get(name, "") for name in ("follow_up_note", "notes", "signposted_other")
        )


class LocalServiceForm(PortalForm):
    submit_label = _("Save")

    name = forms.CharField(
        label=_("Name of the service"),
        max_length=120,
        error_messages={
            "required": _("Enter the name of the service"),
            "max_length": _("Name must be 120 characters or fewer"),
        },
    )
    is_active = forms.BooleanField(label=_("Show it to mentors"), required=False, initial=True)
