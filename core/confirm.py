"""The one confirmation page every irreversible step goes through.

A view that does something that cannot be undone answers GET with this page and does the
thing only on POST, so the first click only ever asks. The page says what will happen in one
sentence, warns that it cannot be undone, and offers a "Yes, …" button and a "No, go back"
link: the safe choice is the one that needs no form.
"""

from __future__ import annotations

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
    status: int = 200,
) -> HttpResponse:
    """Render the page; its form posts ``confirm=yes`` back to the same URL."""
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
        },
        status=status,
    )


def is_confirmed(request: HttpRequest) -> bool:
    """True only for the confirmation page's own "Yes" (a bare POST only asks again)."""
    return request.method == "POST" and request.POST.get("confirm") == "yes"
