"""The council app's models, a module per feature; every model is imported here for Django.

- ``councils``: councils, constituencies, portfolios and memberships.
- ``elections``: elections, nominations, the voter roll, the secret ballot (participation,
  the held and counted boxes, receipts), the hash-chained election log and the count.
- ``representatives``: representatives and the results reached in person.
- ``meetings``: meetings, attendees, the agenda, responses, minutes and decisions.
- ``issues``: "tell your rep" issues and their replies.
"""

from council.models.councils import Constituency, Council, Membership, Portfolio
from council.models.elections import (
    RON_LEGACY_NAMES,
    RON_NAME,
    Ballot,
    Election,
    ElectionCount,
    ElectionLogEntry,
    HeldBallot,
    Nomination,
    Participation,
    Receipt,
    RollEntry,
)
from council.models.issues import RepIssue, RepIssueMessage
from council.models.meetings import (
    AgendaItem,
    AgendaResponse,
    Decision,
    Meeting,
    MeetingAttendee,
    Minutes,
)
from council.models.representatives import RecordedSelection, Representative

__all__ = [
    "RON_LEGACY_NAMES",
    "RON_NAME",
    "AgendaItem",
    "AgendaResponse",
    "Ballot",
    "Constituency",
    "Council",
    "Decision",
    "Election",
    "ElectionCount",
    "ElectionLogEntry",
    "HeldBallot",
    "Meeting",
    "MeetingAttendee",
    "Membership",
    "Minutes",
    "Nomination",
    "Participation",
    "Portfolio",
    "Receipt",
    "RecordedSelection",
    "RepIssue",
    "RepIssueMessage",
    "Representative",
    "RollEntry",
]
