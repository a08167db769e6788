"""Reminders to owners and champions: due within 7 days, overdue, and a weekly digest.

Each is sent once, even if the job runs twice or two workers overlap:
- "due soon" and "overdue" claim the action with a conditional update of the due date the
  reminder is for (``due_soon_reminded_for`` / ``overdue_reminded_for``); only the run whose
  update changed the row sends, and the notification's dedupe key names the action, the
  due date and the person, so even a lost claim cannot send twice. Moving the due date
  earns a new reminder.
- the digest's dedupe key names the person and the ISO week; the unique key is the claim.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from actionplan.models import OPEN_STATUSES, Action, Status
from actionplan.rag import Rag, rag_for
from core.notification_kinds import NotificationKind
from core.services import notify
from users.models import User

DUE_SOON_DAYS = 7
DIGEST_LIMIT = 25


def _people(action: Action) -> list[User]:
    people: list[User | None] = [action.owner]
    if action.champion_id and action.champion_id != action.owner_id:
        people.append(action.champion)
    return [p for p in people if p is not None and p.is_active]


def _send_claimed(
    *, qs: QuerySet[Action], claim_field: str, kind: str, key: str, today: date
) -> int:
    sent = 0
    for action in (
        qs.select_related("owner", "champion").order_by("due_on", "pk").iterator(chunk_size=500)
    ):
        with transaction.atomic():
            claimed = (
                Action.objects.filter(pk=action.pk, due_on=action.due_on, status__in=OPEN_STATUSES)
                .exclude(**{claim_field: action.due_on})
                .update(**{claim_field: action.due_on})
            )
            if not claimed:
                continue
            for person in _people(action):
                made = notify(
                    user=person,
                    kind=kind,
                    context={
                        "action": action,
                        "days": (action.due_on - today).days,
                        "days_late": (today - action.due_on).days,
                    },
                    dedupe_key=f"actionplan-{key}-{action.pk}-{action.due_on:%Y%m%d}-{person.pk}",
                    link=reverse("actionplan:action-detail", args=[action.pk]),
                )
                sent += made is not None
    return sent


def reminders_send(*, today: date | None = None) -> int:
    """Send "due within 7 days" and "overdue" reminders that are due. Returns messages sent."""
    today = today or timezone.localdate()
    open_actions = Action.objects.filter(status__in=OPEN_STATUSES)
    due_soon = open_actions.filter(
        due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    ).exclude(due_soon_reminded_for=F("due_on"))
    overdue = open_actions.filter(due_on__lt=today).exclude(overdue_reminded_for=F("due_on"))
    return _send_claimed(
        qs=due_soon,
        claim_field="due_soon_reminded_for",
        kind=NotificationKind.ACTIONPLAN_DUE_SOON,
        key="due-soon",
        today=today,
    ) + _send_claimed(
        qs=overdue,
        claim_field="overdue_reminded_for",
        kind=NotificationKind.ACTIONPLAN_OVERDUE,
        key="overdue",
        today=today,
    )


def digest_send(*, today: date | None = None) -> int:
    """One message a week to each owner and champion with open actions: what is theirs,
    what is late, what is due soon. Returns messages sent."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    rows = (
        Action.objects.filter(status__in=OPEN_STATUSES)
        .order_by("due_on", "pk")
        .values("pk", "title", "due_on", "status", "progress", "owner_id", "champion_id")
    )
    by_person: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for values in rows.iterator(chunk_size=2000):
        row: dict[str, Any] = {
            **values,
            "rag": rag_for(
                status=values["status"],
                due_on=values["due_on"],
                progress=values["progress"],
                today=today,
            ),
            "status_label": Status(values["status"]).label,
            "overdue": values["due_on"] < today,
        }
        by_person[row["owner_id"]].append(row)
        if row["champion_id"] and row["champion_id"] != row["owner_id"]:
            by_person[row["champion_id"]].append(row)
    people = User.objects.filter(pk__in=by_person, is_active=True).in_bulk()
    sent = 0
    for person_id in sorted(people):
        actions = by_person[person_id]
        made = notify(
            user=people[person_id],
            kind=NotificationKind.ACTIONPLAN_DIGEST,
            context={
                "actions": actions[:DIGEST_LIMIT],
                "more": max(0, len(actions) - DIGEST_LIMIT),
                "total": len(actions),
                "overdue": sum(1 for a in actions if a["overdue"]),
                "red": sum(1 for a in actions if a["rag"] == Rag.RED),
                "amber": sum(1 for a in actions if a["rag"] == Rag.AMBER),
                "week": f"{year}-W{week:02d}",
            },
            dedupe_key=f"actionplan-digest-{person_id}-{year}-W{week:02d}",
            link=reverse("actionplan:my-actions"),
        )
        sent += made is not None
    return sent
