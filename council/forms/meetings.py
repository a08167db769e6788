"""Forms for meetings and "tell your rep": they validate and tidy; services do the rest."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm
from council.forms.elections import DATETIME_FORMAT, DateTimeLocalInput
from council.models import (
    AgendaItem,
    Constituency,
    Council,
    Meeting,
    MeetingAttendee,
    Portfolio,
    RepIssue,
)
from users.roles import Role

User = get_user_model()
_DATETIME_FORMATS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
_DATETIME_ERROR = _("Enter a real date and time, like 2026-03-31 18:00.")


def _too_long(limit: int) -> dict[str, Any]:
    # Django fills in limit_value and show_value (how many characters were typed).
    return {
        "max_length": _(
            "Keep it to %(limit_value)s characters or fewer. You have typed %(show_value)s."
        )
    }


def _text(label: Any, limit: int, *, required: bool = True, rows: int = 5, **extra: Any):
    messages = _too_long(limit)
    if "required_message" in extra:
        messages["required"] = extra.pop("required_message")
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
        **extra,
    )


def _find_person(username: str, *, roles: tuple[str, ...] | None = None) -> Any:
    username = username.strip().lower()
    user = User.objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise forms.ValidationError(
            _("There is no one with the username %(u)s. Check the spelling.") % {"u": username}
        )
    if roles is not None and not user.has_role(*roles):
        raise forms.ValidationError(
            _("%(u)s cannot take this part: they are not a representative, staff or manager.")
            % {"u": username}
        )
    return user


CHAIR_ROLES = (Role.REPRESENTATIVE, Role.STAFF, Role.SENIOR_MANAGER)


# --- Meetings ---------------------------------------------------------------------------------


class MeetingForm(PortalForm):
    submit_label = _("Save meeting")
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Council meeting with senior managers, spring 2026"),
        error_messages={"required": _("Give the meeting a title."), **_too_long(200)},
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=DateTimeLocalInput(),
        input_formats=_DATETIME_FORMATS,
        error_messages={"invalid": _DATETIME_ERROR, "required": _("Enter when it starts.")},
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=DateTimeLocalInput(),
        input_formats=_DATETIME_FORMATS,
        error_messages={"invalid": _DATETIME_ERROR, "required": _("Enter when it ends.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("The address and room. Leave blank if it is online only."),
        error_messages=_too_long(200),
    )
    online_link = forms.URLField(
        label=_("Online meeting link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Only the people expected at the meeting see this link."),
        error_messages={
            "invalid": _("Enter a web address, like https://meet.example.org/abc."),
            **_too_long(500),
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
        return _find_person(name, roles=CHAIR_ROLES) if name else None

    def clean_invitees(self) -> list[Any]:
        raw = self.cleaned_data.get("invitees", "").replace(",", "\n").split()
        people, errors = [], []
        for name in dict.fromkeys(n.strip() for n in raw if n.strip()):
            try:
                people.append(_find_person(name))
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
    reason = _text(
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
        return _find_person(self.cleaned_data["username"])


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
        for attendee in attendees:
            self.fields[f"attendance_{attendee.pk}"] = forms.ChoiceField(
                label=str(attendee.user),
                choices=self.CHOICES,
                initial=attendee.attendance,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose present, sent apologies or absent."),
                    "invalid_choice": _("Choose present, sent apologies or absent."),
                },
            )

    def rows(self) -> list[tuple[MeetingAttendee, forms.BoundField]]:
        return [(a, self[f"attendance_{a.pk}"]) for a in self.attendees]

    def marks(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data[f"attendance_{a.pk}"] for a in self.attendees}


class AgendaItemForm(PortalForm):
    submit_label = _("Save item")
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the item a short title."), **_too_long(200)},
    )
    description = _text(
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
    portfolio = forms.ModelChoiceField(
        queryset=Portfolio.objects.none(),
        required=False,
        label=_("Portfolio"),
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a portfolio from the list.")},
    )
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
        self.fields["portfolio"].queryset = Portfolio.objects.filter(council=council)
        self.fields["owner"].queryset = User.objects.filter(
            council_meeting_places__meeting=meeting
        ).order_by("display_name", "username")
        self.fields["owner"].label_from_instance = lambda u: str(u)
        if editing:
            del self.fields["constituency"]
        else:
            self.fields["constituency"].queryset = (
                constituencies
                if constituencies is not None
                else Constituency.objects.filter(council=council)
            )


class ResponseForm(PortalForm):
    submit_label = _("Post response")
    body = _text(
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

    summary = _text(
        _("Summary of the meeting"),
        20000,
        required=False,
        rows=6,
        help_text=_("Plain English: members will read this once the minutes are published."),
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=item.title,
                required=False,
                max_length=10000,
                initial=item.minute_note,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages=_too_long(10000),
            )

    def rows(self) -> list[tuple[AgendaItem, forms.BoundField]]:
        return [(i, self[f"note_{i.pk}"]) for i in self.items]

    def notes(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data[f"note_{i.pk}"] for i in self.items}


class DecisionForm(PortalForm):
    submit_label = _("Add decision")
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        label=_("Agenda item"),
        empty_label=_("Not about one item"),
        error_messages={"invalid_choice": _("Choose an item on this meeting's agenda.")},
    )
    text = _text(
        _("What was decided"),
        2000,
        rows=3,
        help_text=_("One decision, in plain words: what will happen, and who will do it."),
        required_message=_("Write what was decided."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = AgendaItem.objects.filter(meeting=meeting).order_by(
            "position", "pk"
        )


# --- "Tell your rep" --------------------------------------------------------------------------


class RepIssueForm(PortalForm):
    submit_label = _("Send to my representatives")
    constituency = forms.ModelChoiceField(
        queryset=Constituency.objects.none(),
        label=_("Which representatives?"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who to send it to."),
            "invalid_choice": _("Choose the representatives of one of your own areas."),
        },
    )
    problem = _text(
        _("What is the problem?"),
        3000,
        rows=6,
        help_text=_("Say what is happening and who it affects. You do not have to give names."),
        required_message=_("Say what the problem is."),
    )
    what_would_help = _text(
        _("What would help? (optional)"),
        3000,
        required=False,
        rows=4,
    )
    portfolio = forms.ModelChoiceField(
        queryset=Portfolio.objects.none(),
        required=False,
        label=_("What is it about? (optional)"),
        empty_label=_("Not sure"),
        error_messages={"invalid_choice": _("Choose a subject from the list, or Not sure.")},
    )
    name_shared = forms.ChoiceField(
        label=_("Who may see your name?"),
        choices=RepIssue.NameShared.choices,
        initial=RepIssue.NameShared.NOBODY,
        widget=forms.RadioSelect,
        help_text=_(
            "If you choose nobody, your representatives see what you wrote but not who you "
            "are. Probation staff never see your name unless you choose the last option."
        ),
        error_messages={
            "required": _("Choose who may see your name."),
            "invalid_choice": _("Choose who may see your name."),
        },
    )

    def __init__(self, *args: Any, constituencies: Any, council: Council | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["constituency"].queryset = constituencies
        self.fields["constituency"].label_from_instance = lambda c: str(
            _("Representatives for %(place)s (%(council)s)")
            % {"place": c.name, "council": c.council}
        )
        if len(constituencies) == 1:
            self.fields["constituency"].initial = constituencies[0].pk
        self.fields["portfolio"].queryset = (
            Portfolio.objects.filter(council=council) if council else Portfolio.objects.none()
        )
        self.helper.layout = Layout(
            Field.radios("constituency", legend_size="m"),
            Field.textarea("problem", rows=6, label_size="m"),
            Field.textarea("what_would_help", rows=4, label_size="m"),
            Field.select("portfolio"),
            Field.radios("name_shared", legend_size="m"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        portfolio, constituency = data.get("portfolio"), data.get("constituency")
        if portfolio and constituency and portfolio.council_id != constituency.council_id:
            self.add_error("portfolio", _("Choose one of that council's portfolios."))
        return data


class IssueMessageForm(PortalForm):
    submit_label = _("Send message")
    body = _text(
        _("Your message"),
        3000,
        rows=4,
        required_message=_("Write your message."),
    )


class IssueMergeForm(PortalForm):
    submit_label = _("Join them to this issue")
    duplicates = forms.ModelMultipleChoiceField(
        queryset=RepIssue.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Which issues are the same as this one?"),
        help_text=_(
            "They will follow this issue from now on, and the people who raised them will be "
            "counted with it."
        ),
        error_messages={
            "required": _("Choose at least one issue to join to this one."),
            "invalid_choice": _("One of those issues can no longer be joined. Try again."),
            "invalid_pk_value": _("One of those issues can no longer be joined. Try again."),
        },
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicates"].queryset = candidates
        self.fields["duplicates"].label_from_instance = lambda i: (
            f"{i.problem[:120]}{'…' if len(i.problem) > 120 else ''} "
            f"({i.constituency.name}, {timezone.localtime(i.created_at):%d/%m/%Y})"
        )


class IssueRaiseForm(PortalForm):
    submit_label = _("Put it on the agenda")
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label=_("Which meeting?"),
        empty_label=_("Choose a meeting"),
        error_messages={
            "required": _("Choose the meeting to raise it at."),
            "invalid_choice": _("That meeting can no longer take new items. Choose another."),
        },
    )
    title = forms.CharField(
        label=_("Title for the agenda"),
        max_length=200,
        help_text=_("Short and plain. It is shown to members: do not name anyone."),
        error_messages={"required": _("Give the agenda item a title."), **_too_long(200)},
    )
    description = _text(
        _("What you will ask the council"),
        5000,
        required=False,
        help_text=_("Senior managers read this before the meeting. Do not name anyone."),
    )
    portfolio = forms.ModelChoiceField(
        queryset=Portfolio.objects.none(),
        required=False,
        label=_("Portfolio"),
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a portfolio from the list.")},
    )

    def __init__(self, *args: Any, meetings: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.title} – {timezone.localtime(m.starts_at):%d/%m/%Y %H:%M}"
        )
        self.fields["portfolio"].queryset = Portfolio.objects.filter(council=council)


class IssueCloseForm(PortalForm):
    submit_label = _("Close the issue")
    reason = _text(
        _("Why are you closing it?"),
        2000,
        rows=3,
        help_text=_("The member will see this."),
        required_message=_("Say why you are closing it: the member will see this."),
    )
