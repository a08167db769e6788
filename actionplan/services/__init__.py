"""Action-plan business rules. Views, tasks, imports, the demo and tests all call these.

Split by subject; everything a caller needs is importable from ``actionplan.services``.
"""

from actionplan.services.actions import (
    MAX_BULK,
    SourceInput,
    action_create,
    action_set_status,
    action_update,
    actions_bulk_set_status,
    champion_erase,
    champion_name_set,
    clean_link,
    milestone_create,
    milestone_update,
    source_add,
    update_post,
)
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
