"""Shared themes: linking codes in different consultations' codebooks to one theme.

A code's name means something only inside its consultation ("Nothing" in one survey and in
another are unrelated). The senior managers' dashboards add codes up across consultations
only when staff have linked them to the same shared theme here, on the codebook page.

A small slice in one module (service, form, view): it is one form on one page.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consultations.coding import permissions
from consultations.coding.models import Code, Codebook, SharedTheme, SharedThemeLink
from consultations.coding.permissions import CODERS
from core.audit_actions import AuditAction
from core.http import acting_user
from core.services import audit_record
from users.models import User
from users.permissions import role_required


@transaction.atomic
def shared_theme_link(*, code: Code, name: str, actor: User) -> SharedThemeLink | None:
    """Link ``code`` to the shared theme called ``name`` (made if new); a blank name unlinks.

    Returns the link, or None when the code was unlinked.
    """
    name = " ".join(name.split())
    if not name:
        SharedThemeLink.objects.filter(code=code).delete()
        audit_record(actor=actor, action=AuditAction.CONSULTATIONS_SHARED_THEME_UNLINK, obj=code)
        return None
    theme = SharedTheme.objects.filter(name__iexact=name).first()
    if theme is None:
        theme = SharedTheme(name=name, created_by=actor)
        theme.full_clean()
        theme.save()
    link, _created = SharedThemeLink.objects.update_or_create(
        code=code, defaults={"theme": theme, "linked_by": actor}
    )
    audit_record(
        actor=actor,
        action=AuditAction.CONSULTATIONS_SHARED_THEME_LINK,
        obj=code,
        detail={"theme": theme.name},
    )
    return link


def shared_theme_rows(codebook: Codebook) -> list[dict]:
    """The codebook's codable codes with the shared theme each stands for (two queries)."""
    codes = list(
        Code.objects.filter(codebook=codebook, is_codable=True, is_active=True)
        .select_related("shared_theme_link__theme")
        .order_by("position", "name", "pk")
    )
    return [
        {
            "code": code,
            "theme": code.shared_theme_link.theme.name
            if hasattr(code, "shared_theme_link")
            else "",
        }
        for code in codes
    ]


def shared_theme_names() -> list[str]:
    return list(SharedTheme.objects.order_by("name").values_list("name", flat=True)[:500])


class SharedThemeForm(forms.Form):
    code = forms.ModelChoiceField(
        queryset=Code.objects.none(),
        label=gettext_lazy("Code"),
        error_messages={
            "required": gettext_lazy("Choose a code"),
            "invalid_choice": gettext_lazy("Choose a code from this codebook"),
        },
    )
    theme = forms.CharField(
        label=gettext_lazy("Shared theme"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Type a shared theme, or choose one already made. Leave it blank to unlink the code."
        ),
    )

    def __init__(self, *args, codebook: Codebook, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["code"]).queryset = Code.objects.filter(
            codebook=codebook, is_codable=True, is_active=True
        )


@role_required(*CODERS)
@require_POST
def codebook_shared_theme(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = permissions.get_codebook_for_coder(user=request.user, pk=pk)
    form = SharedThemeForm(request.POST, codebook=codebook)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("consultations:codebook-detail", pk=codebook.pk)
    code = form.cleaned_data["code"]
    link = shared_theme_link(code=code, name=form.cleaned_data["theme"], actor=acting_user(request))
    if link is None:
        messages.success(
            request, _("“%(code)s” is no longer linked to a shared theme.") % {"code": code.name}
        )
    else:
        messages.success(
            request,
            _("“%(code)s” is linked to the shared theme “%(theme)s”.")
            % {"code": code.name, "theme": link.theme.name},
        )
    return redirect("consultations:codebook-detail", pk=codebook.pk)
