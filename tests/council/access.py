"""Access rows for council/: every URL, who may reach it."""

from tests.access import EVERYONE, MEMBERS, ROLES, Rule

RUNNERS = frozenset({"returning_officer", "administrator"})
MANAGERS = frozenset({"staff", "administrator"})
RECORDERS = frozenset({"returning_officer", "staff", "administrator"})
CHAIR_OR_MANAGERS = MANAGERS | {"representative"}
DRAFTERS = MANAGERS | {"representative"}
RESPONDERS = frozenset({"senior_manager", "administrator"})


def objects(users):
    import datetime

    from council import services
    from council.models import Membership, Representative
    from tests.council.factories import (
        ConstituencyFactory,
        candidates_for,
        join,
        members,
        new_election,
        published_election,
        voting_election,
    )

    ro = users["returning_officer"]
    constituency = ConstituencyFactory()
    council = constituency.council
    join(constituency, users["member"], users["mentor"], users["representative"])
    membership = Membership.objects.get(constituency=constituency, user=users["mentor"])

    def draft():
        return new_election(ro, constituency, title="Draft")

    nominating = new_election(ro, constituency, title="Nominations open")
    services.election_open_nominations(election=nominating, actor=ro)
    proposer, other = members(constituency, 2)
    to_answer = services.nomination_create(
        actor=proposer, election=nominating, nominee=users["member"]
    )
    to_withdraw = services.nomination_create(
        actor=users["member"], election=new_open(ro, constituency), nominee=users["member"]
    )
    to_decide = services.nomination_create(actor=other, election=nominating, nominee=other)

    nominations_open = new_open(ro, constituency)
    nominations_closed = new_open(ro, constituency)
    candidates_for(nominations_closed, ro, members(constituency, 1, "c"))
    services.election_close_nominations(election=nominations_closed, actor=ro)
    voting, _noms, _people = voting_election(ro, constituency=constituency)
    closing, _noms, _people = voting_election(ro, constituency=constituency)
    to_count, _noms, _people = voting_election(ro, constituency=constituency)
    services.election_close_voting(election=to_count, actor=ro)
    to_release, _noms, _people = voting_election(ro, constituency=constituency)
    services.election_close_voting(election=to_release, actor=ro)
    services.election_count(actor=ro, election=to_release)
    published, _noms, _people = published_election(ro)
    rep = services.representative_coopt(
        actor=users["staff"],
        council=council,
        user=users["representative"],
        constituency=constituency,
        portfolios=[],
        term_start=datetime.date(2026, 1, 1),
        term_end=None,
        note="For the matrix.",
    )
    assert isinstance(rep, Representative)
    meetings = meeting_objects(users, council, constituency)
    # A finished count job with a result file: its page and download are for the returning
    # officers who run the election (and whoever started it), nobody else.
    from django.core.files.base import ContentFile

    from core import jobs
    from core.models import Job

    count_job = Job.objects.create(
        kind="council.count",
        subject=jobs.subject_key(to_release),
        started_by=ro,
        status=Job.Status.DONE,
        progress=100,
    )
    count_job.result_file.save("count.txt", ContentFile(b"The count."))
    return {
        **meetings,
        "count_job": count_job,
        "council": council,
        "constituency": constituency,
        "membership": membership,
        "draft": draft(),
        "draft_to_open": draft(),
        "nominating": nominating,
        "nominations_open": nominations_open,
        "nominations_closed": nominations_closed,
        "voting": voting,
        "closing": closing,
        "to_count": to_count,
        "to_release": to_release,
        "published": published,
        "to_answer": to_answer,
        "to_withdraw": to_withdraw,
        "to_decide": to_decide,
        # A bare POST only asks again (no "confirm"), so every allowed role leaves it standing.
        "to_cancel": new_open(ro, constituency),
        "rep": rep,
    }


def meeting_objects(users, council, constituency):
    """Meetings in each state the council URLs need. The representative chairs them all."""
    from council import services
    from tests.council.factories import meeting_for

    staff, chair = users["staff"], users["representative"]
    upcoming = meeting_for(council, staff, chair=chair, days=3, invitees=[users["senior_manager"]])
    item = services.agenda_item_add(
        actor=chair, meeting=upcoming, title="Hostel curfews", constituency=constituency
    )
    draft = meeting_for(council, staff, chair=chair, days=-7)
    services.minutes_save(actor=staff, meeting=draft, summary="We met.")

    def approved(title):
        meeting = meeting_for(council, staff, chair=chair, days=-14, title=title)
        point = services.agenda_item_add(actor=staff, meeting=meeting, title="Buses")
        services.minutes_save(actor=staff, meeting=meeting, summary="We met.")
        decision = services.decision_add(
            actor=staff, meeting=meeting, item=point, text="Ask for bus passes."
        )
        services.minutes_approve(actor=chair, meeting=meeting)
        return meeting, decision

    fixed, fixed_decision = approved("Approved")
    to_publish, _decision = approved("To publish")
    published, published_decision = approved("Published")
    services.minutes_publish(actor=staff, meeting=published)
    issue = services.rep_issue_create(
        actor=users["member"], constituency=constituency, problem="The hostel curfew is too early."
    )
    return {
        "meeting": upcoming,
        "item": item,
        "draft_meeting": draft,
        "approved_meeting": to_publish,
        "published_meeting": published,
        "fixed_decision": fixed_decision,
        "published_decision": published_decision,
        "issue": issue,
    }


def new_open(ro, constituency):
    from council import services
    from tests.council.factories import new_election

    election = new_election(ro, constituency, title="Open")
    services.election_open_nominations(election=election, actor=ro)
    return election


def _pk(name):
    return lambda o: {"pk": o[name].pk}


def _slug(o):
    return {"slug": o["council"].slug}


RULES = [
    # Public: councils, representatives, elections, logs, results, ballots and receipts.
    Rule("council:council-list", EVERYONE),
    Rule("council:council-detail", EVERYONE, kwargs=_slug),
    Rule("council:representative-list", EVERYONE, kwargs=_slug),
    Rule("council:election-list", EVERYONE),
    Rule("council:how-count-works", EVERYONE),
    Rule("council:election-detail", EVERYONE, kwargs=_pk("voting")),
    Rule("council:election-log", EVERYONE, kwargs=_pk("voting")),
    Rule("council:election-results", EVERYONE, kwargs=_pk("published")),
    Rule("council:election-results-print", EVERYONE, kwargs=_pk("published")),
    Rule("council:election-results-csv", EVERYONE, kwargs=_pk("published")),
    Rule("council:election-ballots", EVERYONE, kwargs=_pk("published")),
    Rule("council:election-ballots-blt", EVERYONE, kwargs=_pk("published")),
    Rule("council:election-receipts", EVERYONE, kwargs=_pk("published")),
    # Members: stand, nominate, answer, withdraw, vote.
    Rule("council:my-nominations", MEMBERS | {"administrator"}),
    Rule("council:nomination-create", MEMBERS, kwargs=_pk("nominating")),
    Rule("council:nomination-respond", {"member"}, kwargs=_pk("to_answer")),
    Rule("council:nomination-withdraw", {"member"}, method="POST", kwargs=_pk("to_withdraw")),
    Rule("council:vote", MEMBERS, kwargs=_pk("voting")),
    Rule("council:vote-cast", MEMBERS, method="POST", kwargs=_pk("voting")),
    # Returning officers: run elections.
    Rule("council:election-create", RUNNERS, kwargs=_slug),
    Rule("council:election-edit", RUNNERS, kwargs=_pk("draft")),
    Rule("council:election-manage", RUNNERS, kwargs=_pk("draft")),
    Rule("council:election-open-nominations", RUNNERS, method="POST", kwargs=_pk("draft_to_open")),
    Rule(
        "council:election-close-nominations", RUNNERS, method="POST", kwargs=_pk("nominations_open")
    ),
    Rule("council:election-open-voting", RUNNERS, method="POST", kwargs=_pk("nominations_closed")),
    # Close voting and the count: a confirmation page (GET), then a job (POST).
    Rule("council:election-close-voting", RUNNERS, kwargs=_pk("closing")),
    Rule("council:election-close-voting", RUNNERS, method="POST", kwargs=_pk("closing")),
    Rule("council:election-count", RUNNERS, kwargs=_pk("to_count")),
    Rule("council:election-count", RUNNERS, method="POST", kwargs=_pk("to_count")),
    # core's job pages, for a council job: the progress page and the result file.
    Rule("core:job", RUNNERS, kwargs=lambda o: {"public_id": o["count_job"].public_id}),
    Rule("core:job-download", RUNNERS, kwargs=lambda o: {"public_id": o["count_job"].public_id}),
    Rule("council:election-release", RUNNERS, kwargs=_pk("to_release")),
    Rule("council:election-release", RUNNERS, method="POST", kwargs=_pk("to_release")),
    Rule("council:election-cancel", RUNNERS, kwargs=_pk("to_cancel")),
    Rule("council:election-cancel", RUNNERS, method="POST", kwargs=_pk("to_cancel")),
    Rule("council:nomination-decide", RUNNERS, kwargs=_pk("to_decide")),
    Rule("council:paper-mark", RUNNERS, kwargs=_pk("voting")),
    Rule("council:paper-enter", RUNNERS, kwargs=_pk("voting")),
    Rule("council:paper-import", RUNNERS, kwargs=_pk("voting")),
    # Staff: councils and membership.
    Rule("council:council-create", MANAGERS),
    Rule("council:council-edit", MANAGERS, kwargs=_slug),
    Rule("council:constituency-create", MANAGERS, kwargs=_slug),
    Rule("council:portfolio-create", MANAGERS, kwargs=_slug),
    Rule("council:constituency-members", MANAGERS, kwargs=_pk("constituency")),
    Rule("council:membership-end", MANAGERS, method="POST", kwargs=_pk("membership")),
    Rule("council:representative-coopt", MANAGERS, kwargs=_slug),
    Rule("council:representative-stand-down", MANAGERS | {"representative"}, kwargs=_pk("rep")),
    Rule("council:recorded-selection-create", RECORDERS, kwargs=_slug),
    # Meetings: everyone with a role reads them; staff organise; the representatives of the
    # council add items and draft minutes; only the chair (here the representative) approves.
    Rule("council:meeting-list", ROLES),
    Rule("council:meeting-create", MANAGERS, kwargs=_slug),
    Rule("council:meeting-detail", ROLES, kwargs=_pk("meeting")),
    Rule("council:meeting-edit", MANAGERS, kwargs=_pk("meeting")),
    Rule("council:meeting-cancel", MANAGERS, kwargs=_pk("meeting")),
    Rule("council:meeting-ics", ROLES, kwargs=_pk("meeting")),
    Rule("council:meeting-attendance", CHAIR_OR_MANAGERS, kwargs=_pk("meeting")),
    Rule("council:meeting-attendee-add", MANAGERS, method="POST", kwargs=_pk("meeting")),
    Rule("council:meeting-agenda-print", ROLES, kwargs=_pk("meeting")),
    Rule("council:agenda-item-create", DRAFTERS, kwargs=_pk("meeting")),
    Rule("council:agenda-item-detail", ROLES, kwargs=_pk("item")),
    Rule("council:agenda-item-edit", DRAFTERS, kwargs=_pk("item")),
    Rule("council:agenda-item-move", MANAGERS, method="POST", kwargs=_pk("item")),
    Rule("council:agenda-item-respond", RESPONDERS, kwargs=_pk("item")),
    Rule("council:meeting-minutes", ROLES, kwargs=_pk("published_meeting")),
    Rule("council:meeting-minutes-print", ROLES, kwargs=_pk("published_meeting")),
    Rule("council:minutes-edit", DRAFTERS, kwargs=_pk("draft_meeting")),
    Rule("council:decision-create", DRAFTERS, kwargs=_pk("draft_meeting")),
    Rule("council:minutes-approve", {"representative"}, method="POST", kwargs=_pk("draft_meeting")),
    Rule(
        "council:minutes-publish", CHAIR_OR_MANAGERS, method="POST", kwargs=_pk("approved_meeting")
    ),
    Rule("council:decision-detail", ROLES, kwargs=_pk("published_decision")),
    # Approved minutes: the refusal is a message, so the row can be posted by every role.
    Rule("council:decision-delete", DRAFTERS, kwargs=_pk("fixed_decision")),
    Rule("council:decision-delete", DRAFTERS, method="POST", kwargs=_pk("fixed_decision")),
    # "Tell your rep": only the member who raised an issue and the representatives of its
    # constituency see it (administrators included: 404).
    Rule("council:issue-create", MEMBERS | {"administrator"}),
    # Check your answers (issue 16): with nothing to check it sends you back to the questions.
    Rule("council:issue-check", MEMBERS | {"administrator"}),
    Rule("council:issue-mine", MEMBERS | {"administrator"}),
    Rule("council:issue-inbox", {"representative", "administrator"}),
    Rule("council:issue-detail", {"member", "representative"}, kwargs=_pk("issue")),
    Rule("council:issue-merge", {"representative"}, kwargs=_pk("issue")),
    Rule("council:issue-raise", {"representative"}, kwargs=_pk("issue")),
    Rule("council:issue-close", {"representative"}, kwargs=_pk("issue")),
]
