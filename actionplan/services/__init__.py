"""Action-plan business rules. Views, tasks, imports, the demo and tests all call these.

Split by subject; everything a caller needs is importable from ``actionplan.services``.
"""

from actionplan.services.actions import (
    MAX_BULK,
    action_create,
    action_set_status,
    action_update,
    actions_bulk_set_status,
)
from actionplan.services.champions import champion_erase, champion_name_set
from actionplan.services.imports import (
    ImportResult,
    RowError,
    actions_import,
    template_csv,
    updates_import,
)
from actionplan.services.plans import (
    objective_create,
    objective_update,
    plan_create,
    plan_update,
)
from actionplan.services.reminders import digest_send, reminders_send
from actionplan.services.sources import SourceInput, clean_link, source_add
from actionplan.services.updates import milestone_create, milestone_update, update_post

__all__ = [
    "MAX_BULK",
    "ImportResult",
    "RowError",
    "SourceInput",
    "action_create",
    "action_set_status",
    "action_update",
    "actions_bulk_set_status",
    "actions_import",
    "champion_erase",
    "champion_name_set",
    "clean_link",
    "digest_send",
    "milestone_create",
    "milestone_update",
    "objective_create",
    "objective_update",
    "plan_create",
    "plan_update",
    "reminders_send",
    "source_add",
    "template_csv",
    "update_post",
    "updates_import",
]
