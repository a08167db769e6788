"""Forms for codebooks and coding set-up: they check and tidy; the services decide.

The coding queue and the settling page post plain checkbox lists, read by ``read_choice``,
so a bad value gives a plain message, never an error page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.coding.models import Code, Codebook
from consultations.coding.models.codebooks import colour_validator
from consultations.coding.refi.codebook import MAX_BYTES
from consultations.models import Consultation
from core.forms import PortalForm
from core.http import int_param
from users.models import User
from users.roles import Role


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, declared on the form class as a ``ModelChoiceField``."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class CodebookForm(PortalForm):
    submit_label = _("Save codebook")

    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter a name")}
    )
    description = forms.CharField(
        label=_("What it is for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consultation = forms.ModelChoiceField(
        label=_("Consultation"),
        queryset=Consultation.objects.none(),
        required=False,
        empty_label=_("None: share it across consultations"),
        help_text=_("A codebook for one consultation, or one any question can use."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "consultation").queryset = Consultation.objects.exclude(
            status=Consultation.Status.DRAFT
        ).order_by("-created_at")


class CodebookImportForm(CodebookForm):
    submit_label = _("Import codebook")

    file = forms.FileField(
        label=_("Codebook file (.qdc)"),
        help_text=_(
            "A REFI-QDA codebook exported from NVivo, ATLAS.ti, MAXQDA, QualCoder or this portal."
        ),
        error_messages={"required": _("Choose a codebook file")},
    )

    field_order = ["file", "name", "description", "consultation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty to use the name in the file.")

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        # Refused by its size, before a byte of it is read.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too big. A codebook file must be under 5 MB.")
            )
        return upload.read(MAX_BYTES + 1)


class CodeForm(PortalForm):
    submit_label = _("Save code")

    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter a name")}
    )
    definition = forms.CharField(
        label=_("Definition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("When to use this code, and when not to. Coders see this beside the answer."),
    )
    parent = forms.ModelChoiceField(
        label=_("Inside"),
        queryset=Code.objects.none(),
        required=False,
        empty_label=_("Nothing: at the top level"),
    )
    colour = forms.CharField(
        label=_("Colour"),
        max_length=7,
        required=False,
        validators=[colour_validator],
        help_text=_(
            "For the charts: # and six letters or digits, like #1D70B8. "
            "Leave empty for the next colour."
        ),
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Lower numbers come first. Leave empty to put it last."),
        error_messages={"invalid": _("Enter a whole number, for example 3")},
    )
    is_codable = forms.BooleanField(
        label=_("Coders can apply this code (untick for a folder that only groups codes)"),
        required=False,
        initial=True,
    )

    def __init__(
        self, *args: Any, codebook: Codebook, exclude: set[int] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "parent").queryset = Code.objects.filter(
            codebook=codebook, is_active=True
        ).exclude(pk__in=exclude or set())

    def clean_colour(self) -> str:
        return self.cleaned_data["colour"].upper()


class CodeMergeForm(PortalForm):
    submit_label = _("Merge codes")

    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Code.objects.none(),
        empty_label=_("Choose a code"),
        error_messages={"required": _("Choose the code to merge into")},
    )

    def __init__(self, *args: Any, source: Code, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "target").queryset = Code.objects.filter(
            codebook_id=source.codebook_id, is_active=True, is_codable=True
        ).exclude(pk=source.pk)


class QuestionCodingForm(PortalForm):
    submit_label = _("Save and fill the queue")

    codebook = forms.ModelChoiceField(
        label=_("Codebook"),
        queryset=Codebook.objects.none(),
        empty_label=_("Choose a codebook"),
        error_messages={"required": _("Choose a codebook")},
    )
    exclusive = forms.BooleanField(
        label=_("One code for each answer (the codes are alternatives)"),
        required=False,
    )
    double_share = forms.IntegerField(
        label=_("Share of answers coded blind by two coders (%)"),
        min_value=0,
        max_value=100,
        initial=20,
        help_text=_("Chosen at random. 20 is usual. 0 for no double coding."),
        error_messages={
            "required": _("Enter a share from 0 to 100"),
            "invalid": _("Enter a whole number from 0 to 100"),
            "min_value": _("Enter a share from 0 to 100"),
            "max_value": _("Enter a share from 0 to 100"),
        },
    )
    show_profile = forms.BooleanField(
        label=_("Show coders the ‘about you’ answers, where at least 5 people share them"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, codebooks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "codebook").queryset = codebooks


class _PersonChoiceField(forms.ModelChoiceField):
    """Lists people by the name they go by (their username when they have none)."""

    def label_from_instance(self, obj: User) -> str:
        return obj.display_name or obj.username


class LeadForm(PortalForm):
    submit_label = _("Add lead coder")

    user = _PersonChoiceField(
        label=_("Member of staff"),
        queryset=User.objects.none(),
        empty_label=_("Choose a person"),
        error_messages={"required": _("Choose a member of staff")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "user").queryset = (
            User.objects.filter(is_active=True, groups__name=Role.STAFF)
            .distinct()
            .order_by("display_name", "username")
        )


@dataclass
class PostedChoice:
    code_ids: list[int]
    exemplar_ids: list[int]
    none_fits: bool
    memo: str
    note: str


def _ints(values: list[str]) -> list[int]:
    out = []
    for value in values:
        try:
            number = int_param(value)
        except ValueError:
            continue  # a tampered value is ignored; the service checks what is left
        if number is not None:
            out.append(number)  # a tampered value is ignored; the service checks what is left
    return out


def read_choice(data: Any) -> PostedChoice:
    """What a coder or lead ticked: codes, "example quote", "no code fits", memo or note.

    "No code fits" is posted as the code value ``none`` (so it can be one of the radios of a
    one-code question). "Example quote" is one tick that applies to the codes chosen.
    """
    raw = data.getlist("code")
    codes = _ints(raw)
    return PostedChoice(
        code_ids=codes,
        exemplar_ids=codes if data.get("exemplar") == "on" else [],
        none_fits="none" in raw,
        memo=(data.get("memo") or "")[:5000],
        note=(data.get("note") or "")[:5000],
    )
