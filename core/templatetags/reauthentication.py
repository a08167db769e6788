"""``{% reauthentication_purpose as purpose %}``: on the "Confirm it is you" pages, what the
person is about to do, as the view they came from declared it (``core.hooks``); empty when it
did not (changing a password or an e-mail address: the page's own wording fits those)."""

from __future__ import annotations

from typing import Any

from django import template

from core.hooks import reauthentication_purpose as _purpose

register = template.Library()


@register.simple_tag(takes_context=True)
def reauthentication_purpose(context: dict[str, Any]) -> str:
    request = context.get("request")
    if request is None:
        return ""
    return str(_purpose(request.GET.get("next", "")) or "")
