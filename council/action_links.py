"""Links between council records and the action plan, without council importing it.

Imports run one way (core <- users <- council <- actionplan), so:

- **council -> action plan**: the "make this an action" button is only a link to the action
  plan's create page carrying the source (``?source_kind=council_decision&source_ref=
  council.decision:12``). ``action_create_url`` builds it, and gives ``""`` when the action
  plan is not installed (its URL name does not reverse). The action plan reads the source
  through ``council/action_sources.py``, which its ``sources.autodiscover()`` finds.
- **action plan -> council**: to show a member "your issue became action Y", council asks a
  *finder* that the action plan registers from its own ``apps.py``::

      from council.action_links import register_action_finder
      register_action_finder(find_public_actions)   # refs -> {ref: [ActionLink, ...]}

  With no finder registered the trail simply stops at the decision.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import models
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)

ACTION_CREATE_URL_NAME = "actionplan:action-create"
# The action plan's SourceKind values for council records.
KIND_FOR_MODEL = {
    "council.agendaitem": "council_agenda_item",
    "council.decision": "council_decision",
}


@dataclass(frozen=True)
class ActionLink:
    """A public action on the "You said, we did" board that answers a council record."""

    title: str
    status: str
    link: str = ""


Finder = Callable[[list[str]], "dict[str, list[ActionLink]]"]
_finder: Finder | None = None


def register_action_finder(finder: Finder | None) -> None:
    """Called by the action plan. ``finder(refs)`` returns, for each ``"council.decision:12"``
    style reference, the *public* actions that cite it (never private ones: members see
    these). ``None`` removes the finder."""
    global _finder
    _finder = finder


def has_action_finder() -> bool:
    return _finder is not None


def source_ref(obj: models.Model) -> str:
    """``council.decision:12``: how the action plan refers to a council record."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def action_create_url(obj: models.Model) -> str:
    """The action plan's create page for an action made from ``obj``, or ``""``."""
    label = obj._meta.label_lower
    kind = KIND_FOR_MODEL.get(label)
    if kind is None:
        return ""
    try:
        base = reverse(ACTION_CREATE_URL_NAME)
    except NoReverseMatch:
        return ""
    return f"{base}?{urlencode({'source_kind': kind, 'source_ref': source_ref(obj)})}"


def actions_for(refs: Iterable[str]) -> dict[str, list[ActionLink]]:
    """Public actions answering each reference, in one call to the finder (one query there).

    A failing finder must never break a council page, so errors are logged and give nothing.
    """
    refs = sorted(set(refs))
    if _finder is None or not refs:
        return {}
    try:
        found = _finder(refs) or {}
    except Exception:
        logger.exception("The action finder failed for %s", refs[:5])
        return {}
    return {ref: [_as_link(a) for a in found.get(ref, [])] for ref in refs if found.get(ref)}


def _as_link(value: ActionLink | dict) -> ActionLink:
    if isinstance(value, ActionLink):
        return value
    return ActionLink(
        title=str(value.get("title", "")),
        status=str(value.get("status", "")),
        link=str(value.get("link", "")),
    )
