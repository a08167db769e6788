"""Business rules for consultations. Views, tasks, the demo and tests all call these.

Split by concern: ``building`` (staff making consultations), ``questions`` (their
questions), ``access_codes`` (one-time codes for open links), ``answering`` (submissions,
drafts, withdrawal), ``jobs`` (scheduled work and retention) and ``steward``
(re-identification). Everything public is re-exported here.
"""

from consultations.services._common import (
    AlreadyAnswered,
    ConsentChanged,
    ConsultationError,
    InvalidAccessCode,
    NotOpen,
    NotReady,
    add_years,
)
from consultations.services.access_codes import IssuedCodes, access_code_batch_create
from consultations.services.answering import (
    NewSubmission,
    clean_answer,
    clean_answers,
    clean_profile,
    declined_options,
    draft_owner_key,
    draft_save,
    own_submission,
    question_field_name,
    submission_create,
    submission_withdraw_by_code,
    submission_withdraw_own,
)
from consultations.services.building import (
    anonymous_invitations_issue,
    consultation_close,
    consultation_create,
    consultation_duplicate,
    consultation_open,
    consultation_publish,
    consultation_update,
    current_consent_version,
)
from consultations.services.jobs import (
    RetentionResult,
    ScheduleResult,
    anonymous_invitations_sync,
    consultation_notify_opened,
    consultations_close_due,
    consultations_open_due,
    consultations_run_schedule,
    submissions_retention_run,
)
from consultations.services.questions import (
    question_create,
    question_delete,
    question_move,
    question_update,
)
from consultations.services.steward import Reidentification, submission_reidentify

__all__ = [
    "AlreadyAnswered",
    "ConsentChanged",
    "ConsultationError",
    "InvalidAccessCode",
    "IssuedCodes",
    "NewSubmission",
    "NotOpen",
    "NotReady",
    "Reidentification",
    "RetentionResult",
    "ScheduleResult",
    "access_code_batch_create",
    "add_years",
    "anonymous_invitations_issue",
    "anonymous_invitations_sync",
    "clean_answer",
    "declined_options",
    "clean_answers",
    "clean_profile",
    "consultation_close",
    "consultation_create",
    "consultation_duplicate",
    "consultation_notify_opened",
    "consultation_open",
    "consultation_publish",
    "consultation_update",
    "consultations_close_due",
    "consultations_open_due",
    "consultations_run_schedule",
    "current_consent_version",
    "draft_owner_key",
    "draft_save",
    "own_submission",
    "question_create",
    "question_delete",
    "question_field_name",
    "question_move",
    "question_update",
    "submission_create",
    "submission_reidentify",
    "submission_withdraw_by_code",
    "submission_withdraw_own",
    "submissions_retention_run",
]
