"""Peer-support business rules. Views, tasks, commands and tests all call these.

Split by subject: the modules here hold mentors, sessions, sign-ups, certificates, the
calendar feed and reminders; the features keep their own (``peersupport.helpline.services``,
``peersupport.matching.services``, ``peersupport.expenses.services``). Everything a caller
needs is importable from ``peersupport.services``. Feature services never import this
package (it imports them), so there is no import cycle.
"""

from peersupport.expenses.services import (
    claim_decide,
    claim_delete,
    claim_save,
    claim_submit,
    claims_exported,
    claims_mark_paid,
    mileage_rate_set,
)
from peersupport.helpline.services.calls import (
    call_follow_up_close,
    call_log,
    calls_apply_retention,
    local_service_save,
)
from peersupport.helpline.services.cover import (
    shift_gaps_warn,
    shift_invite_free,
    shift_reminders_send,
    unavailability_add,
    unavailability_remove,
)
from peersupport.helpline.services.patterns import (
    pattern_create,
    pattern_update,
    shifts_generate,
    shifts_generate_all,
)
from peersupport.helpline.services.rota import (
    shift_cancel,
    shift_drop,
    shift_signup,
    shifts_release_for,
    swap_accept,
    swap_offer,
    swap_withdraw,
)
from peersupport.matching.services.matches import (
    contact_log,
    do_not_match_add,
    do_not_match_remove,
    match_create,
    match_move,
    match_profile_save,
    match_request_create,
    match_request_withdraw,
    match_reviews_prompt,
)
from peersupport.matching.services.safeguarding import (
    concern_raise,
    concern_update,
    concern_viewed,
    concern_viewed_list,
)
from peersupport.recurrence import rule_parse
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
    "call_follow_up_close",
    "call_log",
    "calls_apply_retention",
    "local_service_save",
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
    "claim_decide",
    "claim_delete",
    "claim_save",
    "claim_submit",
    "claims_exported",
    "claims_mark_paid",
    "concern_raise",
    "concern_update",
    "concern_viewed",
    "concern_viewed_list",
    "contact_log",
    "do_not_match_add",
    "do_not_match_remove",
    "match_create",
    "match_move",
    "match_profile_save",
    "match_request_create",
    "match_request_withdraw",
    "match_reviews_prompt",
    "mentor_activate",
    "mentor_leave",
    "mentor_pause",
    "mileage_rate_set",
    "missing_to_start",
    "occurrence_cancel",
    "occurrence_minutes_save",
    "occurrence_update",
    "occurrences_generate",
    "occurrences_generate_all",
    "pattern_create",
    "pattern_update",
    "promote_waiting",
    "qualification_record",
    "referral_create",
    "reminders_send",
    "reviews_prompt",
    "rule_parse",
    "series_create",
    "series_update",
    "shift_cancel",
    "shift_drop",
    "shift_gaps_warn",
    "shift_invite_free",
    "shift_reminders_send",
    "shift_signup",
    "shifts_generate",
    "shifts_generate_all",
    "shifts_release_for",
    "signup_create",
    "signup_withdraw",
    "swap_accept",
    "swap_offer",
    "swap_withdraw",
    "unavailability_add",
    "unavailability_remove",
]
