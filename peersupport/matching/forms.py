"""Forms for mentoring matches, contact logs and safeguarding concerns."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleIdsField, PortalForm, form_field
from peersupport import selectors
from peersupport.form_fields import (
    NUMBER_ERRORS,
    _choice,
    _date_field,
    _long_text,
    _StaffChoice,
    _text,
)
from peersupport.models import (
    Area,
    ConcernStatus,
    ContactMethod,
    ExperienceTopic,
    HelpKind,
    Language,
    MatchGender,
    Severity,
)
from users.models import User

SUPPORT_CHOICES = [
    ("emotional", _("Emotional support: someone to talk to who has been there")),
    ("social", _("Social support: company, getting out, meeting people")),
    ("practical", _("Practical support: help with housing, benefits, appointments")),
]

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _pick_many(label, queryset, *, help_text: StrOrPromise = "") -> forms.ModelMultipleChoiceField:
    return ModelMultipleIdsField(
        label=label,
        queryset=queryset,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose from the list."),
            "invalid_pk_value": _("Choose from the list."),
        },
    )


def _pick_one(label, queryset, *, empty: StrOrPromise) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        empty_label=empty,
        error_messages={"invalid_choice": _("Choose from the list.")},
    )


def _username(label, *, message) -> forms.CharField:
    return _text(label, max_length=40, message=message)


def _user_from(username: str) -> User:
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(_("There is nobody with that username."))
    return user


class MatchRequestForm(PortalForm):
    submit_label = _("Continue")

    kind = forms.ChoiceField(
        label=_("What would help most?"),
        choices=HelpKind.choices,
        widget=forms.RadioSelect,
        initial=HelpKind.MENTOR,
        help_text=_(
            "A peer mentor helps you make changes. A befriender is company if you feel alone."
        ),
        error_messages={"required": _("Choose a mentor or a befriender.")},
    )
    needs = _choice(
        _("What kind of help would you like?"),
        SUPPORT_CHOICES,
        message=_("Choose at least one kind of help."),
        many=True,
        help_text=_("Choose all that apply."),
    )
    gender = _choice(
        _("Would you like your mentor to be"),
        [("", _("I do not mind"))] + MatchGender.choices,
        required=False,
    )
    language = _pick_one(
        _("Language you would like to speak"), Language.objects.all(), empty=_("Any language")
    )
    area = _pick_one(_("Where you live"), Area.objects.all(), empty=_("Anywhere"))
    experience = _pick_many(
        _("Someone who has been through"),
        ExperienceTopic.objects.all(),
        help_text=_("Optional. Choose any that matter to you."),
    )
    about = _long_text(
        _("Anything else we should know (optional)"),
        required=False,
        max_length=2000,
        help_text=_("For example, times that suit you. Only peer-support staff read this."),
    )
    # Issue 16: one declaration instead of a "This must be so" box under every choice.
    must_fit = forms.BooleanField(
        label=_("Only suggest mentors who fit every choice I made above"),
        required=False,
        help_text=_(
            "Tick this only if your choices really matter to you. We may then take longer "
            "to find someone."
        ),
    )

    PREFERENCES = ("gender", "language", "area", "experience")

    def clean(self) -> dict:
        data = super().clean()
        for need in ("emotional", "social", "practical"):
            data[need] = need in (data.get("needs") or [])
        must = bool(data.pop("must_fit", False))
        chosen = [field for field in self.PREFERENCES if data.get(field)]
        if must and not chosen and not any(f in self.errors for f in self.PREFERENCES):
            self.add_error(
                "must_fit",
                _(
                    "Choose the gender, language, area or experience your mentor must have, "
                    "or untick this box"
                ),
            )
        for field in self.PREFERENCES:
            data[f"{field}_must"] = must and field in chosen
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("needs", None)
        data["experience"] = list(data.get("experience") or [])
        return data

    def summary(self) -> list[dict]:
        """The answers as GOV.UK summary-list rows for "Check your answers"."""
        data = self.cleaned_data

        def label_of(name: str) -> str:
            # A ChoiceField keeps fixed choices as a list of pairs (the stubs allow any form).
            pairs = cast(
                "list[tuple[object, str]]", form_field(self, name, forms.ChoiceField).choices
            )
            choices = dict(pairs)
            return str(choices.get(data.get(name), "")) if data.get(name) else ""

        needs = dict(SUPPORT_CHOICES)
        rows = [
            ("kind", self.fields["kind"].label, label_of("kind")),
            (
                "needs",
                self.fields["needs"].label,
                "; ".join(str(needs[n]).split(":")[0] for n in data.get("needs") or []),
            ),
            ("gender", self.fields["gender"].label, label_of("gender") or _("I do not mind")),
            (
                "language",
                self.fields["language"].label,
                str(data.get("language") or _("Any language")),
            ),
            ("area", self.fields["area"].label, str(data.get("area") or _("Anywhere"))),
            (
                "experience",
                self.fields["experience"].label,
                ", ".join(str(e) for e in data.get("experience") or []) or _("No preference"),
            ),
            (
                "must_fit",
                _("Your choices"),
                _("Must be met")
                if data.get("gender_must")
                or data.get("language_must")
                or data.get("area_must")
                or data.get("experience_must")
                else _("Nice to have"),
            ),
            ("about", self.fields["about"].label, data.get("about") or _("Nothing")),
        ]
        return [{"field": f, "label": label, "value": value} for f, label, value in rows]


class StaffReferralForm(MatchRequestForm):
    submit_label = _("Refer for a mentor")

    username = _username(_("Their username"), message=_("Enter their username."))
    referral_reason = _long_text(
        _("Why are you referring them?"),
        message=_("Say why you are referring them."),
        max_length=2000,
    )

    field_order = ["username", "referral_reason"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gender"].label = _("Mentor's gender")
        self.fields["language"].label = _("Language")
        self.fields["area"].label = _("Area")
        self.fields["kind"].label = _("What would help most")
        self.fields["needs"].label = _("Kinds of help")

    def clean_username(self) -> User:
        return _user_from(self.cleaned_data["username"])

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["member"] = data.pop("username")
        return data


class MatchProfileForm(PortalForm):
    submit_label = _("Save")

    accepting = forms.BooleanField(label=_("I can take on someone new"), required=False)
    offers = _choice(
        _("I can be a"),
        [("mentoring", _("Peer mentor")), ("befriending", _("Befriender"))],
        message=_("Choose peer mentor, befriender or both."),
        many=True,
    )
    needs = _choice(
        _("Support I can give"),
        SUPPORT_CHOICES,
        message=_("Choose at least one kind of support."),
        many=True,
    )
    gender = _choice(
        _("I am"),
        [("", _("I would rather not say"))] + MatchGender.choices,
        required=False,
        help_text=_("Only used when someone asks for a mentor of a particular gender."),
    )
    languages = _pick_many(_("Languages I speak"), Language.objects.all())
    areas = _pick_many(_("Areas I can get to"), Area.objects.all())
    experience = _pick_many(_("I have been through"), ExperienceTopic.objects.all())
    capacity = forms.IntegerField(
        label=_("How many people could you support at once?"),
        min_value=0,
        max_value=10,
        initial=2,
        error_messages={
            **NUMBER_ERRORS,
            "max_value": _("Enter 10 or fewer."),
            "required": _("Enter a number (0 if none just now)."),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    about = _long_text(
        _("About me (optional)"),
        required=False,
        max_length=1000,
        help_text=_("A few words staff can use when they suggest you."),
    )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        offers = data.pop("offers")
        needs = data.pop("needs")
        data["offers_mentoring"] = "mentoring" in offers
        data["offers_befriending"] = "befriending" in offers
        for need in ("emotional", "social", "practical"):
            data[need] = need in needs
        for name in ("languages", "areas", "experience"):
            data[name] = list(data[name])
        return data

    @staticmethod
    def initial_from(profile) -> dict:
        if profile is None:
            return {"accepting": True, "offers": ["mentoring", "befriending"], "capacity": 2}
        return {
            "accepting": profile.accepting,
            "offers": [
                name
                for name, on in (
                    ("mentoring", profile.offers_mentoring),
                    ("befriending", profile.offers_befriending),
                )
                if on
            ],
            "needs": [n for n in ("emotional", "social", "practical") if getattr(profile, n)],
            "gender": profile.gender,
            "languages": list(profile.languages.all()),
            "areas": list(profile.areas.all()),
            "experience": list(profile.experience.all()),
            "capacity": profile.capacity,
            "about": profile.about,
        }


class MatchCreateForm(PortalForm):
    submit_label = _("Propose this match")

    mentor = forms.TypedChoiceField(
        label=_("Mentor"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a mentor from the suggestions."),
            "invalid_choice": _("Choose a mentor from the suggestions."),
        },
    )
    review_date = _date_field(
        _("Review date (optional)"),
        required=False,
        help_text=_("When to check how it is going. Blank: in 12 weeks."),
    )

    def __init__(self, *args, choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "mentor", forms.ChoiceField).choices = list(choices)


MOVE_CHOICES = [
    ("active", _("Start it (the mentor has agreed)")),
    ("paused", _("Pause it")),
    ("ended", _("End it")),
]


class MatchMoveForm(PortalForm):
    submit_label = _("Save")

    to = _choice(
        _("What now?"),
        MOVE_CHOICES,
        message=_("Choose what to do."),
    )
    reason = _long_text(_("Why (needed to pause or end it)"), required=False, max_length=1000)
    review_date = _date_field(_("Review date"), required=False, help_text=_("Needed to pause it."))

    def __init__(self, *args, allowed=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "to", forms.ChoiceField).choices = [
            c for c in MOVE_CHOICES if c[0] in allowed
        ]


class MentorResponseForm(PortalForm):
    submit_label = _("Send my answer")

    decision = _choice(
        _("Can you mentor this person?"),
        [("yes", _("Yes, I will")), ("no", _("No, I cannot"))],
        message=_("Choose yes or no."),
        invalid=_("Choose yes or no."),
    )
    reason = _long_text(_("If not, why? (only staff see this)"), required=False, max_length=1000)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "no" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why, so staff can find someone else."))
        return data


class ContactForm(PortalForm):
    submit_label = _("Save the contact")

    contact_on = _date_field(_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("How long, in minutes"),
        min_value=1,
        max_value=720,
        error_messages={
            **NUMBER_ERRORS,
            "min_value": _("Enter 1 or more."),
            "max_value": _("Enter 720 or fewer (12 hours)."),
            "required": _("Enter how long, in minutes."),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    method = _choice(
        _("How"),
        ContactMethod.choices,
        message=_("Choose in person, phone or online."),
    )
    needs = _choice(
        _("Kind of support"),
        [
            ("emotional", _("Emotional")),
            ("social", _("Social")),
            ("practical", _("Practical")),
        ],
        message=_("Choose at least one kind of support."),
        many=True,
    )
    notes = _long_text(
        _("Short notes (optional)"),
        required=False,
        max_length=1000,
        help_text=_(
            "Only you and peer-support staff see these. If you are worried about someone's "
            "safety, raise a safeguarding concern instead."
        ),
    )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        needs = data.pop("needs")
        for need in ("emotional", "social", "practical"):
            data[need] = need in needs
        return data


class DoNotMatchForm(PortalForm):
    submit_label = _("Record it")

    mentor = _username(_("Mentor's username"), message=_("Enter the mentor's username."))
    member = _username(_("Member's username"), message=_("Enter the member's username."))
    reason = _long_text(_("Why must they not be matched?"), message=_("Say why."), max_length=1000)

    def clean_mentor(self) -> User:
        return _user_from(self.cleaned_data["mentor"])

    def clean_member(self) -> User:
        return _user_from(self.cleaned_data["member"])


class ConcernForm(PortalForm):
    submit_label = _("Send the concern to staff now")

    severity = _choice(
        _("How serious is it?"),
        Severity.choices,
        message=_("Choose how serious it is."),
    )
    description = _long_text(
        _("What worries you?"),
        message=_("Describe what worries you."),
        max_length=5000,
        help_text=_("What happened or what was said, when, and who is at risk."),
    )
    action_taken = _long_text(
        _("What have you done so far? (optional)"), required=False, max_length=2000
    )


class ConcernUpdateForm(PortalForm):
    submit_label = _("Add the note")

    to_status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Leave as it is"))] + ConcernStatus.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    assigned_to = _StaffChoice(
        label=_("Who is dealing with it"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Leave as it is"),
        error_messages={"invalid_choice": _("Choose someone from the list.")},
    )
    note = _long_text(
        _("Note"), message=_("Write a note saying what was done or decided."), max_length=5000
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "assigned_to", forms.ModelChoiceField).queryset = selectors.facilitators()
