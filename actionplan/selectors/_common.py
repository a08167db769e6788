"""What the action-plan reads share: today, and the RAG rating worked out by the database."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import QuerySet
from django.utils import timezone

from actionplan.models import Action
from actionplan.rag import rag_expression


def _today(today: date | None) -> date:
    return today or timezone.localdate()


class _Rated(TypedDict):
    rag_value: str


class _OnTheBoard(TypedDict):
    rag_value: str
    owner_is_senior: bool
    champion_public_name: str | None
    latest_note: str | None
    latest_on: date | None


if TYPE_CHECKING:  # WithAnnotations takes two arguments only for the type checker
    from django_stubs_ext import WithAnnotations

    # Actions with what with_rag / the board's query annotate, so the checker knows them.
    RatedAction = WithAnnotations[Action, _Rated]
    BoardAction = WithAnnotations[Action, _OnTheBoard]


def with_rag(qs: QuerySet[Action], today: date | None = None) -> QuerySet[RatedAction]:
    """Annotate ``rag_value`` (red/amber/green/none), computed by the database."""
    return qs.annotate(rag_value=rag_expression(_today(today)))
