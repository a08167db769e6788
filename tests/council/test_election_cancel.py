"""Cancelling an election (issue 17): the rules for each status, what happens to ballots
already cast, who is told, and the confirmation page that is the only way to do it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, Notification
from council import hooks, selectors, services
from council.models import (
    Ballot,
    Election,
    ElectionCount,
    ElectionLogEntry,
    HeldBallot,
    Participation,
    Receipt,
)
from council.services.elections import eligible_voters
from tests.council.factories import (
    ConstituencyFactory,
    candidates_for,
    join,
    members,
    new_election,
    published_election,
    voting_election,
)

pytestmark = pytest.mark.django_db
S = Election.Status
REASON = "The constituency is being merged with the county next month."


def _cast(election, noms, people, n: int) -> None:
    for voter in people[:n]:
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=[noms[0].pk])


def _at(status: str, ro) -> Election:
    """An election in ``status``, with two ballots cast once voting has opened."""
    if status in (S.DRAFT, S.NOMINATIONS_OPEN, S.NOMINATIONS_CLOSED):
        constituency = ConstituencyFactory()
        election = new_election(ro, constituency)
        if status == S.DRAFT:
            return election
        services.election_open_nominations(election=election, actor=ro)
        candidates_for(election, ro, members(constituency, 2, "candidate"))
        if status == S.NOMINATIONS_CLOSED:
            services.election_close_nominations(election=election, actor=ro)
        election.refresh_from_db()
        return election
    election, noms, people = voting_election(ro, voters=4)
    _cast(election, noms, people, 2)
    if status in (S.VOTING_CLOSED, S.COUNTED):
        services.election_close_voting(election=election, actor=ro)
    if status == S.COUNTED:
        services.election_count(actor=ro, election=election)
    election.refresh_from_db()
    assert election.status == status
    return election


def _nothing_cast_is_left(election: Election) -> None:
    assert not HeldBallot.objects.filter(election=election).exists()
    assert not Ballot.objects.filter(election=election).exists()
    assert not Receipt.objects.filter(election=election).exists()
    assert not ElectionCount.objects.filter(election=election).exists()
    assert not Participation.objects.filter(election=election).exists()


# --- the service ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [S.DRAFT, S.NOMINATIONS_OPEN, S.NOMINATIONS_CLOSED, S.VOTING_OPEN, S.VOTING_CLOSED, S.COUNTED],
)
def test_any_status_before_release_can_be_cancelled(returning_officer, status):
    election = _at(status, returning_officer)
    before = timezone.now()
    services.election_cancel(actor=returning_officer, election=election, reason=f"  {REASON} ")
    election.refresh_from_db()
    assert election.status == S.CANCELLED
    assert election.cancelled_from == status
    assert election.cancelled_reason == REASON
    assert election.cancelled_at is not None and election.cancelled_at >= before
    assert not election.accepts_nominations
    _nothing_cast_is_left(election)
    assert election.ballot_key_salt == "" and election.ballot_public_key == ""
    entry = ElectionLogEntry.objects.filter(election=election).order_by("-seq").first()
    assert entry.action == "cancelled" and REASON in entry.message
    assert not entry.private_until_release
    assert services.election_log_verify(election=election)[0]
    event = AuditEvent.objects.get(action="council.election.cancel", object_id=str(election.pk))
    assert event.actor_id == returning_officer.pk
    assert event.detail == {"from": status, "reason": REASON}


def test_ballots_cast_are_destroyed_uncounted_and_the_log_keeps_only_numbers(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=4)
    _cast(election, noms, people, 3)
    assert HeldBallot.objects.filter(election=election).count() == 3
    services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    _nothing_cast_is_left(election)
    entry = ElectionLogEntry.objects.get(election=election, action="cancelled")
    assert entry.detail == {
        "from": "voting_open",
        "ballots_destroyed": 3,
        "people_who_had_voted": 3,
    }
    # Who voted is nowhere: the log has numbers only, and no one's page says they voted.
    assert not selectors.voter_status(election=election, user=people[0])["voted"]


def test_after_cancelling_nothing_else_can_happen(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=3)
    services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    with pytest.raises(ValidationError):
        services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[0].pk])
    assert not services.election_close_voting(election=election, actor=returning_officer)
    with pytest.raises(ValidationError):
        services.election_count(actor=returning_officer, election=election)
    with pytest.raises(ValidationError):
        services.election_release(actor=returning_officer, election=election)
    with pytest.raises(ValidationError, match="already been cancelled"):
        services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    election.refresh_from_db()
    assert election.status == S.CANCELLED


def test_refused_once_the_result_is_released(returning_officer):
    election, _noms, _people = published_election(returning_officer)
    with pytest.raises(ValidationError, match="result has been released"):
        services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    election.refresh_from_db()
    assert election.status == S.PUBLISHED
    assert Ballot.objects.filter(election=election).exists()
    assert not ElectionLogEntry.objects.filter(election=election, action="cancelled").exists()


def test_a_reason_is_required(returning_officer):
    election = _at(S.NOMINATIONS_OPEN, returning_officer)
    with pytest.raises(ValidationError) as caught:
        services.election_cancel(actor=returning_officer, election=election, reason="   ")
    assert "reason" in caught.value.message_dict
    election.refresh_from_db()
    assert election.status == S.NOMINATIONS_OPEN


def test_nominations_cannot_be_made_or_answered_after_cancelling(returning_officer, member):
    constituency = ConstituencyFactory()
    join(constituency, member)
    election = new_election(returning_officer, constituency)
    services.election_open_nominations(election=election, actor=returning_officer)
    [proposer] = members(constituency, 1)
    asked = services.nomination_create(actor=proposer, election=election, nominee=member)
    services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    with pytest.raises(ValidationError):
        services.nomination_create(actor=member, election=election, nominee=member)
    with pytest.raises(ValidationError):
        services.nomination_respond(actor=member, nomination=asked, accept=True)


# --- who is told ------------------------------------------------------------------------------


def test_the_roll_and_the_candidates_are_told_with_the_reason_once(
    returning_officer, django_capture_on_commit_callbacks
):
    election, noms, people = voting_election(returning_officer, candidates=2, voters=3)
    _cast(election, noms, people, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    told = Notification.objects.filter(kind="council_election_cancelled")
    # Everyone on the roll (the candidates are members of the constituency too), told alike:
    # the message to someone who voted is the same as to someone who did not.
    assert set(told.values_list("user_id", flat=True)) == {
        *(p.pk for p in people),
        *(n.nominee_id for n in noms),
    }
    bodies = {n.body for n in told}
    assert len(bodies) == 1
    [body] = bodies
    assert REASON in body and "never counted" in body
    assert told.first().link == reverse("council:election-detail", args=[election.pk])
    assert services.election_cancelled_notify(election_id=election.pk) == 0


def test_before_voting_the_members_are_told_and_a_draft_tells_nobody(
    returning_officer, django_capture_on_commit_callbacks
):
    election = _at(S.NOMINATIONS_OPEN, returning_officer)
    everyone = set(eligible_voters(constituency=election.constituency).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    told = Notification.objects.filter(kind="council_election_cancelled")
    assert set(told.values_list("user_id", flat=True)) == everyone
    assert "never counted" not in told.first().body

    draft = _at(S.DRAFT, returning_officer)
    members(draft.constituency, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.election_cancel(actor=returning_officer, election=draft, reason=REASON)
    assert told.count() == len(everyone)


def test_a_notice_for_an_election_that_is_not_cancelled_sends_nothing(returning_officer):
    election = _at(S.NOMINATIONS_OPEN, returning_officer)
    assert services.election_cancelled_notify(election_id=election.pk) == 0
    assert services.election_cancelled_notify(election_id=10**9) == 0


# --- jobs, to-do lists and dashboards skip it -------------------------------------------------


def test_the_schedule_and_the_reminders_skip_a_cancelled_election(returning_officer):
    past = timezone.now() - datetime.timedelta(hours=1)
    constituency = ConstituencyFactory()
    members(constituency, 2)
    election = new_election(returning_officer, constituency, nominations_open_at=past)
    services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    assert services.election_schedule_run() == 0
    assert services.election_reminders_due() == 0
    election.refresh_from_db()
    assert election.status == S.CANCELLED

    voting, _noms, _people = voting_election(returning_officer, voters=2)
    Election.objects.filter(pk=voting.pk).update(
        voting_close_at=timezone.now() + datetime.timedelta(hours=2)
    )
    services.election_cancel(actor=returning_officer, election=voting, reason=REASON)
    assert services.election_reminders_due() == 0
    assert services.election_reminders_send(election_id=voting.pk, kind="closing") == 0
    assert services.election_schedule_run(now=timezone.now() + datetime.timedelta(days=1)) == 0


def test_a_cancelled_election_is_off_the_members_to_do_list(returning_officer):
    election, _noms, people = voting_election(returning_officer, voters=2)
    voter = people[0]
    assert any(str(election.title) in t.text for t in hooks._member_todos(voter))
    services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    assert not any(str(election.title) in t.text for t in hooks._member_todos(voter))


def test_dashboards_do_not_count_a_cancelled_election_as_held():
    from dashboards.figures.elections import UPCOMING_STATUSES
    from dashboards.figures.people import VOTED_STATUSES

    assert S.CANCELLED not in VOTED_STATUSES
    assert S.CANCELLED not in UPCOMING_STATUSES


# --- the pages --------------------------------------------------------------------------------


def _url(election: Election) -> str:
    return reverse("council:election-cancel", args=[election.pk])


def _writes(election: Election) -> tuple:
    election.refresh_from_db()
    return (
        election.status,
        ElectionLogEntry.objects.filter(election=election).count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_the_manage_page_offers_cancelling_apart_and_in_the_warning_style(
    client_for, returning_officer
):
    election = _at(S.VOTING_OPEN, returning_officer)
    html = (
        client_for(returning_officer)
        .get(reverse("council:election-manage", args=[election.pk]))
        .content.decode()
    )
    link = (
        '<a class="govuk-button govuk-button--warning" role="button" draggable="false" '
        f'data-module="govuk-button" href="{_url(election)}">'
    )
    assert link in html
    # After the nominations table, not among the next steps.
    assert html.index(link) > html.index("Nominations</h2>") > html.index("Next step")


def test_get_shows_the_confirmation_and_writes_nothing(client_for, returning_officer):
    election = _at(S.VOTING_OPEN, returning_officer)
    before = _writes(election)
    response = client_for(returning_officer).get(_url(election))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cancel this election?" in html
    assert "every ballot already cast will be destroyed without being counted" in html
    assert "2 of 7 people on the roll have voted" in html  # 4 voters and 3 candidates
    assert 'name="reason"' in html and 'name="confirm" value="yes"' in html
    assert "govuk-button--warning" in html and "Yes, cancel this election" in html
    assert _writes(election) == before


def test_a_post_without_the_confirmation_only_asks_again(client_for, returning_officer):
    election = _at(S.NOMINATIONS_OPEN, returning_officer)
    before = _writes(election)
    response = client_for(returning_officer).post(_url(election), {"reason": REASON})
    assert response.status_code == 200
    assert "Cancel this election?" in response.content.decode()
    assert _writes(election) == before


def test_a_confirmation_without_a_reason_is_sent_back(client_for, returning_officer):
    election = _at(S.NOMINATIONS_OPEN, returning_officer)
    before = _writes(election)
    response = client_for(returning_officer).post(_url(election), {"confirm": "yes", "reason": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Say why the election is cancelled. Members will see this." in html
    assert _writes(election) == before


def test_confirmed_with_a_reason_cancels_and_members_see_why(client_for, returning_officer, member):
    election = _at(S.VOTING_OPEN, returning_officer)
    join(election.constituency, member)
    response = client_for(returning_officer).post(
        _url(election), {"confirm": "yes", "reason": "<b>Merged</b> with the county."}
    )
    assert response.status_code == 302
    assert response.url == reverse("council:election-detail", args=[election.pk])
    election.refresh_from_db()
    assert election.status == S.CANCELLED

    member_client = client_for(member)
    html = member_client.get(response.url).content.decode()
    assert "This election was cancelled on" in html
    assert "&lt;b&gt;Merged&lt;/b&gt; with the county." in html  # what was typed is text
    assert "Vote now" not in html and "You have voted" not in html
    listing = member_client.get(reverse("council:election-list")).content.decode()
    assert "govuk-tag--red" in listing and "Cancelled" in listing
    assert member_client.get(reverse("council:vote", args=[election.pk])).status_code == 200
    assert (
        "Cast my vote"
        not in member_client.get(reverse("council:vote", args=[election.pk])).content.decode()
    )
    # Nothing to see under results, ballots or receipts.
    for name in ("election-results", "election-ballots", "election-receipts"):
        assert member_client.get(reverse(f"council:{name}", args=[election.pk])).status_code == 404


def test_a_cancelled_draft_stays_hidden_from_members(client_for, returning_officer, member):
    election = _at(S.DRAFT, returning_officer)
    services.election_cancel(actor=returning_officer, election=election, reason=REASON)
    member_client = client_for(member)
    assert (
        member_client.get(reverse("council:election-detail", args=[election.pk])).status_code == 404
    )
    assert (
        election.title not in member_client.get(reverse("council:election-list")).content.decode()
    )


def test_after_release_the_page_says_no_and_changes_nothing(client_for, returning_officer):
    election, _noms, _people = published_election(returning_officer)
    client = client_for(returning_officer)
    for response in (
        client.get(_url(election)),
        client.post(_url(election), {"confirm": "yes", "reason": REASON}),
    ):
        assert response.status_code == 302
        assert response.url == reverse("council:election-manage", args=[election.pk])
    election.refresh_from_db()
    assert election.status == S.PUBLISHED
    html = client.get(reverse("council:election-manage", args=[election.pk])).content.decode()
    assert "Cancel this election" not in html


@pytest.mark.parametrize("who", ["member", "staff", "senior_manager", "representative"])
def test_only_returning_officers_can_cancel(client_for, returning_officer, who, request):
    election = _at(S.NOMINATIONS_OPEN, returning_officer)
    client = client_for(request.getfixturevalue(who))
    assert client.get(_url(election)).status_code == 403
    assert client.post(_url(election), {"confirm": "yes", "reason": REASON}).status_code == 403
    election.refresh_from_db()
    assert election.status == S.NOMINATIONS_OPEN


def test_anonymous_visitors_are_sent_to_sign_in(client, returning_officer):
    election = _at(S.NOMINATIONS_OPEN, returning_officer)
    response = client.post(_url(election), {"confirm": "yes", "reason": REASON})
    assert response.status_code == 302 and "login" in response.url
    election.refresh_from_db()
    assert election.status == S.NOMINATIONS_OPEN


def test_wrong_method(client_for, returning_officer):
    election = _at(S.NOMINATIONS_OPEN, returning_officer)
    assert client_for(returning_officer).put(_url(election)).status_code == 405
