"""The one confirmation page every irreversible step goes through.

A view that does something that cannot be undone answers GET with this page and does the
thing only on POST, so the first click only ever asks. The page says what will happen in one
sentence, warns that it cannot be undone, and offers a "Yes, …" button and a "No, go back"
link: the safe choice is the one that needs no form.

A step that needs a few words from the person (a reason) passes a ``form``: its fields are
drawn above the buttons, its error summary at the top, and the view acts only on a POST
that is confirmed *and* valid.
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    consequence: str,
    yes_label: str,
    back_url: str,
    warning: str = "",
    caption: str = "",
    details: list[tuple[str, str]] | None = None,
    destructive: bool = False,
    form: forms.BaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the page; its form posts ``confirm=yes`` back to the same URL.

    ``form`` (optional) is drawn inside the page's own form, without a button of its own.
    """
    if form is not None:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        form.helper = helper  # type: ignore[attr-defined]  # crispy reads it; not on BaseForm
        form.summary_at_top = True  # type: ignore[attr-defined]  # read by gds/errors.html
    return render(
        request,
        "includes/confirm_page.html",
        {
            "title": title,
            "consequence": consequence,
            "warning": warning,
            "yes_label": yes_label,
            "back_url": back_url,
            "caption": caption,
            "details": details or [],
            "destructive": destructive,
            "form": form,
        },
        status=status,
    )


def is_confirmed(request: HttpRequest) -> bool:
    """True only for the confirmation page's own "Yes" (a bare POST only asks again)."""
    return request.method == "POST" and request.POST.get("confirm") == "yes"
