"""Reads for the action plan pages, one module per part of the app. Each fetches what its page
shows in a fixed number of queries, however many plans, actions, updates or sources there are.
Everything is re-exported here, so callers write ``selectors.board_item``."""

from typing import TYPE_CHECKING

from actionplan.selectors._common import with_rag
from actionplan.selectors.actions import (
    action_detail,
    actions_filtered,
    actions_for_source,
    my_actions,
)
from actionplan.selectors.board import (
    BoardItem,
    BoardSource,
    board_action,
    board_actions,
    board_item,
    board_milestones,
    board_summary,
    board_updates,
)
from actionplan.selectors.history import HistoryEntry, action_history
from actionplan.selectors.plans import (
    PLAN_PAGE_ACTIONS,
    champion_choices,
    objective_choices,
    owner_choices,
    plan_objectives,
    plans_with_counts,
    rag_counts,
)

if TYPE_CHECKING:
    from actionplan.selectors._common import BoardAction, RatedAction

__all__ = [
    "PLAN_PAGE_ACTIONS",
    "BoardAction",
    "BoardItem",
    "BoardSource",
    "HistoryEntry",
    "RatedAction",
    "action_detail",
    "action_history",
    "actions_filtered",
    "actions_for_source",
    "board_action",
    "board_actions",
    "board_item",
    "board_milestones",
    "board_summary",
    "board_updates",
    "champion_choices",
    "my_actions",
    "objective_choices",
    "owner_choices",
    "plan_objectives",
    "plans_with_counts",
    "rag_counts",
    "with_rag",
]
