"""Forms for meetings, agendas, minutes and decisions: they validate and tidy; services do the
rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_fields import date_time_field
from core.forms import PortalForm
from council.forms._common import (
    User,
    add_row_fields,
    find_person,
    label_choices,
    model_choices,
    portfolio_field,
    row_fields,
    row_values,
    text_field,
    too_long,
)
from council.models import AgendaItem, Constituency, Meeting, MeetingAttendee, Portfolio
from users.roles import Role

CHAIR_ROLES = (Role.REPRESENTATIVE, Role.STAFF, Role.SENIOR_MANAGER)


class MeetingForm(PortalForm):
    submit_label = _("Save meeting")
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Council meeting with senior managers, spring 2026"),
        error_messages={"required": _("Give the meeting a title."), **too_long(200)},
    )
    starts_at = date_time_field(_("Starts"), what=_("when the meeting starts"))
    ends_at = date_time_field(_("Ends"), what=_("when the meeting ends"))
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("The address and room. Leave blank if it is online only."),
        error_messages=too_long(200),
    )
    online_link = forms.URLField(
        label=_("Online meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Only the people expected at the meeting see this link."),
        error_messages={
            "invalid": _("Enter a web address, like https://meet.example.org/abc."),
            **too_long(500),
        },
    )
    chair = forms.CharField(
        label=_("Username of the chair"),
        max_length=40,
        required=False,
        help_text=_("The chair approves the minutes. A representative, staff or manager."),
    )

    def __init__(self, *args: Any, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["invite_representatives"] = forms.BooleanField(
                label=_("Expect all the council's current representatives"),
                required=False,
                initial=True,
            )
            self.fields["invitees"] = forms.CharField(
                label=_("Usernames of staff and senior managers expected"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One per line, or separated by commas."),
            )

    def clean_chair(self) -> Any:
        name = self.cleaned_data["chair"].strip()
        return find_person(name, roles=CHAIR_ROLES) if name else None

    def clean_invitees(self) -> list[Any]:
        raw = self.cleaned_data.get("invitees", "").replace(",", "\n").split()
        people, errors = [], []
        for name in dict.fromkeys(n.strip() for n in raw if n.strip()):
            try:
                people.append(find_person(name))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return people

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if (
            "place" in data
            and "online_link" in data
            and not data["place"].strip()
            and not data["online_link"]
            and "online_link" not in self.errors
        ):
            self.add_error("place", _("Say where the meeting is, or give an online link."))
        return data


class CancelMeetingForm(PortalForm):
    submit_label = _("Cancel the meeting")
    reason = text_field(
        _("Why is it cancelled?"),
        1000,
        rows=3,
        help_text=_("Everyone expected is told, with this reason."),
        required_message=_("Say why the meeting is cancelled."),
    )


class AttendeeAddForm(PortalForm):
    submit_label = _("Add to the meeting")
    username = forms.CharField(
        label=_("Their username"),
        max_length=40,
        error_messages={"required": _("Enter the username of the person to add.")},
    )
    capacity = forms.ChoiceField(
        label=_("Attending as"),
        choices=[("", _("Work it out from their role"))] + list(MeetingAttendee.Capacity.choices),
        required=False,
        error_messages={"invalid_choice": _("Choose how they are attending from the list.")},
    )

    def clean_username(self) -> Any:
        return find_person(self.cleaned_data["username"])


class AttendanceForm(forms.Form):
    """One set of radios per person expected: present, sent apologies, absent."""

    CHOICES = [
        (MeetingAttendee.Attendance.PRESENT, _("Present")),
        (MeetingAttendee.Attendance.APOLOGIES, _("Sent apologies")),
        (MeetingAttendee.Attendance.ABSENT, _("Absent")),
        (MeetingAttendee.Attendance.EXPECTED, _("Not known yet")),
    ]

    def __init__(self, *args: Any, attendees: list[MeetingAttendee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        add_row_fields(
            self,
            "attendance",
            attendees,
            lambda attendee: forms.ChoiceField(
                label=str(attendee.user),
                choices=self.CHOICES,
                initial=attendee.attendance,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose present, sent apologies or absent."),
                    "invalid_choice": _("Choose present, sent apologies or absent."),
                },
            ),
        )

    def rows(self) -> list[tuple[MeetingAttendee, forms.BoundField]]:
        return row_fields(self, "attendance", self.attendees)

    def marks(self) -> dict[int, str]:
        return row_values(self, "attendance", self.attendees)


class AgendaItemForm(PortalForm):
    submit_label = _("Save item")
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the item a short title."), **too_long(200)},
    )
    description = text_field(
        _("What it is about"),
        5000,
        required=False,
        help_text=_("The background, and what the council is asking for. Plain words."),
    )
    constituency = forms.ModelChoiceField(
        queryset=Constituency.objects.none(),
        required=False,
        label=_("Raised on behalf of"),
        empty_label=_("The whole council"),
        error_messages={
            "invalid_choice": _("Choose one of your constituencies, or the whole council.")
        },
    )
    portfolio = portfolio_field()
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Owner"),
        empty_label=_("Whoever adds the item"),
        help_text=_("Who leads this item at the meeting."),
        error_messages={"invalid_choice": _("Choose someone who is expected at the meeting.")},
    )

    def __init__(
        self,
        *args: Any,
        meeting: Meeting,
        constituencies: Any = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        council = meeting.council
        model_choices(self, "portfolio").queryset = Portfolio.objects.filter(council=council)
        model_choices(self, "owner").queryset = User.objects.filter(
            council_meeting_places__meeting=meeting
        ).order_by("display_name", "username")
        label_choices(self, "owner", lambda u: str(u))
        if editing:
            del self.fields["constituency"]
        else:
            model_choices(self, "constituency").queryset = (
                constituencies
                if constituencies is not None
                else Constituency.objects.filter(council=council)
            )


class ResponseForm(PortalForm):
    submit_label = _("Post response")
    body = text_field(
        _("Your response"),
        10000,
        rows=8,
        help_text=_(
            "Members will read this. Say what will happen, who will do it and by when, in "
            "plain words."
        ),
        required_message=_("Write your response."),
    )


class MinutesForm(forms.Form):
    """The summary, and what was said under each agenda item."""

    summary = text_field(
        _("Summary of the meeting"),
        20000,
        required=False,
        rows=6,
        help_text=_("Plain English: members will read this once the minutes are published."),
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        add_row_fields(
            self,
            "note",
            items,
            lambda item: forms.CharField(
                label=item.title,
                required=False,
                max_length=10000,
                initial=item.minute_note,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages=too_long(10000),
            ),
        )

    def rows(self) -> list[tuple[AgendaItem, forms.BoundField]]:
        return row_fields(self, "note", self.items)

    def notes(self) -> dict[int, str]:
        return row_values(self, "note", self.items)


class DecisionForm(PortalForm):
    submit_label = _("Add decision")
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        label=_("Agenda item"),
        empty_label=_("Not about one item"),
        error_messages={"invalid_choice": _("Choose an item on this meeting's agenda.")},
    )
    text = text_field(
        _("What was decided"),
        2000,
        rows=3,
        help_text=_("One decision, in plain words: what will happen, and who will do it."),
        required_message=_("Write what was decided."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "item").queryset = AgendaItem.objects.filter(meeting=meeting).order_by(
            "position", "pk"
        )
