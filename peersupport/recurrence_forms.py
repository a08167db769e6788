"""The forms that make and change a repeating pattern (see ``peersupport.recurrence``).

A session series and a helpline shift pattern are asked for the same way: a first date, "how
often" (or an RFC 5545 rule written out), a last date, and a member of the peer-support staff
who looks after them. Their create forms share :class:`PatternCreateForm` and their edit forms
:class:`PatternEditForm`, and they make the fields asked alike with the ``*_field``
functions here; each form keeps its own other fields, labels and extra checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, form_field
from peersupport import selectors
from peersupport.form_fields import _date_field, _text, _time_field
from peersupport.recurrence import rule_parse

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def rule_from_choice(repeat: str, anchor: date, custom: str) -> str:
    """The RFC 5545 rule for a "How often" answer, starting on ``anchor``.

    Each form offers only some of these answers (its ``repeat`` choices); "custom" is the rule
    the person wrote.
    """
    day = WEEKDAYS[anchor.weekday()]
    if repeat == "weekly":
        return f"FREQ=WEEKLY;BYDAY={day}"
    if repeat == "fortnightly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    if repeat == "monthly":
        nth = (anchor.day - 1) // 7 + 1
        return f"FREQ=MONTHLY;BYDAY={'-1' if nth == 5 else f'+{nth}'}{day}"
    if repeat == "once":
        return "FREQ=DAILY;COUNT=1"
    if repeat == "daily":
        return "FREQ=DAILY"
    return custom


# The fields a pattern's create form asks for the same way for sessions and for shifts. They
# are made by functions, not declared on the base forms, so each form keeps its own field order.


def first_date_field() -> forms.Field:
    return _date_field(_("First date"))


def start_time_field() -> forms.Field:
    return _time_field(_("Start time"), help_text=_("UK time."))


def repeat_field(choices: Sequence[tuple[str, StrOrPromise]], *, initial: str) -> forms.ChoiceField:
    """The "How often" radios; "custom" is the rule written in :func:`custom_rule_field`."""
    return forms.ChoiceField(
        label=_("How often"),
        choices=choices,
        widget=forms.RadioSelect,
        initial=initial,
        error_messages={"required": _("Choose how often.")},
    )


def custom_rule_field(help_text: StrOrPromise) -> forms.CharField:
    """The RFC 5545 rule box, only for "another pattern"; ``help_text`` gives an example."""
    return _text(_("Repeat rule"), required=False, max_length=300, help_text=help_text)


def last_date_field() -> forms.Field:
    return _date_field(_("Last date"), required=False, help_text=_("Leave blank to carry on."))


def keep_planning_field(help_text: StrOrPromise) -> forms.BooleanField:
    """The edit forms' "Keep planning new dates" tick box."""
    return forms.BooleanField(
        label=_("Keep planning new dates"), required=False, help_text=help_text
    )


class _PatternForm(PortalForm):
    """A pattern form offers the peer-support staff in its ``staff_field`` (a ModelChoiceField).

    The bases here have no fields of their own (and no ``staff_field``), so they also work
    bare, as every form in the project must (tests/test_form_examples.py).
    """

    staff_field: ClassVar[str] = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.staff_field:
            field = form_field(self, self.staff_field, forms.ModelChoiceField)
            field.queryset = selectors.facilitators()


class PatternCreateForm(_PatternForm):
    """Fields ``anchor_date``, ``repeat``, ``rrule`` and ``ends_on``: "How often" becomes the rule.

    ``check_more`` adds a form's own checks; they are skipped, like the last-date check, when
    "another pattern" was chosen with no rule written.
    """

    def check_more(self, data: dict[str, Any]) -> None:
        """A subclass's own checks of the whole form (after the rule, before the last date)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        anchor, repeat = data.get("anchor_date"), data.get("repeat")
        if anchor and repeat:
            if repeat == "custom" and not data.get("rrule"):
                self.add_error("rrule", _("Write the repeat rule, or choose another option."))
                return data
            rule = rule_from_choice(repeat, anchor, data.get("rrule", ""))
            try:
                rule_parse(rule, anchor)
            except ValidationError as exc:
                self.add_error("rrule", exc.messages)
            else:
                data["rrule"] = rule
        self.check_more(data)
        if data.get("ends_on") and anchor and data["ends_on"] < anchor:
            self.add_error("ends_on", _("The last date must be on or after the first date."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The answers for the create service ("How often" is already in the rule)."""
        data = dict(self.cleaned_data)
        data.pop("repeat", None)
        return data


class PatternEditForm(_PatternForm):
    """Changing a pattern: ``anchor_date`` is the pattern's first date, for checking answers."""

    submit_label = _("Save changes")

    def __init__(self, *args: Any, anchor_date: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anchor_date = anchor_date

    def clean(self) -> dict[str, Any]:
        """A rule written on the form (if it has ``rrule``) must work from the first date."""
        data = super().clean()
        if data.get("rrule") and self.anchor_date:
            try:
                rule_parse(data["rrule"], self.anchor_date)
            except ValidationError as exc:
                self.add_error("rrule", exc.messages)
        return data
