"""Business rules for coding. Views, tasks, commands, the demo and tests all call these.

Split by topic: ``codebooks`` (codebooks and codes, merging), ``projects`` (lead coders,
publishing themes, setting questions up and filling their queues), ``queue`` (the next
answer, a coder's codes), ``review`` (a lead coder settling a disagreement) and ``counters``
(the periodic folding of the report's counter rows). Everything public is re-exported here.

The one rule everything else leans on is ``queue._recompute(item)``: after any change to an
answer's codings (a coder saves, edits, a code is merged, a lead settles) the answer's state
and its final codes are derived again from what is stored, so they can never drift from the
codings they summarise.
"""

from consultations.coding.services._common import CodingConflict, CodingError, validation_message
from consultations.coding.services.codebooks import (
    PALETTE,
    code_create,
    code_merge,
    code_update,
    codebook_create,
    codebook_update,
)
from consultations.coding.services.codebooks import _descendant_ids as _descendant_ids
from consultations.coding.services.counters import coding_counts_fold
from consultations.coding.services.projects import (
    coding_items_sync,
    coding_items_sync_all,
    coding_lead_add,
    coding_lead_remove,
    coding_themes_publish,
    question_coding_set,
)
from consultations.coding.services.queue import (
    CLAIM_FOR,
    coding_item_release,
    coding_pass_save,
    coding_queue_next,
)
from consultations.coding.services.review import coding_settle

__all__ = [
    "CLAIM_FOR",
    "PALETTE",
    "CodingConflict",
    "CodingError",
    "code_create",
    "code_merge",
    "code_update",
    "codebook_create",
    "codebook_update",
    "coding_counts_fold",
    "coding_item_release",
    "coding_items_sync",
    "coding_items_sync_all",
    "coding_lead_add",
    "coding_lead_remove",
    "coding_pass_save",
    "coding_queue_next",
    "coding_settle",
    "coding_themes_publish",
    "question_coding_set",
    "validation_message",
]
