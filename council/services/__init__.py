"""Business rules for council/: every view, task, command and test calls these.

Split by subject: ``councils`` (councils, constituencies, membership, representatives),
``elections`` (the lifecycle), ``nominations``, ``ballots`` (the secret ballot) and
``ballot_box`` (opening it at close), ``counting`` (count and release), ``reminders`` and
``log`` (the hash-chained election log, fingerprint);
``meetings`` (meetings, agendas, responses, attendance, minutes, decisions),
``meeting_reminders`` and ``issues`` ("tell your rep").
"""

from council.services.ballot_box import ballot_box_seal
from council.services.ballots import (
    ballot_cast,
    paper_ballots_enter,
    paper_ballots_import_blt,
    paper_vote_mark,
    receipt_code_display,
    receipt_hash,
    receipt_is_published,
)
from council.services.councils import (
    constituency_create,
    council_create,
    council_update,
    membership_add,
    membership_end,
    portfolio_create,
    recorded_selection_create,
    representative_coopt,
    representative_set_portfolios,
    representative_stand_down,
)
from council.services.counting import ballot_paper, election_count, election_release
from council.services.elections import (
    election_cancel,
    election_close_nominations,
    election_close_voting,
    election_create,
    election_open_nominations,
    election_open_voting,
    election_schedule_run,
    election_update,
)
from council.services.issues import (
    rep_issue_close,
    rep_issue_create,
    rep_issue_merge,
    rep_issue_message,
    rep_issue_raise,
    representatives_exist,
)
from council.services.log import (
    election_fingerprint_check,
    election_log_append,
    election_log_last_hash,
    election_log_verify,
)
from council.services.meeting_reminders import (
    meeting_reminder_send,
    meeting_reminders_due,
)
from council.services.meetings import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_update,
    attendance_record,
    attendee_add,
    decision_add,
    decision_delete,
    meeting_cancel,
    meeting_create,
    meeting_update,
    minutes_approve,
    minutes_publish,
    minutes_save,
    response_post,
)
from council.services.nominations import (
    nomination_create,
    nomination_decide,
    nomination_respond,
    nomination_withdraw,
)
from council.services.reminders import (
    election_cancelled_notify,
    election_reminders_due,
    election_reminders_send,
)

__all__ = [
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_update",
    "attendance_record",
    "attendee_add",
    "ballot_box_seal",
    "ballot_cast",
    "ballot_paper",
    "constituency_create",
    "council_create",
    "council_update",
    "decision_add",
    "decision_delete",
    "election_cancel",
    "election_close_nominations",
    "election_close_voting",
    "election_count",
    "election_create",
    "election_fingerprint_check",
    "election_log_append",
    "election_log_last_hash",
    "election_log_verify",
    "election_open_nominations",
    "election_open_voting",
    "election_release",
    "election_cancelled_notify",
    "election_reminders_due",
    "election_reminders_send",
    "election_schedule_run",
    "election_update",
    "meeting_cancel",
    "meeting_create",
    "meeting_reminder_send",
    "meeting_reminders_due",
    "meeting_update",
    "membership_add",
    "membership_end",
    "minutes_approve",
    "minutes_publish",
    "minutes_save",
    "nomination_create",
    "nomination_decide",
    "nomination_respond",
    "nomination_withdraw",
    "paper_ballots_enter",
    "paper_ballots_import_blt",
    "paper_vote_mark",
    "portfolio_create",
    "receipt_code_display",
    "receipt_hash",
    "receipt_is_published",
    "recorded_selection_create",
    "rep_issue_close",
    "rep_issue_create",
    "rep_issue_merge",
    "rep_issue_message",
    "rep_issue_raise",
    "representative_coopt",
    "representative_set_portfolios",
    "representative_stand_down",
    "representatives_exist",
    "response_post",
]
