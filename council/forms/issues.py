"""Forms for "tell your rep": they validate and tidy; services do the rest."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleIdsField, PortalForm
from core.templatetags.portal_dates import govuk_datetime
from council.forms._common import (
    label_choices,
    model_choices,
    portfolio_field,
    text_field,
    too_long,
)
from council.models import Constituency, Council, Meeting, Portfolio, RepIssue


class RepIssueForm(PortalForm):
    submit_label = _("Continue")
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
    problem = text_field(
        _("What is the problem?"),
        3000,
        rows=6,
        help_text=_("Say what is happening and who it affects. You do not have to give names."),
        required_message=_("Say what the problem is."),
    )
    what_would_help = text_field(
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
        model_choices(self, "constituency").queryset = constituencies
        label_choices(
            self,
            "constituency",
            lambda c: str(
                _("Representatives for %(place)s (%(council)s)")
                % {"place": c.name, "council": c.council}
            ),
        )
        if len(constituencies) == 1:
            self.fields["constituency"].initial = constituencies[0].pk
        model_choices(self, "portfolio").queryset = (
            Portfolio.objects.filter(council=council) if council else Portfolio.objects.none()
        )
        self.helper.layout = Layout(
            Field.radios("constituency", legend_size="m"),
            Field.textarea("problem", rows=6, label_size="m"),
            Field.textarea("what_would_help", rows=4, label_size="m"),
            Field.select("portfolio"),
            Field.radios("name_shared", legend_size="m"),
        )

    def summary(self) -> list[dict[str, Any]]:
        """The answers as GOV.UK summary-list rows for "Check your answers"."""
        data = self.cleaned_data
        constituency = data.get("constituency")
        rows = [
            (
                "constituency",
                _("Who it goes to"),
                model_choices(self, "constituency").label_from_instance(constituency)
                if constituency
                else "",
            ),
            ("problem", _("The problem"), data.get("problem", "")),
            ("what_would_help", _("What would help"), data.get("what_would_help") or _("Nothing")),
            ("portfolio", _("What it is about"), str(data.get("portfolio") or _("Not sure"))),
            (
                "name_shared",
                _("Who may see your name"),
                str(dict(RepIssue.NameShared.choices).get(data.get("name_shared", ""), "")),
            ),
        ]
        return [{"field": f, "label": label, "value": value} for f, label, value in rows]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        portfolio, constituency = data.get("portfolio"), data.get("constituency")
        if portfolio and constituency and portfolio.council_id != constituency.council_id:
            self.add_error("portfolio", _("Choose one of that council's portfolios."))
        return data


class IssueMessageForm(PortalForm):
    submit_label = _("Send message")
    body = text_field(
        _("Your message"),
        3000,
        rows=4,
        required_message=_("Write your message."),
    )


class IssueMergeForm(PortalForm):
    submit_label = _("Join them to this issue")
    duplicates = ModelMultipleIdsField(
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
        model_choices(self, "duplicates").queryset = candidates
        label_choices(
            self,
            "duplicates",
            lambda i: (
                f"{i.problem[:120]}{'…' if len(i.problem) > 120 else ''} "
                f"({i.constituency.name}, {timezone.localtime(i.created_at):%d/%m/%Y})"
            ),
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
        error_messages={"required": _("Give the agenda item a title."), **too_long(200)},
    )
    description = text_field(
        _("What you will ask the council"),
        5000,
        required=False,
        help_text=_("Senior managers read this before the meeting. Do not name anyone."),
    )
    portfolio = portfolio_field()

    def __init__(self, *args: Any, meetings: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "meeting").queryset = meetings
        label_choices(self, "meeting", lambda m: f"{m.title} – {govuk_datetime(m.starts_at)}")
        model_choices(self, "portfolio").queryset = Portfolio.objects.filter(council=council)


class IssueCloseForm(PortalForm):
    submit_label = _("Close the issue")
    reason = text_field(
        _("Why are you closing it?"),
        2000,
        rows=3,
        help_text=_("The member will see this."),
        required_message=_("Say why you are closing it: the member will see this."),
    )
