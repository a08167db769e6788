"""Staff typing in answers given in an interview or on a paper form."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import audience
from consultations.forms.answering import AnswersForm, layout_for, profile_fields
from consultations.models import Consultation, Question, Submission
from consultations.services import question_field_name
from core.form_fields import date_field
from users.models import User
from users.roles import Role


class StaffEntryForm(AnswersForm):
    """All questions on one page plus who, how and when — for typing in a pile of forms."""

    def __init__(
        self, *args: Any, consultation: Consultation, questions: list[Question], **kwargs: Any
    ):
        super().__init__(*args, questions=questions, **kwargs)
        self.consultation = consultation
        meta: dict[str, forms.Field] = {
            "method": forms.ChoiceField(
                label=_("How the answers were given"),
                choices=[
                    (Submission.Method.INTERVIEW, Submission.Method.INTERVIEW.label),
                    (Submission.Method.PAPER, Submission.Method.PAPER.label),
                ],
                widget=forms.RadioSelect,
                initial=Submission.Method.INTERVIEW,
                error_messages={"required": _("Choose how the answers were given")},
            ),
            "consent_confirmed": forms.BooleanField(
                label=_(
                    "The person read or heard the information sheet and agreed to take part "
                    "(out loud in the interview, or by signing the paper form)"
                ),
                error_messages={
                    "required": _(
                        "Confirm that the person agreed to take part, or do not enter their answers"
                    )
                },
            ),
            "interviewer": forms.CharField(
                label=_("Username of the interviewer (optional)"),
                required=False,
                max_length=40,
                help_text=_("Leave empty for a paper form, or if they have no account."),
            ),
            "interviewer_name": forms.CharField(
                label=_("Interviewer’s name, if they have no account (optional)"),
                required=False,
                max_length=150,
            ),
        }
        if not consultation.is_anonymous:
            meta["respondent"] = forms.CharField(
                label=_("Username of the person who answered")
                if consultation.is_named
                else _("Username of the person who answered (optional)"),
                required=consultation.is_named,
                max_length=40,
                help_text=_(
                    "So they can see and withdraw their answers. Staff will not see it again: "
                    "answers stay pseudonymous."
                )
                if consultation.is_pseudonymous
                else "",
                error_messages={"required": _("Enter the username of the person who answered")},
            )
            meta["answered_on"] = date_field(
                _("Date of the interview or form"),
                what=str(_("the date of the interview or form")),
                initial=timezone.localdate,
            )
        if consultation.ask_profile:
            meta.update(profile_fields(consultation))
        self.fields.update(meta)
        layout = [Field.radios("method", legend_size="s", inline=True)]
        layout += [Field.text(n) for n in ("respondent", "answered_on") if n in self.fields]
        layout += [Field.text("interviewer", field_width=20), Field.text("interviewer_name")]
        layout += [layout_for(q, question_field_name(q)) for q in questions]
        layout += [
            Field.radios(n, legend_size="s", small=True)
            for n in ("gender", "ethnic_group", "age_band", "area")
            if n in self.fields
        ]
        layout.append(Field.checkbox("consent_confirmed"))
        self.helper.layout = Layout(*layout)

    def _user(self, name: str, *, staff: bool) -> User | None:
        username = self.cleaned_data.get(name, "").strip().lower()
        if not username:
            return None
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("There is no account with the username ‘%(u)s’") % {"u": username}
            )
        if staff and not user.has_role(Role.STAFF, Role.ADMINISTRATOR, Role.SENIOR_MANAGER):
            raise ValidationError(_("‘%(u)s’ is not a member of staff") % {"u": username})
        if not staff and not audience.is_member(user):
            raise ValidationError(_("‘%(u)s’ is not a member") % {"u": username})
        return user

    def clean_interviewer(self) -> User | None:
        return self._user("interviewer", staff=True)

    def clean_respondent(self) -> User | None:
        return self._user("respondent", staff=False)

    def clean_answered_on(self):
        day = self.cleaned_data.get("answered_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future"))
        return day

    def profile(self) -> dict[str, str]:
        return {
            n: self.cleaned_data.get(n) or ""
            for n in Submission.PROFILE_FIELDS
            if self.cleaned_data.get(n)
        }
