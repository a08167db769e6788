"""Every audit action the portal records, in one place (issue 15).

A code is ``app.object.verb``: the Django app, the thing acted on, what was done to it
(``council.election.open_voting``). ``audit_record(action=...)`` takes one of these; the
audit log page filters on the start of a code, so ``peersupport.claim`` finds every
expense-claim event. ``tests/core/test_audit_actions.py`` checks that every code recorded
is declared here and has that shape.

The election log (``council.services.log``) has its own action names inside its hash
chain; they are not these and never change.
"""

from django.db import models

# Stored rows are renamed by core/migrations/0005_audit_action_codes.py, which keeps its
# own frozen copy of this table. Kept here for anyone reading an old export.
RENAMED: dict[str, str] = {
    "actionplan.action.bulk_status": "actionplan.action.bulk_set_status",
    "actionplan.action.status": "actionplan.action.set_status",
    "actionplan.champion.name": "actionplan.champion.set_name",
    "actionplan.import.actions": "actionplan.actions.import",
    "actionplan.import.updates": "actionplan.updates.import",
    "council.representative.portfolios": "council.representative.set_portfolios",
    "council.meeting.attendance": "council.attendance.record",
    "council.meeting.attendee_add": "council.attendee.add",
    "council.create": "council.council.create",
    "council.update": "council.council.update",
    "coding.code_changed": "consultations.code.update",
    "coding.code_created": "consultations.code.create",
    "coding.codebook_changed": "consultations.codebook.update",
    "coding.codebook_created": "consultations.codebook.create",
    "coding.codes_merged": "consultations.code.merge",
    "coding.exported": "consultations.coding_report.export",
    "coding.lead_added": "consultations.coding_lead.add",
    "coding.lead_removed": "consultations.coding_lead.remove",
    "coding.question_set_up": "consultations.coding_question.set_up",
    "coding.settled": "consultations.coding_item.settle",
    "coding.themes_published": "consultations.themes.publish",
    "coding.themes_unpublished": "consultations.themes.unpublish",
    "consultations.access_codes_made": "consultations.access_codes.make",
    "consultations.answered": "consultations.answers.submit",
    "consultations.answers_entered": "consultations.answers.enter",
    "consultations.answers_withdrawn": "consultations.answers.withdraw",
    "consultations.changed": "consultations.consultation.update",
    "consultations.closed": "consultations.consultation.close",
    "consultations.created": "consultations.consultation.create",
    "consultations.duplicated": "consultations.consultation.duplicate",
    "consultations.opened": "consultations.consultation.open",
    "consultations.published": "consultations.consultation.publish",
    "consultations.question_added": "consultations.question.add",
    "consultations.question_changed": "consultations.question.update",
    "consultations.question_removed": "consultations.question.remove",
    "consultations.questions_reordered": "consultations.question.reorder",
    "consultations.respondent_reidentified": "consultations.respondent.reidentify",
    "invite.claim": "users.invite.claim",
    "invite.issue": "users.invite.issue",
    "user.create": "users.user.create",
    "user.data_exported": "users.personal_data.export",
    "user.deleted": "users.user.delete",
    "user.deletion_cancelled": "users.deletion_request.cancel",
    "user.deletion_requested": "users.deletion_request.create",
    "user.details_changed": "users.details.update",
    "user.roles": "users.roles.set",
    "peersupport.assessment": "peersupport.assessment.record",
    "peersupport.attendance": "peersupport.attendance.record",
    "peersupport.calendar_feed_issue": "peersupport.calendar_feed.issue",
    "peersupport.calendar_feed_revoke": "peersupport.calendar_feed.revoke",
    "peersupport.certificate_award": "peersupport.certificate.award",
    "peersupport.certificate_revoke": "peersupport.certificate.revoke",
    "peersupport.certificate_rule": "peersupport.certificate_rule.set",
    "peersupport.claim_approve": "peersupport.claim.approve",
    "peersupport.claim_delete": "peersupport.claim.delete",
    "peersupport.claim_paid": "peersupport.claim.pay",
    "peersupport.claim_reject": "peersupport.claim.reject",
    "peersupport.claim_save": "peersupport.claim.save",
    "peersupport.claim_submit": "peersupport.claim.submit",
    "peersupport.claims_export": "peersupport.claims.export",
    "peersupport.concern_list_view": "peersupport.concern_list.view",
    "peersupport.concern_raise": "peersupport.concern.raise",
    "peersupport.concern_update": "peersupport.concern.update",
    "peersupport.concern_view": "peersupport.concern.view",
    "peersupport.contact_log": "peersupport.contact.log",
    "peersupport.do_not_match_add": "peersupport.do_not_match.add",
    "peersupport.do_not_match_remove": "peersupport.do_not_match.remove",
    "peersupport.match_create": "peersupport.match.create",
    "peersupport.match_move": "peersupport.match.move",
    "peersupport.match_profile": "peersupport.match_profile.update",
    "peersupport.match_request": "peersupport.match_request.create",
    "peersupport.match_request_withdraw": "peersupport.match_request.withdraw",
    "peersupport.mentor_status": "peersupport.mentor.set_status",
    "peersupport.mileage_rate": "peersupport.mileage_rate.set",
    "peersupport.minutes": "peersupport.minutes.save",
    "peersupport.occurrence_cancel": "peersupport.occurrence.cancel",
    "peersupport.occurrence_update": "peersupport.occurrence.update",
    "peersupport.qualification": "peersupport.qualification.record",
    "peersupport.referral": "peersupport.referral.record",
    "peersupport.series_create": "peersupport.series.create",
    "peersupport.series_update": "peersupport.series.update",
    "peersupport.shift_cancel": "peersupport.shift.cancel",
    "peersupport.shift_drop": "peersupport.shift.drop",
    "peersupport.shift_invite": "peersupport.shift.invite",
    "peersupport.shift_pattern_create": "peersupport.shift_pattern.create",
    "peersupport.shift_pattern_update": "peersupport.shift_pattern.update",
    "peersupport.shift_signup": "peersupport.shift.sign_up",
    "peersupport.shifts_released": "peersupport.shifts.release",
    "peersupport.signup": "peersupport.signup.create",
    "peersupport.signup_withdraw": "peersupport.signup.withdraw",
    "peersupport.swap_accept": "peersupport.swap.accept",
    "peersupport.swap_offer": "peersupport.swap.offer",
    "peersupport.swap_withdraw": "peersupport.swap.withdraw",
}


class AuditAction(models.TextChoices):
    """The ``action`` of an ``AuditEvent``."""

    # actionplan
    ACTIONPLAN_ACTION_BULK_SET_STATUS = "actionplan.action.bulk_set_status"
    ACTIONPLAN_ACTION_CREATE = "actionplan.action.create"
    ACTIONPLAN_ACTION_SET_STATUS = "actionplan.action.set_status"
    ACTIONPLAN_ACTION_UPDATE = "actionplan.action.update"
    ACTIONPLAN_ACTIONS_IMPORT = "actionplan.actions.import"
    ACTIONPLAN_CHAMPION_SET_NAME = "actionplan.champion.set_name"
    ACTIONPLAN_MILESTONE_CREATE = "actionplan.milestone.create"
    ACTIONPLAN_MILESTONE_UPDATE = "actionplan.milestone.update"
    ACTIONPLAN_OBJECTIVE_CREATE = "actionplan.objective.create"
    ACTIONPLAN_OBJECTIVE_UPDATE = "actionplan.objective.update"
    ACTIONPLAN_PLAN_CREATE = "actionplan.plan.create"
    ACTIONPLAN_PLAN_UPDATE = "actionplan.plan.update"
    ACTIONPLAN_SOURCE_ADD = "actionplan.source.add"
    ACTIONPLAN_UPDATE_POST = "actionplan.update.post"
    ACTIONPLAN_UPDATES_IMPORT = "actionplan.updates.import"

    # consultations
    CONSULTATIONS_ACCESS_CODES_MAKE = "consultations.access_codes.make"
    CONSULTATIONS_ANSWERS_ENTER = "consultations.answers.enter"
    CONSULTATIONS_ANSWERS_EXPORT = "consultations.answers.export"
    CONSULTATIONS_ANSWERS_SUBMIT = "consultations.answers.submit"
    CONSULTATIONS_ANSWERS_WITHDRAW = "consultations.answers.withdraw"
    CONSULTATIONS_CODE_CREATE = "consultations.code.create"
    CONSULTATIONS_CODE_MERGE = "consultations.code.merge"
    CONSULTATIONS_CODE_UPDATE = "consultations.code.update"
    CONSULTATIONS_CODEBOOK_CREATE = "consultations.codebook.create"
    CONSULTATIONS_CODEBOOK_UPDATE = "consultations.codebook.update"
    CONSULTATIONS_CODING_ITEM_SETTLE = "consultations.coding_item.settle"
    CONSULTATIONS_CODING_LEAD_ADD = "consultations.coding_lead.add"
    CONSULTATIONS_CODING_LEAD_REMOVE = "consultations.coding_lead.remove"
    CONSULTATIONS_CODING_QUESTION_SET_UP = "consultations.coding_question.set_up"
    CONSULTATIONS_CODING_REPORT_EXPORT = "consultations.coding_report.export"
    CONSULTATIONS_CONSULTATION_CLOSE = "consultations.consultation.close"
    CONSULTATIONS_CONSULTATION_CREATE = "consultations.consultation.create"
    CONSULTATIONS_CONSULTATION_DUPLICATE = "consultations.consultation.duplicate"
    CONSULTATIONS_CONSULTATION_OPEN = "consultations.consultation.open"
    CONSULTATIONS_CONSULTATION_PUBLISH = "consultations.consultation.publish"
    CONSULTATIONS_CONSULTATION_UPDATE = "consultations.consultation.update"
    CONSULTATIONS_QUESTION_ADD = "consultations.question.add"
    CONSULTATIONS_QUESTION_REMOVE = "consultations.question.remove"
    CONSULTATIONS_QUESTION_REORDER = "consultations.question.reorder"
    CONSULTATIONS_QUESTION_UPDATE = "consultations.question.update"
    CONSULTATIONS_RESPONDENT_REIDENTIFY = "consultations.respondent.reidentify"
    CONSULTATIONS_SHARED_THEME_LINK = "consultations.shared_theme.link"
    CONSULTATIONS_SHARED_THEME_UNLINK = "consultations.shared_theme.unlink"
    CONSULTATIONS_THEMES_PUBLISH = "consultations.themes.publish"
    CONSULTATIONS_THEMES_UNPUBLISH = "consultations.themes.unpublish"

    # council
    COUNCIL_AGENDA_ADD = "council.agenda.add"
    COUNCIL_AGENDA_MOVE = "council.agenda.move"
    COUNCIL_AGENDA_RESPOND = "council.agenda.respond"
    COUNCIL_AGENDA_UPDATE = "council.agenda.update"
    COUNCIL_ATTENDANCE_RECORD = "council.attendance.record"
    COUNCIL_ATTENDEE_ADD = "council.attendee.add"
    COUNCIL_CONSTITUENCY_CREATE = "council.constituency.create"
    COUNCIL_COUNCIL_CREATE = "council.council.create"
    COUNCIL_COUNCIL_UPDATE = "council.council.update"
    COUNCIL_DECISION_ADD = "council.decision.add"
    COUNCIL_DECISION_DELETE = "council.decision.delete"
    COUNCIL_ELECTION_CLOSE_NOMINATIONS = "council.election.close_nominations"
    COUNCIL_ELECTION_CLOSE_VOTING = "council.election.close_voting"
    COUNCIL_ELECTION_COUNT = "council.election.count"
    COUNCIL_ELECTION_CREATE = "council.election.create"
    COUNCIL_ELECTION_OPEN_NOMINATIONS = "council.election.open_nominations"
    COUNCIL_ELECTION_OPEN_VOTING = "council.election.open_voting"
    COUNCIL_ELECTION_RELEASE = "council.election.release"
    COUNCIL_ELECTION_UPDATE = "council.election.update"
    COUNCIL_ISSUE_CLOSE = "council.issue.close"
    COUNCIL_ISSUE_MERGE = "council.issue.merge"
    COUNCIL_ISSUE_RAISE = "council.issue.raise"
    COUNCIL_ISSUE_REPLY = "council.issue.reply"
    COUNCIL_MEETING_CANCEL = "council.meeting.cancel"
    COUNCIL_MEETING_CREATE = "council.meeting.create"
    COUNCIL_MEETING_UPDATE = "council.meeting.update"
    COUNCIL_MEMBERSHIP_ADD = "council.membership.add"
    COUNCIL_MEMBERSHIP_END = "council.membership.end"
    COUNCIL_MINUTES_APPROVE = "council.minutes.approve"
    COUNCIL_MINUTES_PUBLISH = "council.minutes.publish"
    COUNCIL_MINUTES_SAVE = "council.minutes.save"
    COUNCIL_NOMINATION_ACCEPT = "council.nomination.accept"
    COUNCIL_NOMINATION_REJECT = "council.nomination.reject"
    COUNCIL_PAPER_BALLOTS_ENTER = "council.paper_ballots.enter"
    COUNCIL_PAPER_VOTE_MARK = "council.paper_vote.mark"
    COUNCIL_PORTFOLIO_CREATE = "council.portfolio.create"
    COUNCIL_RECORDED_SELECTION_CREATE = "council.recorded_selection.create"
    COUNCIL_REPRESENTATIVE_COOPT = "council.representative.coopt"
    COUNCIL_REPRESENTATIVE_SET_PORTFOLIOS = "council.representative.set_portfolios"
    COUNCIL_REPRESENTATIVE_STAND_DOWN = "council.representative.stand_down"

    # dashboards
    DASHBOARDS_CASELOAD_SET = "dashboards.caseload.set"

    # peersupport
    PEERSUPPORT_ASSESSMENT_RECORD = "peersupport.assessment.record"
    PEERSUPPORT_ATTENDANCE_RECORD = "peersupport.attendance.record"
    PEERSUPPORT_CALENDAR_FEED_ISSUE = "peersupport.calendar_feed.issue"
    PEERSUPPORT_CALENDAR_FEED_REVOKE = "peersupport.calendar_feed.revoke"
    PEERSUPPORT_CERTIFICATE_AWARD = "peersupport.certificate.award"
    PEERSUPPORT_CERTIFICATE_REVOKE = "peersupport.certificate.revoke"
    PEERSUPPORT_CERTIFICATE_RULE_SET = "peersupport.certificate_rule.set"
    PEERSUPPORT_CLAIM_APPROVE = "peersupport.claim.approve"
    PEERSUPPORT_CLAIM_DELETE = "peersupport.claim.delete"
    PEERSUPPORT_CLAIM_PAY = "peersupport.claim.pay"
    PEERSUPPORT_CLAIM_REJECT = "peersupport.claim.reject"
    PEERSUPPORT_CLAIM_SAVE = "peersupport.claim.save"
    PEERSUPPORT_CLAIM_SUBMIT = "peersupport.claim.submit"
    PEERSUPPORT_CLAIMS_EXPORT = "peersupport.claims.export"
    PEERSUPPORT_CONCERN_RAISE = "peersupport.concern.raise"
    PEERSUPPORT_CONCERN_UPDATE = "peersupport.concern.update"
    PEERSUPPORT_CONCERN_VIEW = "peersupport.concern.view"
    PEERSUPPORT_CONCERN_LIST_VIEW = "peersupport.concern_list.view"
    PEERSUPPORT_CONTACT_LOG = "peersupport.contact.log"
    PEERSUPPORT_DO_NOT_MATCH_ADD = "peersupport.do_not_match.add"
    PEERSUPPORT_DO_NOT_MATCH_REMOVE = "peersupport.do_not_match.remove"
    PEERSUPPORT_MATCH_CREATE = "peersupport.match.create"
    PEERSUPPORT_MATCH_MOVE = "peersupport.match.move"
    PEERSUPPORT_MATCH_PROFILE_UPDATE = "peersupport.match_profile.update"
    PEERSUPPORT_MATCH_REQUEST_CREATE = "peersupport.match_request.create"
    PEERSUPPORT_MATCH_REQUEST_WITHDRAW = "peersupport.match_request.withdraw"
    PEERSUPPORT_MENTOR_SET_STATUS = "peersupport.mentor.set_status"
    PEERSUPPORT_MILEAGE_RATE_SET = "peersupport.mileage_rate.set"
    PEERSUPPORT_MINUTES_SAVE = "peersupport.minutes.save"
    PEERSUPPORT_OCCURRENCE_CANCEL = "peersupport.occurrence.cancel"
    PEERSUPPORT_OCCURRENCE_UPDATE = "peersupport.occurrence.update"
    PEERSUPPORT_QUALIFICATION_RECORD = "peersupport.qualification.record"
    PEERSUPPORT_REFERRAL_RECORD = "peersupport.referral.record"
    PEERSUPPORT_SERIES_CREATE = "peersupport.series.create"
    PEERSUPPORT_SERIES_UPDATE = "peersupport.series.update"
    PEERSUPPORT_SHIFT_CANCEL = "peersupport.shift.cancel"
    PEERSUPPORT_SHIFT_DROP = "peersupport.shift.drop"
    PEERSUPPORT_SHIFT_INVITE = "peersupport.shift.invite"
    PEERSUPPORT_SHIFT_SIGN_UP = "peersupport.shift.sign_up"
    PEERSUPPORT_SHIFT_PATTERN_CREATE = "peersupport.shift_pattern.create"
    PEERSUPPORT_SHIFT_PATTERN_UPDATE = "peersupport.shift_pattern.update"
    PEERSUPPORT_SHIFTS_RELEASE = "peersupport.shifts.release"
    PEERSUPPORT_SIGNUP_CREATE = "peersupport.signup.create"
    PEERSUPPORT_SIGNUP_WITHDRAW = "peersupport.signup.withdraw"
    PEERSUPPORT_SWAP_ACCEPT = "peersupport.swap.accept"
    PEERSUPPORT_SWAP_OFFER = "peersupport.swap.offer"
    PEERSUPPORT_SWAP_WITHDRAW = "peersupport.swap.withdraw"

    # users
    USERS_DELETION_REQUEST_CANCEL = "users.deletion_request.cancel"
    USERS_DELETION_REQUEST_CREATE = "users.deletion_request.create"
    USERS_DETAILS_UPDATE = "users.details.update"
    USERS_INVITE_CLAIM = "users.invite.claim"
    USERS_INVITE_ISSUE = "users.invite.issue"
    USERS_PERSONAL_DATA_EXPORT = "users.personal_data.export"
    USERS_ROLES_SET = "users.roles.set"
    USERS_USER_CREATE = "users.user.create"
    USERS_USER_DELETE = "users.user.delete"
