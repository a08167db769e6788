"""The shared GOV.UK fields: each way a date or time can be wrong gets its own message."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from core.form_fields import (
    DateField,
    DateTimeField,
    TimeField,
    long_text_field,
    parse_time,
    yes_no_field,
)
from tests import dates


class JourneyForm(forms.Form):
    journey_on = DateField(label="Date of the journey", what="the date of the journey", past=True)
    starts = TimeField(label="Start time", what="the start time", required=False)
    notes = long_text_field("Notes", required=False)
    returned = yes_no_field("Did you come back the same day?", what="you came back the same day")


def _bound(day="", month="", year="", **extra):
    data = {"journey_on_0": day, "journey_on_1": month, "journey_on_2": year, "returned": "yes"}
    data.update(extra)
    return JourneyForm(data)


def test_a_real_date_cleans_to_a_date():
    form = _bound("9", "3", "2026")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["journey_on"] == date(2026, 3, 9)
    assert form.cleaned_data["returned"] is True


@pytest.mark.parametrize(
    ("parts", "message", "outlined"),
    [
        (("", "", ""), "Enter the date of the journey", {"day", "month", "year"}),
        (("9", "", "2026"), "Date of the journey must include a month", {"month"}),
        (("", "", "2026"), "Date of the journey must include a day and month", {"day", "month"}),
        (("31", "2", "2026"), "Date of the journey must be a real date", {"day"}),
        (("9", "13", "2026"), "Date of the journey must be a real date", {"month"}),
        (("²", "3", "2026"), "Date of the journey must be a real date", {"day"}),
        (("9", "3", "26"), "Year must include 4 numbers", {"year"}),
        (("9", "3", "1066"), "Date of the journey must be between 1900 and 2100", {"year"}),
    ],
)
def test_each_way_a_date_can_be_wrong(parts, message, outlined):
    form = _bound(*parts)
    assert not form.is_valid()
    assert form.errors["journey_on"] == [message]
    assert form.fields["journey_on"].widget.error_parts == outlined
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert message in html
    assert html.count("govuk-input--error") == len(outlined)


def test_a_date_in_the_future_is_refused_when_it_must_be_past():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = _bound(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    assert form.errors["journey_on"] == ["Date of the journey must be today or in the past"]


def test_the_boxes_are_labelled_and_keep_what_was_typed():
    form = _bound("9", "", "2026")
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    for label in ("Day", "Month", "Year"):
        assert f">{label}</label>" in html
    assert 'value="9"' in html and 'value="2026"' in html
    assert 'inputmode="numeric"' in html
    assert "For example, 27 3 2026" in html


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9:30am", time(9, 30)),
        ("9.30 a.m.", time(9, 30)),
        ("2pm", time(14)),
        ("14:30", time(14, 30)),
        ("midday", time(12)),
        ("Noon", time(12)),
        ("midnight", time(0)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("13pm", None),
        ("25:00", None),
        ("²pm", None),
        ("", None),
    ],
)
def test_times_are_read_as_people_write_them(raw, expected):
    assert parse_time(raw) == expected


def test_a_wrong_time_says_what_to_type():
    form = _bound("9", "3", "2026", starts="half past")
    assert form.errors["starts"] == ["Start time must be a real time, like 9:30am or 14:30"]


def test_yes_no_says_what_to_choose():
    form = JourneyForm({"journey_on_0": "9", "journey_on_1": "3", "journey_on_2": "2026"})
    assert form.errors["returned"] == ["Select yes if you came back the same day"]


class MeetingForm(forms.Form):
    starts_at = DateTimeField(label="When does it start?", what="when the meeting starts")


def test_a_date_and_time_cleans_to_an_aware_datetime():
    form = MeetingForm(dates.posted("starts_at", datetime(2026, 12, 9, 17, 17)))
    assert form.is_valid(), form.errors
    assert timezone.localtime(form.cleaned_data["starts_at"]) == timezone.make_aware(
        datetime(2026, 12, 9, 17, 17)
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter when the meeting starts"),
        (
            {"starts_at_0": "9", "starts_at_1": "12", "starts_at_2": "2026"},
            "When the meeting starts must include a time",
        ),
        ({"starts_at_3": "2pm"}, "When the meeting starts must include a date"),
        (
            {
                "starts_at_0": "9",
                "starts_at_1": "12",
                "starts_at_2": "2026",
                "starts_at_3": "25:00",
            },
            "When the meeting starts must be a real time, like 9:30am or 14:30",
        ),
        (
            {"starts_at_0": "31", "starts_at_1": "2", "starts_at_2": "2026", "starts_at_3": "2pm"},
            "When the meeting starts must be a real date",
        ),
    ],
)
def test_each_way_a_date_and_time_can_be_wrong(data, message):
    form = MeetingForm(data)
    assert not form.is_valid()
    assert form.errors["starts_at"] == [message]
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert message in html
    assert 'name="starts_at_3"' in html


def test_a_date_and_time_is_drawn_with_its_value():
    form = MeetingForm(initial={"starts_at": timezone.make_aware(datetime(2026, 12, 9, 12, 0))})
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert 'value="midday"' in html
    assert 'value="2026"' in html


def test_one_iso_value_in_a_link_or_hidden_field_is_read_into_the_boxes():
    assert JourneyForm({"journey_on": "2026-03-09", "returned": "no"}).is_valid()
    form = MeetingForm({"starts_at": "2026-12-09T17:17"})
    assert form.is_valid(), form.errors
    assert timezone.localtime(form.cleaned_data["starts_at"]).hour == 17
