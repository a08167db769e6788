"""The action plan: actions by status and RAG, overdue, done in the period, public, champion.

Action plans are the whole service's, so the all-councils page counts every action. A
council's page counts the actions that answer something raised at that council (their
source is one of its meetings' agenda items or decisions), found through the text
references the action plan keeps (``council.decision:12``).

"Done in the period" uses the action's change history: the moment it last became done.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    DateTimeField,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from actionplan.models import OPEN_STATUSES, Action, ActionSource, Status
from actionplan.rag import Rag, rag_expression
from council.models import AgendaItem, Decision
from dashboards.figures.context import ALL, Context

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# ``ref_id`` is text; only digits are cast, inside a CASE so the cast never sees text.
_DIGITS = r"^[0-9]{1,18}$"


def _ref_council(ref_model: str, lookup) -> Subquery:
    """The council of the first source of an action that points at ``ref_model``."""
    sources = ActionSource.objects.filter(action=OuterRef("pk"), ref_model=ref_model).annotate(
        ref_pk=Case(
            When(ref_id__regex=_DIGITS, then=Cast("ref_id", BigIntegerField())),
            default=Value(None),
            output_field=BigIntegerField(),
        )
    )
    target = lookup.filter(pk=OuterRef("ref_pk")).order_by().values("meeting__council_id")[:1]
    return Subquery(
        sources.annotate(c=Subquery(target)).filter(c__isnull=False).order_by("pk").values("c")[:1]
    )


def _done_at() -> tuple[Case, Subquery]:
    """When a done action last became done, from its history (None for other actions)."""
    history = Action.history.model.objects
    last_not_done = (
        history.filter(id=OuterRef("pk")).exclude(status=Status.DONE).order_by("-history_date")
    )
    became_done = (
        history.filter(id=OuterRef("pk"), status=Status.DONE)
        .filter(history_date__gt=Coalesce(OuterRef("last_not_done"), Value(_EPOCH)))
        .order_by("history_date")
        .values("history_date")[:1]
    )
    return Case(
        When(status=Status.DONE, then=Subquery(became_done)),
        default=Value(None),
        output_field=DateTimeField(),
    ), Subquery(last_not_done.values("history_date")[:1])


def actions(ctx: Context) -> dict[str, dict[str, Any]]:
    done_at, last_not_done = _done_at()
    qs = (
        Action.objects.annotate(
            council=Coalesce(
                _ref_council("council.decision", Decision.objects),
                _ref_council("council.agendaitem", AgendaItem.objects),
            ),
            # Not "rag": that name is a method of Action.
            rag_now=rag_expression(ctx.today),
            overdue=ExpressionWrapper(
                Q(status__in=OPEN_STATUSES, due_on__lt=ctx.today), output_field=BooleanField()
            ),
            has_champion=ExpressionWrapper(Q(champion__isnull=False), output_field=BooleanField()),
            # The owner's role, for "overdue, by role" (a person's first role by name).
            owner_role=Subquery(
                Group.objects.filter(user=OuterRef("owner")).order_by("name").values("name")[:1]
            ),
            last_not_done=last_not_done,
        )
        .annotate(done_at=done_at)
        .annotate(
            done_in_period=ExpressionWrapper(
                Q(done_at__gte=ctx.start_at, done_at__lt=ctx.end_before),
                output_field=BooleanField(),
            )
        )
        .values(
            "council",
            "status",
            "rag_now",
            "overdue",
            "is_public",
            "has_champion",
            "done_in_period",
            "owner_role",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    tallies: dict[str, dict[str, Counter]] = {scope: defaultdict(Counter) for scope in ctx.scopes}
    for row in qs:
        scopes = [ALL]
        if row["council"] is not None and str(row["council"]) in tallies:
            scopes.append(str(row["council"]))
        for scope in scopes:
            tally = tallies[scope]
            tally["status"][row["status"]] += row["n"]
            tally["rag"][row["rag_now"]] += row["n"]
            tally["flags"]["total"] += row["n"]
            tally["flags"]["overdue"] += row["n"] if row["overdue"] else 0
            if row["overdue"]:
                tally["overdue_role"][row["owner_role"] or ""] += row["n"]
            tally["flags"]["public"] += row["n"] if row["is_public"] else 0
            tally["flags"]["champion"] += row["n"] if row["has_champion"] else 0
            tally["flags"]["done_in_period"] += row["n"] if row["done_in_period"] else 0
    result = {}
    for scope in ctx.scopes:
        tally = tallies[scope]
        total = tally["flags"]["total"]
        result[scope] = {
            "by_status": [{"key": s, "n": tally["status"].get(s, 0)} for s in Status.values],
            "by_rag": [{"key": r, "n": tally["rag"].get(r, 0)} for r in Rag.values],
            "total": total,
            "overdue": tally["flags"]["overdue"],
            "overdue_by_role": dict(tally["overdue_role"]),
            "done_in_period": tally["flags"]["done_in_period"],
            "public": tally["flags"]["public"],
            "public_share": round(100.0 * tally["flags"]["public"] / total, 1) if total else None,
            "champion": tally["flags"]["champion"],
            "champion_share": round(100.0 * tally["flags"]["champion"] / total, 1)
            if total
            else None,
        }
    return result
