"""Action-plan forms. They only check and tidy what was typed; services do the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from actionplan import selectors
from actionplan.evidence import MAX_EVIDENCE_BYTES, allowed_list, validate_evidence_file
from actionplan.models import Recommendation, SourceKind, Status, Term, Theme
from actionplan.rag import Rag
from actionplan.services.imports import MAX_IMPORT_BYTES
from actionplan.services.sources import clean_link
from core.form_fields import date_field
from core.forms import PortalForm, form_field
from core.http import int_param

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_ERRORS: dict[str, StrOrPromise] = {
    "invalid": _("Enter a real date, like 2026-03-31."),
    "required": _("Enter a date."),
}
TEXT_ERRORS: dict[str, StrOrPromise] = {
    "required": _("This cannot be blank."),
    "max_length": _("Use %(limit_value)d characters or fewer."),
}
PROGRESS_ERRORS: dict[str, StrOrPromise] = {
    "invalid": _("Enter a whole number from 0 to 100."),
    "min_value": _("Enter a whole number from 0 to 100."),
    "max_value": _("Enter a whole number from 0 to 100."),
}


def _date(
    label: StrOrPromise,
    *,
    required: bool = True,
    help_text: StrOrPromise = "",
    what: StrOrPromise | None = None,
) -> forms.Field:
    """The GOV.UK date input (three boxes), core.form_fields (issue 16)."""
    return date_field(label, what=what, required=required, help_text=help_text)


def _text(
    label: StrOrPromise,
    *,
    required: bool = True,
    max_length: int = 200,
    help_text: StrOrPromise = "",
    long: bool = False,
    message: StrOrPromise = "",
) -> forms.CharField:
    errors: dict[str, StrOrPromise] = dict(TEXT_ERRORS)
    if message:
        errors["required"] = message
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if long else None,
        error_messages=errors,
    )


def _progress(required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Progress (%)"),
        required=required,
        min_value=0,
        max_value=100,
        help_text=_("A whole number from 0 to 100. Done always means 100."),
        error_messages=PROGRESS_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class _ObjectiveChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.plan.title} – {obj.number}. {obj.title}"


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name or obj.username} ({obj.username})"


def _status_reason_required(cleaned: dict, form: forms.Form) -> None:
    """Blocked and dropped need a reason, unless the action already has one for that status."""
    status = cleaned.get("status")
    if status not in (Status.BLOCKED, Status.DROPPED):
        return
    if (cleaned.get("status_reason") or "").strip():
        return
    if getattr(form, "keeps_reason_for", None) == status:
        return
    form.add_error(
        "status_reason",
        _("Say why the action is blocked.")
        if status == Status.BLOCKED
        else _("Say why the action was dropped."),
    )


class PlanForm(PortalForm):
    submit_label = _("Save plan")

    title = _text(
        _("Title"),
        help_text=_("For example: User involvement and peer-led support 2026–28"),
        message=_("Enter a title for the plan."),
    )
    summary = _text(_("Summary"), required=False, max_length=3000, long=True)
    starts_on = _date(_("Starts"))
    ends_on = _date(_("Ends"))

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        return cleaned


class ObjectiveForm(PortalForm):
    submit_label = _("Save objective")

    title = _text(_("Objective"), message=_("Enter the objective."))
    description = _text(_("Description"), required=False, max_length=3000, long=True)
    term = forms.ChoiceField(
        label=_("Term"),
        choices=Term.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the term")},
    )
    recommendation = forms.TypedChoiceField(
        label=_("Which of the report's recommendations does it answer?"),
        choices=[("", _("None"))] + list(Recommendation.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )


class SourceFieldsMixin(forms.Form):
    """The optional "where this came from" fields, shared by the action and source forms."""

    source_kind = forms.ChoiceField(
        label=_("Where did this come from?"),
        choices=[("", _("Not from a particular source"))] + list(SourceKind.choices),
        required=False,
    )
    source_summary = _text(
        _("What was said"),
        required=False,
        max_length=1000,
        long=True,
        help_text=_(
            "In plain words, as it will appear on the 'You said, we did' board. "
            "Never name or describe a person."
        ),
    )
    source_count = forms.IntegerField(
        label=_("How many people said this (optional)"),
        required=False,
        min_value=0,
        error_messages={"invalid": _("Enter a whole number."), "min_value": _("Enter 0 or more.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    source_link = _text(
        _("Link (optional)"),
        required=False,
        max_length=500,
        help_text=_("A web address, or a page on this site starting with /"),
    )
    source_ref = forms.CharField(required=False, max_length=170, widget=forms.HiddenInput)

    def clean_source_link(self) -> str:
        try:
            return clean_link(self.cleaned_data.get("source_link") or "")
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_source(self, cleaned: dict) -> None:
        kind, summary = cleaned.get("source_kind"), (cleaned.get("source_summary") or "").strip()
        if summary and not kind:
            self.add_error("source_kind", _("Choose where this came from."))
        if kind and not summary and not cleaned.get("source_ref"):
            self.add_error("source_summary", _("Say in plain words what was said."))


class ActionForm(SourceFieldsMixin, PortalForm):
    submit_label = _("Save action")
    # Editing: the status whose reason is already recorded (a reason is then not asked again).
    keeps_reason_for: str | None = None

    objective = _ObjectiveChoice(
        label=_("Objective"),
        queryset=selectors.objective_choices(),
        error_messages={
            "required": _("Choose an objective."),
            "invalid_choice": _("Choose an objective from the list."),
        },
    )
    title = _text(
        _("Title"),
        help_text=_("Short and plain, like 'Publish a housing information pack'"),
        message=_("Enter a title for the action."),
    )
    description = _text(
        _("What we will do"), max_length=5000, long=True, message=_("Say what will be done.")
    )
    owner = _PersonChoice(
        label=_("Staff owner"),
        queryset=selectors.owner_choices(),
        error_messages={
            "required": _("Choose who owns this action."),
            "invalid_choice": _("Choose an owner from the list."),
        },
    )
    champion = _PersonChoice(
        label=_("User champion (optional)"),
        queryset=selectors.champion_choices(),
        required=False,
        help_text=_("A representative or peer mentor who co-owns the action."),
        error_messages={"invalid_choice": _("Choose a user champion from the list.")},
    )
    due_on = _date(_("Due date"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        initial=Status.NOT_STARTED,
        error_messages={"required": _("Select the status of the action")},
    )
    status_reason = _text(
        _("Reason (needed when blocked or dropped)"), required=False, max_length=1000, long=True
    )
    progress = _progress()
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=Theme.choices,
        initial=Theme.OTHER,
        error_messages={"required": _("Select a theme")},
    )
    is_public = forms.BooleanField(
        label=_("Show on the 'You said, we did' board"),
        required=False,
        help_text=_(
            "Members will see the title, what we will do, the source, the status and updates. "
            "Actions made from a council decision or a consultation theme start ticked."
        ),
    )

    def __init__(self, *args, with_source: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_source:
            for name in (
                "source_kind",
                "source_summary",
                "source_count",
                "source_link",
                "source_ref",
            ):
                del self.fields[name]
        self.with_source = with_source

    def clean(self) -> dict:
        cleaned = super().clean()
        _status_reason_required(cleaned, self)
        if self.with_source:
            self.clean_source(cleaned)
        return cleaned


class SourceForm(SourceFieldsMixin, PortalForm):
    submit_label = _("Add source")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "source_kind", forms.ChoiceField).choices = list(SourceKind.choices)
        self.fields["source_kind"].required = True
        self.fields["source_kind"].error_messages["required"] = _("Choose where this came from.")

    def clean(self) -> dict:
        cleaned = super().clean()
        self.clean_source(cleaned)
        return cleaned


class UpdateForm(PortalForm):
    submit_label = _("Post update")

    note = _text(
        _("What happened"),
        max_length=3000,
        long=True,
        help_text=_("If the action is public, members will see this. Never name anyone."),
        message=_("Say what has happened."),
    )
    happened_on = _date(_("Date"), required=False, help_text=_("Leave blank for today."))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        error_messages={"required": _("Select the status of the action")},
    )
    status_reason = _text(
        _("Reason (needed when blocked or dropped)"), required=False, max_length=1000, long=True
    )
    progress = _progress()
    evidence_link = forms.URLField(
        label=_("Link to evidence (optional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://example.org/report")},
    )
    evidence_file = forms.FileField(
        label=_("Evidence file (optional)"),
        required=False,
        help_text=_("%(types)s, smaller than %(mb)d MB.")
        % {"types": allowed_list(), "mb": MAX_EVIDENCE_BYTES // (1024 * 1024)},
        error_messages={"invalid": _("Choose a file."), "empty": _("The file is empty.")},
    )

    def __init__(self, *args, action=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if action is not None:
            self.fields["status"].initial = action.status
            self.fields["progress"].initial = action.progress
            # An action already blocked keeps its reason unless a new one is typed.
            self.keeps_reason_for = action.status if action.status_reason else None

    def clean_evidence_link(self) -> str:
        try:
            return clean_link(self.cleaned_data.get("evidence_link") or "", site_pages=False)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_evidence_file(upload)
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        _status_reason_required(cleaned, self)
        return cleaned


class MilestoneForm(PortalForm):
    submit_label = _("Save milestone")

    title = _text(_("Milestone"), message=_("Enter the milestone."))
    due_on = _date(_("Date"))
    done_on = _date(_("Done on (optional)"), required=False)


class ChampionNameForm(PortalForm):
    submit_label = _("Save")

    public_name = _text(
        _("Name to show on the board"),
        required=False,
        max_length=60,
        help_text=_(
            "For example your first name. Leave blank and the board will say "
            "'with a user champion' without naming you."
        ),
    )


class ImportForm(PortalForm):
    submit_label = _("Check and import")

    kind = forms.ChoiceField(
        label=_("What is in the file?"),
        choices=[("actions", _("New actions")), ("updates", _("Updates to actions"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is in the file.")},
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Save the spreadsheet as 'CSV UTF-8'. Smaller than 2 MB."),
        error_messages={
            "required": _("Choose a file."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a file."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(_("The file must be a CSV file (its name ends in .csv)."))
        # Refused by its size, before a byte of it is read.
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file must be smaller than 2 MB. Split it into smaller files.")
            )
        return upload


class ActionFilterForm(forms.Form):
    """The filters on the staff action list and its exports (GET; never an error page)."""

    plan: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Plan"), empty_label=_("All plans")
    )
    status = forms.ChoiceField(
        choices=[("", _("Any status"))] + list(Status.choices), required=False, label=_("Status")
    )
    rag = forms.ChoiceField(
        choices=[("", _("Any"))] + list(Rag.choices), required=False, label=_("RAG")
    )
    theme = forms.ChoiceField(
        choices=[("", _("Any theme"))] + list(Theme.choices), required=False, label=_("Theme")
    )
    public = forms.ChoiceField(
        choices=[("", _("Public or not")), ("yes", _("Public")), ("no", _("Not public"))],
        required=False,
        label=_("On the board"),
    )
    mine = forms.BooleanField(required=False, label=_("Only mine"))
    q = forms.CharField(required=False, max_length=100, label=_("Search titles"))

    def __init__(self, *args, **kwargs) -> None:
        from actionplan.models import Plan

        super().__init__(*args, **kwargs)
        form_field(self, "plan", forms.ModelChoiceField).queryset = Plan.objects.order_by(
            "-starts_on", "title"
        )


class BoardFilterForm(forms.Form):
    theme = forms.ChoiceField(
        choices=[("", _("All themes"))] + list(Theme.choices), required=False, label=_("Theme")
    )
    status = forms.ChoiceField(
        choices=[("", _("Any status"))] + list(Status.choices), required=False, label=_("Status")
    )


class BulkStatusForm(forms.Form):
    """Many actions to one status. The ids are any whole numbers: the service checks them."""

    status = forms.ChoiceField(
        choices=Status.choices,
        error_messages={
            "required": _("Choose a status."),
            "invalid_choice": _("Choose a status from the list."),
        },
    )
    status_reason = forms.CharField(required=False, max_length=1000, error_messages=TEXT_ERRORS)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        ids: list[int] = []
        for value in self.data.getlist("actions"):  # type: ignore[attr-defined]  # a QueryDict
            try:
                number = int_param(value)
            except ValueError:
                number = None
            if number is None:
                self.add_error(None, _("Choose the actions from the list."))
                break
            ids.append(number)
        if not ids and not self.errors:
            self.add_error(None, _("Choose at least one action."))
        cleaned["action_ids"] = ids
        _status_reason_required(cleaned, self)
        return cleaned
