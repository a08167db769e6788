"""Form fields every app shares, drawn and worded the GOV.UK way.

- :class:`DateField`: the GOV.UK date input: three boxes (day, month, year), with the
  Design System's error message for each way a date can be wrong ("Enter the date of the
  journey", "Date of the journey must include a month", "... must be a real date", "... must
  be in the past"), the boxes with the problem outlined in red, and the error-summary link
  pointing at the first of them.
- :class:`TimeField`: a time in the same style: one box that takes the ways people write a
  time ("9:30am", "2pm", "14:30", "midday").
- :class:`DateTimeField`: a date input and a time box in one question.
- :func:`long_text_field`, :func:`yes_no_field`, :func:`declaration_field`: the other small
  fields every app wrote its own copy of.

Why not the browser's own date picker: it shows mm/dd/yyyy in an en-US browser, cannot be
read out well by every screen reader, and a person who knows a date as "the 9th of December"
finds three labelled boxes easier (GOV.UK's research, on the date input component's page).

Every number is read with ASCII digits only (``"²".isdigit()`` is true, ``int("²")`` fails).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.templatetags.portal_dates import clock

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_DIGITS = re.compile(r"[0-9]{1,4}", re.ASCII)
_PARTS = ("day", "month", "year")

DATE_HINT = _("For example, 27 3 2026")
TIME_HINT = _("For example, 9:30am, 2pm or 14:30")


def _number(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if _DIGITS.fullmatch(raw) else None


def _subject(what: str) -> str:
    """ "the date of the journey" -> "Date of the journey" (GOV.UK error messages)."""
    for article in ("the ", "your ", "a "):
        if what.startswith(article):
            what = what[len(article) :]
            break
    return what[:1].upper() + what[1:]


class DateInput(forms.MultiWidget):
    """Three labelled boxes; ``error_parts`` (set while cleaning) outlines the ones at fault."""

    template_name = "includes/widgets/date_input.html"

    # Set by MultiWidget.__init__ (the suffixes of the boxes' names); not in django-stubs.
    widgets_names: list[str]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        def box(width: int) -> forms.TextInput:
            return forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "inputmode": "numeric",
                }
            )

        super().__init__([box(2), box(2), box(4)], attrs)
        self.error_parts: set[str] = set()

    def decompress(self, value: date | None) -> list[Any]:
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        """The boxes as posted; a link or hidden field may carry one ISO date
        (``?date_from=2026-03-01``), which is read into the three boxes."""
        names = [f"{name}{suffix}" for suffix in self.widgets_names]
        if not any(key in data for key in names) and data.get(name):
            try:
                one = date.fromisoformat(str(data.get(name))[:10])
            except ValueError:
                return [data.get(name), "", ""] + [""] * (len(names) - 3)
            return [str(one.day), str(one.month), str(one.year)] + [""] * (len(names) - 3)
        return super().value_from_datadict(data, files, name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        labels = (_("Day"), _("Month"), _("Year"))
        subwidgets = context["widget"]["subwidgets"]
        for part, label, subwidget, box in zip(
            _PARTS, labels, subwidgets[:3], self.widgets[:3], strict=True
        ):
            subwidget["label"] = label
            # Only the boxes at fault are outlined (crispy would mark every one).
            css = " ".join(c for c in box.attrs["class"].split() if c != "govuk-input--error")
            subwidget["attrs"]["class"] = (
                f"{css} govuk-input--error" if part in self.error_parts else css
            )
            if self.error_parts and part not in self.error_parts:
                subwidget["attrs"].pop("aria-invalid", None)
        # "bday-day" etc. only where the form asks for it (a date of birth).
        autocomplete = self.attrs.get("autocomplete_prefix")
        if autocomplete:
            for part, subwidget in zip(_PARTS, subwidgets[:3], strict=True):
                subwidget["attrs"]["autocomplete"] = f"{autocomplete}-{part}"
        context["widget"]["attrs"].pop("autocomplete_prefix", None)
        return context


class DateField(forms.MultiValueField):
    """A date asked for in three boxes, checked the GOV.UK way.

    ``what`` names the date in error messages, lower case ("the date of the journey");
    ``past`` / ``future`` refuse dates on the wrong side of today (``"strict"`` also refuses
    today). Cleans to a :class:`datetime.date` or ``None``.
    """

    widget = DateInput

    def __init__(
        self,
        *,
        what: StrOrPromise,
        past: bool | str = False,
        future: bool | str = False,
        min_year: int = 1900,
        max_year: int = 2100,
        **kwargs: Any,
    ) -> None:
        self.what = what
        self.past = past
        self.future = future
        self.min_year = min_year
        self.max_year = max_year
        kwargs.setdefault("help_text", DATE_HINT)
        parts = [forms.CharField(required=False, max_length=10) for _part in _PARTS]
        super().__init__(fields=parts, require_all_fields=False, **kwargs)
        self.error_messages["required"] = _("Enter %(what)s") % {"what": what}

    @property
    def boxes(self) -> DateInput:
        """The field's widget: always a DateInput (``widget`` above, made by Field.__init__)."""
        return cast(DateInput, self.widget)

    def _fail(
        self, message: StrOrPromise, code: str, parts: Sequence[str] = _PARTS
    ) -> ValidationError:
        self.widget.error_parts = set(parts)
        first = next(i for i, part in enumerate(_PARTS) if part in parts)
        # crispy-forms-gds's error summary links to the first part with a message.
        for i, subfield in enumerate(self.fields):
            subfield.widget.errors = [message] if i == first else []
        return ValidationError(message, code=code)

    def clean(self, value: Any) -> date | None:
        self.widget.error_parts = set()
        for subfield in self.fields:
            subfield.widget.errors = []
        if self.disabled and not isinstance(value, list):
            value = self.boxes.decompress(value)
        if not isinstance(value, list | tuple):
            value = [None, None, None]
        raw = [str(v or "").strip() for v in list(value)[:3]] + [""] * (3 - len(value))
        what = str(self.what)
        subject = _subject(what)
        if not any(raw):
            if self.required:
                raise self._fail(
                    _("Enter %(what)s") % {"what": what},
                    "required",
                )
            return None
        missing = [part for part, text in zip(_PARTS, raw, strict=True) if not text]
        if missing:
            raise self._fail(
                _("%(subject)s must include a %(parts)s")
                % {"subject": subject, "parts": " and ".join(missing)},
                "incomplete",
                missing,
            )
        day, month, year = (_number(text) for text in raw)
        if year is not None and len(raw[2]) != 4:
            raise self._fail(_("Year must include 4 numbers"), "invalid_year", ["year"])
        wrong = [
            part
            for part, number, top in zip(_PARTS, (day, month, year), (31, 12, 9999), strict=True)
            if number is None or not 1 <= number <= top
        ]
        if wrong:
            raise self._fail(
                _("%(subject)s must be a real date") % {"subject": subject}, "invalid", wrong
            )
        assert day is not None and month is not None and year is not None  # noqa: S101
        try:
            value_date = date(year, month, day)
        except ValueError:
            raise self._fail(
                _("%(subject)s must be a real date") % {"subject": subject}, "invalid", ["day"]
            ) from None
        if not self.min_year <= year <= self.max_year:
            raise self._fail(
                _("%(subject)s must be between %(low)s and %(high)s")
                % {"subject": subject, "low": self.min_year, "high": self.max_year},
                "out_of_range",
                ["year"],
            )
        today = timezone.localdate()
        if self.past and (value_date > today or (self.past == "strict" and value_date == today)):
            message = (
                _("%(subject)s must be in the past")
                if self.past == "strict"
                else _("%(subject)s must be today or in the past")
            )
            raise self._fail(message % {"subject": subject}, "not_past")
        if self.future and (
            value_date < today or (self.future == "strict" and value_date == today)
        ):
            message = (
                _("%(subject)s must be in the future")
                if self.future == "strict"
                else _("%(subject)s must be today or in the future")
            )
            raise self._fail(message % {"subject": subject}, "not_future")
        self.validate(value_date)
        self.run_validators(value_date)
        return value_date

    def compress(self, data_list: Sequence[Any]) -> None:  # pragma: no cover - clean() compresses
        return None

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


_TIME = re.compile(
    r"(?P<hour>[0-9]{1,2})(?:[:.](?P<minute>[0-9]{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?",
    re.ASCII | re.IGNORECASE,
)
_WORDS = {"midday": time(12), "noon": time(12), "12 noon": time(12), "midnight": time(0)}


def parse_time(raw: str) -> time | None:
    """Read a time as people write it; ``None`` when it is not one."""
    text = " ".join(raw.strip().lower().split())
    if text in _WORDS:
        return _WORDS[text]
    match = _TIME.fullmatch(text)
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = (match["half"] or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


class TimeField(forms.Field):
    """A time in one box: "9:30am", "2pm", "14:30", "midday". Cleans to :class:`datetime.time`."""

    widget = forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"})

    def __init__(self, *, what: StrOrPromise, **kwargs: Any) -> None:
        self.what = what
        kwargs.setdefault("help_text", TIME_HINT)
        super().__init__(**kwargs)
        self.error_messages["required"] = _("Enter %(what)s") % {"what": what}

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, time | datetime):
            return clock(value)
        return value

    def to_python(self, value: Any) -> time | None:
        if isinstance(value, time):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            what = str(self.what)
            raise ValidationError(
                _("%(subject)s must be a real time, like 9:30am or 14:30")
                % {"subject": _subject(what)},
                code="invalid",
            )
        return parsed

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(_("Enter %(what)s") % {"what": self.what}, code="required")


def combine(day: date, at: time) -> datetime:
    """A date and a time as an aware datetime in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, at))


class DateTimeInput(DateInput):
    """The three date boxes and, after them, one time box."""

    template_name = "includes/widgets/date_time_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        time_box = forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"})
        self.widgets = [*self.widgets, time_box]
        self.widgets_names = [f"_{i}" for i in range(len(self.widgets))]

    def decompress(self, value: date | None) -> list[Any]:
        if isinstance(value, datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return [value.day, value.month, value.year, clock(value)]
        return [None, None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        """As for a date; one ISO date and time (``2026-03-31T18:00``) fills the time box too."""
        names = [f"{name}{suffix}" for suffix in self.widgets_names]
        if not any(key in data for key in names) and data.get(name):
            try:
                moment = datetime.fromisoformat(str(data.get(name)))
            except ValueError:
                pass
            else:
                return [str(moment.day), str(moment.month), str(moment.year), clock(moment)]
        return super().value_from_datadict(data, files, name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        if isinstance(value, list) and len(value) == 3:
            value = [*value, None]
        context = super().get_context(name, value, attrs)
        time_box = context["widget"]["subwidgets"][3]
        time_box["label"] = _("Time")
        css = "govuk-input govuk-input--width-5"
        time_box["attrs"]["class"] = (
            f"{css} govuk-input--error" if "time" in self.error_parts else css
        )
        context["widget"]["time_hint"] = TIME_HINT
        return context


class DateTimeField(DateField):
    """A date (three boxes) and a time (one box) in one question; cleans to an aware datetime.

    ``what`` names the moment ("when the meeting starts"); the date and time parts are named
    "the date ..." and "the time ..." in messages.
    """

    widget = DateTimeInput

    def __init__(self, *, what: StrOrPromise, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("For example, 27 3 2026 and 9:30am"))
        super().__init__(what=what, **kwargs)
        self.fields = (*self.fields, forms.CharField(required=False, max_length=20))

    def clean(self, value: Any) -> datetime | None:
        if self.disabled and not isinstance(value, list):
            value = self.boxes.decompress(value)
        if not isinstance(value, list | tuple):
            value = [None, None, None, None]
        value = list(value) + [None] * (4 - len(value))
        raw_time = str(value[3] or "").strip()
        if not any(str(v or "").strip() for v in value):
            if self.required:
                raise self._fail(_("Enter %(what)s") % {"what": self.what}, "required")
            return None
        day = super().clean(value[:3]) if any(str(v or "").strip() for v in value[:3]) else None
        if day is None:
            raise self._fail(
                _("%(subject)s must include a date") % {"subject": _subject(str(self.what))},
                "incomplete",
            )
        if not raw_time:
            raise self._fail_time(
                _("%(subject)s must include a time") % {"subject": _subject(str(self.what))}
            )
        at = parse_time(raw_time)
        if at is None:
            raise self._fail_time(
                _("%(subject)s must be a real time, like 9:30am or 14:30")
                % {"subject": _subject(str(self.what))}
            )
        return combine(day, at)

    def _fail_time(self, message: str) -> ValidationError:
        self.widget.error_parts = {"time"}
        for i, subfield in enumerate(self.fields):
            subfield.widget.errors = [message] if i == 3 else []
        return ValidationError(message, code="invalid_time")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


def long_text_field(
    label: StrOrPromise,
    *,
    required: bool = True,
    max_length: int = 5000,
    rows: int = 5,
    what: StrOrPromise | None = None,
    **kwargs: Any,
) -> forms.CharField:
    """A text box for a few sentences, with a GOV.UK-worded "Enter ..." message."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": _("Enter %(what)s") % {"what": what or str(label).lower()},
            "max_length": _("%(subject)s must be %(n)s characters or fewer")
            % {"subject": label, "n": max_length},
        },
        **kwargs,
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class YesNoField(forms.TypedChoiceField):
    """Yes or no as two radios, cleaned to ``True``/``False`` (``None`` when optional and blank)."""

    def __init__(self, *, label: StrOrPromise, what: StrOrPromise, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            choices=YES_NO,
            coerce=lambda v: v == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={"required": _("Select yes if %(what)s") % {"what": what}},
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


def yes_no_field(label: StrOrPromise, *, what: StrOrPromise, **kwargs: Any) -> YesNoField:
    return YesNoField(label=label, what=what, **kwargs)


def declaration_field(label: StrOrPromise, *, message: StrOrPromise) -> forms.BooleanField:
    """One tick box the person must tick ("I confirm that ..."), with one clear message."""
    return forms.BooleanField(label=label, required=True, error_messages={"required": message})


def _what(label: Any) -> str:
    text = str(label).replace(" (optional)", "").strip()
    return "the " + text[:1].lower() + text[1:]


def _hint(extra: Any, standard: Any) -> str:
    return f"{extra} {standard}" if extra else str(standard)


def date_field(
    label: Any,
    *,
    what: StrOrPromise | None = None,
    required: bool = True,
    help_text: Any = "",
    **kwargs: Any,
) -> DateField:
    """A :class:`DateField` named after its label ("Review date" -> "Enter the review date"),
    with any extra hint put before the standard one that matches the boxes."""
    return DateField(
        label=label,
        what=what or _what(label),
        required=required,
        help_text=_hint(help_text, DATE_HINT),
        **kwargs,
    )


def time_field(
    label: Any,
    *,
    what: StrOrPromise | None = None,
    required: bool = True,
    help_text: Any = "",
    **kwargs: Any,
) -> TimeField:
    return TimeField(
        label=label,
        what=what or _what(label),
        required=required,
        help_text=_hint(help_text, TIME_HINT),
        **kwargs,
    )


def date_time_field(
    label: Any,
    *,
    what: StrOrPromise | None = None,
    required: bool = True,
    help_text: Any = "",
    **kwargs: Any,
) -> DateTimeField:
    return DateTimeField(
        label=label,
        what=what or _what(label),
        required=required,
        help_text=_hint(help_text, _("For example, 27 3 2026 and 9:30am.")),
        **kwargs,
    )
