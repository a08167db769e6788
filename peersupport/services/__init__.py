"""Peer-support business rules. Views, tasks, commands and tests all call these.

Split by subject; everything a caller needs is importable from ``peersupport.services``.
"""

from peersupport.services.calendar import (
    calendar_feed_find,
    calendar_feed_issue,
    calendar_feed_revoke,
    calendar_render,
)
from peersupport.services.certificates import (
    certificate_find,
    certificate_revoke,
    certificate_rule_update,
    certificates_award,
)
from peersupport.services.lifecycle import (
    assessment_record,
    certificate_name_set,
    mentor_activate,
    mentor_leave,
    mentor_pause,
    missing_to_start,
    qualification_record,
    referral_create,
    reviews_prompt,
)
from peersupport.services.reminders import reminders_send
from peersupport.services.sessions import (
    occurrence_cancel,
    occurrence_minutes_save,
    occurrence_update,
    occurrences_generate,
    occurrences_generate_all,
    rule_parse,
    series_create,
    series_update,
)
from peersupport.services.signups import (
    attendance_record,
    promote_waiting,
    signup_create,
    signup_withdraw,
)

__all__ = [
    "assessment_record",
    "attendance_record",
    "calendar_feed_find",
    "calendar_feed_issue",
    "calendar_feed_revoke",
    "calendar_render",
    "certificate_find",
    "certificate_name_set",
    "certificate_revoke",
    "certificate_rule_update",
    "certificates_award",
    "mentor_activate",
    "mentor_leave",
    "mentor_pause",
    "missing_to_start",
    "occurrence_cancel",
    "occurrence_minutes_save",
    "occurrence_update",
    "occurrences_generate",
    "occurrences_generate_all",
    "promote_waiting",
    "qualification_record",
    "referral_create",
    "reminders_send",
    "reviews_prompt",
    "rule_parse",
    "series_create",
    "series_update",
    "signup_create",
    "signup_withdraw",
]
