"""Council records the action plan can turn into actions: read by ``actionplan.sources``.

``council/hooks.py`` declares these resolvers with ``core.hooks.register_action_source``;
council never imports the action plan. A resolver takes the primary key as text and the
person asking (``None`` for a background job) and returns a plain dict, or ``None`` when
there is no such record or that person may not see it.

Privacy: ``summary`` is what the council said in public, naming no one. ``raised_by`` lists
the members who raised the item through "tell your rep" and the representative who put it
on the agenda, so the action plan can tell each of them, separately, when the action
changes. The action plan never shows that list; members who kept their name from staff are
still told, because telling them is the point of raising it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import dateformat, timezone

from core.http import int_param
from council.models import AgendaItem, Decision, Minutes, RepIssue
from council.permissions import has_any_role, minutes_visible

SUMMARY_LIMIT = 900  # the action plan keeps at most 1,000 characters


def _clip(text: str) -> str:
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1].rstrip() + "…"


def _pk(value: str) -> int | None:
    try:
        return int_param(str(value))
    except ValueError:
        return None


def _raisers(item: AgendaItem | None) -> list[int]:
    if item is None:
        return []
    ids = set(
        RepIssue.objects.filter(agenda_item=item, raised_by__isnull=False).values_list(
            "raised_by", flat=True
        )
    )
    if item.raised_as == AgendaItem.RaisedAs.REPRESENTATIVE and item.raised_by_id:
        ids.add(item.raised_by_id)
    return sorted(ids)


def _day(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "j F Y")


def _where(item: AgendaItem) -> str:
    meeting = item.meeting
    text = f"{meeting.council.name}, {meeting.title} ({_day(meeting.starts_at)})"
    if item.constituency is not None:
        text += f", raised for {item.constituency.name}"
    return text


def resolve_agenda_item(*, pk: str, user: Any) -> dict | None:
    key = _pk(pk)
    item = (
        AgendaItem.objects.select_related("meeting", "meeting__council", "constituency")
        .filter(pk=key)
        .first()
        if key
        else None
    )
    if item is None or (user is not None and not has_any_role(user)):
        return None
    return {
        "summary": _clip(f"{item.title}. {_where(item)}."),
        "link": reverse("council:agenda-item-detail", kwargs={"pk": item.pk}),
        "count": item.people_count or None,
        "raised_by": _raisers(item),
    }


def resolve_decision(*, pk: str, user: Any) -> dict | None:
    key = _pk(pk)
    decision = (
        Decision.objects.select_related(
            "meeting", "meeting__council", "item", "item__constituency", "item__meeting"
        )
        .filter(pk=key)
        .first()
        if key
        else None
    )
    if decision is None:
        return None
    minutes = Minutes.objects.filter(meeting=decision.meeting).first()
    if user is not None and not (
        has_any_role(user) and minutes_visible(user, decision.meeting, minutes)
    ):
        return None
    item = decision.item
    return {
        "summary": _clip(
            f"{decision.text} (decided at {decision.meeting.title}, "
            f"{_day(decision.meeting.starts_at)})"
        ),
        "link": reverse("council:decision-detail", kwargs={"pk": decision.pk}),
        "count": (item.people_count or None) if item else None,
        "raised_by": _raisers(item),
    }
