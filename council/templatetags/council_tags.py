"""Small display helpers for council templates. No logic beyond formatting."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``{{ stage.votes|get_item:name }}``: look a name up in a dict from the count report."""
    return mapping.get(key, "") if isinstance(mapping, dict) else ""


@register.filter
def votes(value: str | None) -> str:
    """``12.00000`` -> ``12``; ``12.50000`` stays as it is (the count works to 5 places)."""
    if not value:
        return "0" if value is not None else ""
    text = str(value)
    if text.endswith(".00000"):
        return text[:-6]
    return text


@register.filter
def signed_votes(value: str | None) -> str:
    text = votes(value)
    if text in ("", "0", "-0"):
        return ""
    return text if text.startswith("-") else f"+{text}"


@register.filter
def source_ref(obj: Any) -> str:
    """``{{ decision|source_ref }}`` -> ``council.decision:12`` (the action plan's reference)."""
    from council.action_links import source_ref as _ref

    return _ref(obj) if obj is not None and getattr(obj, "pk", None) else ""


@register.filter
def ballot_name(name: str) -> str:
    """``{{ name|ballot_name }}``: a candidate as members read it ("RON" spelled out)."""
    from council.plain_count import display_name

    return display_name(name)
