from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm
from core.phone import NOT_MOBILE_MESSAGE, can_take_texts, normalise_phone
from users import demographics
from users.models import User
from users.roles import Role
from users.validators import username_validator

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MemberCreateForm(PortalForm):
    submit_label = _("Create account and print invite slip")

    display_name = forms.CharField(
        label=_("Their name"),
        max_length=100,
        help_text=_("How the portal will address them, for example their first name."),
        error_messages={"required": _("Enter their name")},
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(Role.MEMBER.value, Role.MEMBER.label)],
        initial=[Role.MEMBER.value],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Most people are members. Other roles are given later."),
        error_messages={"required": _("Select at least one role")},
    )

    def __init__(
        self,
        *args: Any,
        allowed_roles: list[tuple[str, StrOrPromise]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if allowed_roles:
            cast(forms.MultipleChoiceField, self.fields["roles"]).choices = allowed_roles

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter their name."))
        return name


class ClaimForm(PortalForm):
    submit_label = _("Set up my account")

    code = forms.CharField(
        label=_("Code from your invite slip"),
        max_length=20,
        help_text=_("For example ABCD-EFGH-JKMN. Capital or small letters both work."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the code from your invite slip.")},
    )
    username = forms.CharField(
        label=_("Choose a username"),
        max_length=40,
        validators=[username_validator],
        help_text=_("You will use this to sign in. 3 to 40 letters, numbers, dots or dashes."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": _("Choose a username.")},
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A few words you will remember works well."),
        error_messages={"required": _("Choose a password.")},
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again.")},
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if len(code) != 12:
            raise forms.ValidationError(_("The code has 12 letters and numbers. Check the slip."))
        return code

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are different. Type them again."))
        return cleaned


class AccountDetailsForm(PortalForm):
    submit_label = _("Save my details")

    display_name = forms.CharField(label=_("Name to show"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Mobile number for text reminders (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    messages_by = forms.ChoiceField(
        label=_("How should we send you messages and reminders?"),
        choices=User.MessagesBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how we should send you messages")},
        help_text=_(
            "Every message also stays in your portal inbox. We can only e-mail or text you "
            "if we have your address or number."
        ),
    )

    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        required=False,
        choices=[("", _("Prefer not to say")), *demographics.Gender.choices],
        widget=forms.RadioSelect,
        help_text=_(
            "Only counted, never shown with your name. It helps us check the council "
            "speaks for everyone, for example that women are heard."
        ),
    )
    ethnic_group = forms.ChoiceField(
        label=_("Ethnic group (optional)"),
        required=False,
        choices=[("", _("Prefer not to say")), *demographics.EthnicGroup.choices],
        widget=forms.RadioSelect,
        help_text=_("Only counted, never shown with your name."),
    )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        phone, messages_by = cleaned.get("phone"), cleaned.get("messages_by")
        by_text = messages_by in (User.MessagesBy.SMS, User.MessagesBy.BOTH)
        if phone and by_text and not can_take_texts(phone):
            self.add_error("phone", NOT_MOBILE_MESSAGE)
        return cleaned


class DeletionRequestForm(PortalForm):
    submit_label = _("Ask to delete my account")

    reason = forms.CharField(
        label=_("Anything you want to tell us (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand my account will be closed and my details removed"),
        error_messages={"required": _("Tick the box to confirm you want this.")},
    )
