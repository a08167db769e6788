"""The audit log in words: one sentence for each action code the portal records.

The code (``app.object.verb``) stays on every row for filtering and for anyone who searches
the log by machine; people read the sentence. Each entry says who normally does it (the
role, never the person: the log's "Who" column already names the account) and what they
did. When no person did it (a periodic job), the sentence starts "The portal".

``tests/core/test_audit_words.py`` finds every ``audit_record(action=...)`` in the code base
and fails if a code has no sentence here, so a new action cannot reach the log unexplained.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Text = str | Promise

# Who does it. A role, in the words the portal uses for it.
STAFF = _("Staff")
ADMIN = _("An administrator")
MEMBER = _("A member")
MENTOR = _("A peer mentor")
REP = _("A representative")
RO = _("The returning officer")
STEWARD = _("A data steward")
SENIOR = _("A senior manager")
CODER = _("A coder")
PERSON = _("Someone")  # any signed-in person, acting on their own account
SYSTEM = _("The portal")


@dataclass(frozen=True)
class AuditWords:
    who: Text
    what: Text  # a past-tense phrase that follows ``who``

    def sentence(self, *, by_someone: bool = True) -> str:
        who = self.who if by_someone else SYSTEM
        return gettext("%(who)s %(what)s") % {"who": who, "what": self.what}


def _w(who: Text, what: Text) -> AuditWords:
    return AuditWords(who, what)


AUDIT_WORDS: dict[str, AuditWords] = {
    # Accounts
    "users.user.create": _w(STAFF, _("made an account")),
    "users.roles.set": _w(ADMIN, _("changed what someone can do (their roles)")),
    "users.details.update": _w(PERSON, _("changed their own details")),
    "users.personal_data.export": _w(PERSON, _("downloaded all the data held about them")),
    "users.deletion_request.create": _w(PERSON, _("asked for their account to be deleted")),
    "users.deletion_request.cancel": _w(
        PERSON, _("took back their request to delete their account")
    ),
    "users.user.delete": _w(ADMIN, _("deleted an account on request")),
    "users.invite.issue": _w(STAFF, _("printed an invite slip")),
    "users.invite.claim": _w(PERSON, _("used an invite slip to set up their account")),
    # Council
    "council.council.create": _w(STAFF, _("set up a council")),
    "council.council.update": _w(STAFF, _("changed a council's details")),
    "council.constituency.create": _w(STAFF, _("added a constituency")),
    "council.portfolio.create": _w(
        STAFF, _("added a portfolio (an area a representative leads on)")
    ),
    "council.membership.add": _w(STAFF, _("added someone to a constituency")),
    "council.membership.end": _w(STAFF, _("took someone out of a constituency")),
    "council.recorded_selection.create": _w(
        STAFF, _("recorded representatives chosen outside the portal")
    ),
    "council.representative.coopt": _w(STAFF, _("co-opted a representative")),
    "council.representative.set_portfolios": _w(STAFF, _("changed a representative's portfolios")),
    "council.representative.stand_down": _w(STAFF, _("recorded that a representative stood down")),
    "council.election.create": _w(RO, _("set up an election")),
    "council.election.update": _w(RO, _("changed an election's details")),
    "council.election.open_nominations": _w(RO, _("opened nominations")),
    "council.election.close_nominations": _w(RO, _("closed nominations")),
    "council.nomination.accept": _w(RO, _("accepted a nomination")),
    "council.nomination.reject": _w(RO, _("turned down a nomination")),
    "council.election.open_voting": _w(RO, _("opened voting")),
    "council.election.close_voting": _w(RO, _("closed voting")),
    "council.paper_vote.mark": _w(RO, _("marked someone on the roll as having voted on paper")),
    "council.paper_ballots.enter": _w(RO, _("entered paper ballots")),
    "council.election.count": _w(RO, _("ran the count")),
    "council.election.release": _w(RO, _("released an election result")),
    "council.election.cancel": _w(RO, _("cancelled an election")),
    "council.meeting.create": _w(STAFF, _("arranged a council meeting")),
    "council.meeting.update": _w(STAFF, _("changed a council meeting")),
    "council.meeting.cancel": _w(STAFF, _("cancelled a council meeting")),
    "council.attendee.add": _w(STAFF, _("added someone to a council meeting")),
    "council.attendance.record": _w(STAFF, _("recorded who came to a council meeting")),
    "council.agenda.add": _w(STAFF, _("added an item to a meeting's agenda")),
    "council.agenda.update": _w(STAFF, _("changed an agenda item")),
    "council.agenda.move": _w(STAFF, _("moved an agenda item to another meeting")),
    "council.agenda.respond": _w(SENIOR, _("answered an agenda item in writing")),
    "council.minutes.save": _w(STAFF, _("saved draft minutes of a council meeting")),
    "council.minutes.approve": _w(REP, _("approved the minutes of a council meeting (as chair)")),
    "council.minutes.publish": _w(STAFF, _("published the minutes of a council meeting")),
    "council.decision.add": _w(STAFF, _("recorded a council decision")),
    "council.decision.delete": _w(STAFF, _("deleted a council decision")),
    "council.issue.raise": _w(MEMBER, _("raised an issue with their representatives")),
    "council.issue.reply": _w(PERSON, _("replied on an issue raised with representatives")),
    "council.issue.merge": _w(REP, _("merged an issue into another one")),
    "council.issue.close": _w(REP, _("closed an issue")),
    # Background jobs
    "core.job.download": _w(PERSON, _("downloaded the file a background job made")),
    # Consultations
    "consultations.consultation.create": _w(STAFF, _("started a new consultation")),
    "consultations.consultation.duplicate": _w(STAFF, _("made a copy of a consultation")),
    "consultations.consultation.update": _w(STAFF, _("changed a consultation's details")),
    "consultations.question.add": _w(STAFF, _("added a question to a consultation")),
    "consultations.question.update": _w(STAFF, _("changed a consultation question")),
    "consultations.question.remove": _w(STAFF, _("removed a consultation question")),
    "consultations.question.reorder": _w(STAFF, _("changed the order of the questions")),
    "consultations.consultation.publish": _w(STAFF, _("published a consultation")),
    "consultations.consultation.open": _w(STAFF, _("opened a consultation for answers")),
    "consultations.consultation.close": _w(STAFF, _("closed a consultation")),
    "consultations.access_codes.make": _w(STAFF, _("made a batch of access codes")),
    "consultations.answers.submit": _w(MEMBER, _("answered a consultation")),
    "consultations.answers.enter": _w(
        STAFF, _("typed in someone's answers from an interview or a paper form")
    ),
    "consultations.answers.withdraw": _w(MEMBER, _("took back their answers to a consultation")),
    "consultations.respondent.reidentify": _w(STEWARD, _("saw who wrote an answer")),
    "consultations.shared_theme.link": _w(STAFF, _("linked a theme to a shared theme")),
    "consultations.shared_theme.unlink": _w(STAFF, _("unlinked a theme from a shared theme")),
    # Coding the answers
    "consultations.codebook.create": _w(STAFF, _("made a codebook (a list of themes)")),
    "consultations.codebook.update": _w(STAFF, _("changed a codebook")),
    "consultations.code.create": _w(STAFF, _("added a theme to a codebook")),
    "consultations.code.update": _w(STAFF, _("changed a theme in a codebook")),
    "consultations.code.merge": _w(STAFF, _("merged two themes into one")),
    "consultations.coding_question.set_up": _w(STAFF, _("set up a question for coding")),
    "consultations.coding_lead.add": _w(STAFF, _("made someone a coding lead")),
    "consultations.coding_lead.remove": _w(STAFF, _("stopped someone being a coding lead")),
    "consultations.coding_item.settle": _w(
        STAFF, _("settled which themes an answer has, where coders disagreed")
    ),
    "consultations.themes.publish": _w(STAFF, _("published the themes from a consultation")),
    "consultations.themes.unpublish": _w(
        STAFF, _("took the themes from a consultation off the site")
    ),
    "consultations.coding_report.export": _w(STAFF, _("downloaded a coding report")),
    "consultations.answers.export": _w(STAFF, _("downloaded the answers to a consultation")),
    # Peer support
    "peersupport.referral.record": _w(STAFF, _("referred someone to become a peer mentor")),
    "peersupport.assessment.record": _w(
        STAFF, _("recorded the outcome of a peer mentor assessment")
    ),
    "peersupport.mentor.set_status": _w(STAFF, _("changed a peer mentor's status")),
    "peersupport.qualification.record": _w(STAFF, _("recorded a peer mentor's qualification")),
    "peersupport.series.create": _w(STAFF, _("set up a series of peer support sessions")),
    "peersupport.series.update": _w(STAFF, _("changed a series of peer support sessions")),
    "peersupport.occurrence.update": _w(STAFF, _("changed a peer support session")),
    "peersupport.occurrence.cancel": _w(STAFF, _("cancelled a peer support session")),
    "peersupport.minutes.save": _w(STAFF, _("wrote up the minutes of a peer support session")),
    "peersupport.signup.create": _w(PERSON, _("signed up for a peer support session")),
    "peersupport.signup.withdraw": _w(PERSON, _("took their name off a peer support session")),
    "peersupport.attendance.record": _w(STAFF, _("recorded who came to a peer support session")),
    "peersupport.certificate.award": _w(STAFF, _("awarded a certificate")),
    "peersupport.certificate.revoke": _w(STAFF, _("withdrew a certificate")),
    "peersupport.certificate_rule.set": _w(STAFF, _("changed what earns a certificate")),
    "peersupport.calendar_feed.issue": _w(PERSON, _("made a calendar link for their sessions")),
    "peersupport.calendar_feed.revoke": _w(PERSON, _("switched off their calendar link")),
    "peersupport.shift_pattern.create": _w(STAFF, _("set up a helpline shift pattern")),
    "peersupport.shift_pattern.update": _w(STAFF, _("changed a helpline shift pattern")),
    "peersupport.shifts.release": _w(STAFF, _("released helpline shifts for mentors to book")),
    "peersupport.shift.sign_up": _w(MENTOR, _("booked a helpline shift")),
    "peersupport.shift.drop": _w(MENTOR, _("dropped a helpline shift")),
    "peersupport.shift.cancel": _w(STAFF, _("cancelled a helpline shift")),
    "peersupport.shift.invite": _w(STAFF, _("asked mentors to cover a helpline shift")),
    "peersupport.swap.offer": _w(MENTOR, _("offered a helpline shift to swap")),
    "peersupport.swap.withdraw": _w(MENTOR, _("took back a helpline shift swap")),
    "peersupport.swap.accept": _w(MENTOR, _("took a helpline shift another mentor offered")),
    "peersupport.claim.save": _w(MENTOR, _("saved a travel claim")),
    "peersupport.claim.delete": _w(MENTOR, _("deleted a travel claim")),
    "peersupport.claim.submit": _w(MENTOR, _("sent in a travel claim")),
    "peersupport.claim.approve": _w(STAFF, _("approved a travel claim")),
    "peersupport.claim.reject": _w(STAFF, _("turned down a travel claim")),
    "peersupport.claim.pay": _w(STAFF, _("marked a travel claim as paid")),
    "peersupport.claims.export": _w(STAFF, _("downloaded travel claims for payment")),
    "peersupport.mileage_rate.set": _w(STAFF, _("changed the mileage rate")),
    "peersupport.match_profile.update": _w(STAFF, _("changed a peer mentor's matching details")),
    "peersupport.match_request.create": _w(PERSON, _("asked for a peer mentor")),
    "peersupport.match_request.withdraw": _w(PERSON, _("took back a request for a peer mentor")),
    "peersupport.match.create": _w(STAFF, _("matched a member with a peer mentor")),
    "peersupport.match.move": _w(STAFF, _("changed a mentoring match")),
    "peersupport.do_not_match.add": _w(STAFF, _("recorded two people who must never be matched")),
    "peersupport.do_not_match.remove": _w(STAFF, _("removed a do-not-match entry")),
    "peersupport.contact.log": _w(MENTOR, _("logged contact with their mentee")),
    "peersupport.concern.raise": _w(PERSON, _("raised a safeguarding concern")),
    "peersupport.helpline_call.log": _w(MENTOR, _("logged a helpline call")),
    "peersupport.helpline_call.close_follow_up": _w(
        STAFF, _("closed the follow-up of a helpline call")
    ),
    "peersupport.local_service.save": _w(
        STAFF, _("saved a local service that callers can be sent to")
    ),
    "peersupport.concern.view": _w(STAFF, _("opened a safeguarding concern")),
    "peersupport.concern_list.view": _w(STAFF, _("looked at the list of safeguarding concerns")),
    "peersupport.concern.update": _w(STAFF, _("updated a safeguarding concern")),
    # Action plan
    "actionplan.plan.create": _w(STAFF, _("started an action plan")),
    "actionplan.plan.update": _w(STAFF, _("changed an action plan")),
    "actionplan.objective.create": _w(STAFF, _("added an objective to an action plan")),
    "actionplan.objective.update": _w(STAFF, _("changed an objective")),
    "actionplan.action.create": _w(STAFF, _("added an action")),
    "actionplan.action.update": _w(STAFF, _("changed an action")),
    "actionplan.action.set_status": _w(STAFF, _("changed where an action has got to")),
    "actionplan.action.bulk_set_status": _w(STAFF, _("changed where several actions have got to")),
    "actionplan.source.add": _w(STAFF, _("linked an action to what people said")),
    "actionplan.update.post": _w(STAFF, _("posted an update on an action")),
    "actionplan.milestone.create": _w(STAFF, _("added a milestone to an action")),
    "actionplan.milestone.update": _w(STAFF, _("changed a milestone")),
    "actionplan.champion.set_name": _w(
        PERSON, _("changed the name they show as an action champion")
    ),
    "actionplan.actions.export": _w(STAFF, _("exported actions to a spreadsheet")),
    "actionplan.actions.import": _w(STAFF, _("imported actions from a spreadsheet")),
    "actionplan.updates.import": _w(STAFF, _("imported action updates from a spreadsheet")),
    # Dashboards
    "dashboards.caseload.set": _w(SENIOR, _("set the caseload figure for the dashboards")),
    "dashboards.table.export": _w(SENIOR, _("downloaded a table of dashboard figures")),
}


def audit_words(action: str) -> AuditWords | None:
    return AUDIT_WORDS.get(action)


def audit_sentence(action: str, *, by_someone: bool = True) -> str:
    """The sentence for one event: "Staff approved a travel claim". An unknown code (an old
    record whose action was since renamed) reads as the code itself, never as an error."""
    words = AUDIT_WORDS.get(action)
    if words is None:
        return action
    return words.sentence(by_someone=by_someone)
