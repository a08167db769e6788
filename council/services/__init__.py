"""Business rules for council/: every view, task, command and test calls these.

Split by subject: ``councils`` (councils, constituencies, membership, representatives),
``elections`` (lifecycle and nominations), ``ballots`` (the secret ballot), ``counting``
(count and release), ``reminders`` and ``log`` (the hash-chained election log, fingerprint);
``meetings`` (meetings, agendas, responses, attendance, minutes, decisions),
``meeting_reminders`` and ``issues`` ("tell your rep").
"""

from council.services.ballots import (  # noqa: F401
    ballot_box_seal,
    ballot_cast,
    paper_ballots_enter,
    paper_ballots_import_blt,
    paper_vote_mark,
    receipt_code_display,
    receipt_hash,
    receipt_is_published,
)
from council.services.councils import (  # noqa: F401
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
from council.services.counting import ballot_paper, election_count, election_release  # noqa: F401
from council.services.elections import (  # noqa: F401
    election_close_nominations,
    election_close_voting,
    election_create,
    election_open_nominations,
    election_open_voting,
    election_schedule_run,
    election_update,
    nomination_create,
    nomination_decide,
    nomination_respond,
    nomination_withdraw,
)
from council.services.issues import (  # noqa: F401
    rep_issue_close,
    rep_issue_create,
    rep_issue_merge,
    rep_issue_message,
    rep_issue_raise,
    representatives_exist,
)
from council.services.log import (  # noqa: F401
    election_fingerprint_check,
    election_log_append,
    election_log_last_hash,
    election_log_verify,
)
from council.services.meeting_reminders import (  # noqa: F401
    meeting_reminder_send,
    meeting_reminders_due,
)
from council.services.meetings import (  # noqa: F401
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
from council.services.reminders import election_reminders_due, election_reminders_send  # noqa: F401
