"""Every kind of notification the portal sends, in one place (issue 15).

A kind names its template, ``templates/notifications/<kind>.txt`` (first line the subject,
the rest the body); ``tests/core/test_notification_kinds.py`` checks that each kind has one
and each template has a kind. The kind is stored on ``Notification.kind``: do not rename one
without a data migration.
"""

from django.db import models


class NotificationKind(models.TextChoices):
    """The ``kind`` of a ``Notification``, passed to ``core.services.notify``."""

    # actionplan
    ACTIONPLAN_CHAMPION_ADDED = "actionplan_champion_added"
    ACTIONPLAN_DIGEST = "actionplan_digest"
    ACTIONPLAN_DUE_SOON = "actionplan_due_soon"
    ACTIONPLAN_OVERDUE = "actionplan_overdue"
    ACTIONPLAN_STATUS_CHANGED = "actionplan_status_changed"

    # consultations
    CONSULTATIONS_OPEN = "consultations_open"
    CONSULTATIONS_REIDENTIFIED = "consultations_reidentified"

    # council
    COUNCIL_AGENDA_ANSWERED = "council_agenda_answered"
    COUNCIL_CLOSING = "council_closing"
    COUNCIL_ELECTION_CANCELLED = "council_election_cancelled"
    COUNCIL_ISSUE_ANSWERED = "council_issue_answered"
    COUNCIL_ISSUE_CLOSED = "council_issue_closed"
    COUNCIL_ISSUE_MEMBER_WROTE = "council_issue_member_wrote"
    COUNCIL_ISSUE_MINUTES = "council_issue_minutes"
    COUNCIL_ISSUE_RAISED = "council_issue_raised"
    COUNCIL_ISSUE_RECEIVED = "council_issue_received"
    COUNCIL_ISSUE_REPLY = "council_issue_reply"
    COUNCIL_MEETING_AGENDA = "council_meeting_agenda"
    COUNCIL_MEETING_CANCELLED = "council_meeting_cancelled"
    COUNCIL_MEETING_CHANGED = "council_meeting_changed"
    COUNCIL_MEETING_REMINDER = "council_meeting_reminder"
    COUNCIL_NOMINATED = "council_nominated"
    COUNCIL_NOMINATION_DECIDED = "council_nomination_decided"
    COUNCIL_NOMINATIONS_OPEN = "council_nominations_open"
    COUNCIL_VOTING_OPEN = "council_voting_open"

    # peersupport
    PEERSUPPORT_BOOKED = "peersupport_booked"
    PEERSUPPORT_CANCELLED = "peersupport_cancelled"
    PEERSUPPORT_CERTIFICATE = "peersupport_certificate"
    PEERSUPPORT_CHANGED = "peersupport_changed"
    PEERSUPPORT_CLAIM_APPROVED = "peersupport_claim_approved"
    PEERSUPPORT_CLAIM_PAID = "peersupport_claim_paid"
    PEERSUPPORT_CLAIM_REJECTED = "peersupport_claim_rejected"
    PEERSUPPORT_CLAIM_SUBMITTED = "peersupport_claim_submitted"
    PEERSUPPORT_CONCERN_RAISED = "peersupport_concern_raised"
    PEERSUPPORT_MATCH_CHANGED = "peersupport_match_changed"
    PEERSUPPORT_MATCH_PROPOSED = "peersupport_match_proposed"
    PEERSUPPORT_MATCH_REFERRED = "peersupport_match_referred"
    PEERSUPPORT_MATCH_REVIEW = "peersupport_match_review"
    PEERSUPPORT_MATCH_STARTED = "peersupport_match_started"
    PEERSUPPORT_PROMOTED = "peersupport_promoted"
    PEERSUPPORT_REMINDER = "peersupport_reminder"
    PEERSUPPORT_REVIEW_DUE = "peersupport_review_due"
    PEERSUPPORT_SHIFT_BOOKED = "peersupport_shift_booked"
    PEERSUPPORT_SHIFT_CANCELLED = "peersupport_shift_cancelled"
    PEERSUPPORT_SHIFT_COVER = "peersupport_shift_cover"
    PEERSUPPORT_SHIFT_DROPPED = "peersupport_shift_dropped"
    PEERSUPPORT_SHIFT_GAPS = "peersupport_shift_gaps"
    PEERSUPPORT_SHIFT_REMINDER = "peersupport_shift_reminder"
    PEERSUPPORT_SHIFT_REMOVED = "peersupport_shift_removed"
    PEERSUPPORT_STATUS = "peersupport_status"
    PEERSUPPORT_SWAP_OFFERED = "peersupport_swap_offered"
    PEERSUPPORT_SWAP_TAKEN = "peersupport_swap_taken"
