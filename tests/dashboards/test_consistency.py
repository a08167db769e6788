"""Every dashboard figure agrees with the number on the app's own page.

Data is built through the apps' services (as people using the portal would), then the
dashboard page's figures are set against what each app's page shows: the returning
officer's turnout, the coding overview's percentages, the helpline cover view, the action
plans' overdue counts, and the expense totals. Runs on SQLite and on PostgreSQL
(``DATABASE_URL=postgres://...``; ``test_on_postgresql`` is the PostgreSQL-only copy of the
elections check, so a run that skips it is visible).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Action
from consultations.coding import services as coding
from council import services as council_services
from council.models import Election
from peersupport import services as peer_services
from peersupport.expenses import selectors as selectors_expenses
from peersupport.models import ClaimStatus
from tests.actionplan.factories import create_action
from tests.consultations.coding_factories import coded_consultation, items_of
from tests.council.factories import candidates_for, members, new_election, voting_election
from tests.factories import make_user
from tests.peersupport.factories import active_mentor
from tests.peersupport.practice_factories import attended_session, helpline_mentor, shift_in

pytestmark = pytest.mark.django_db


def _dashboard(client_for, senior_manager) -> dict:
    """The figures the all-councils dashboard shows (this quarter and the 3 before it)."""
    response = client_for(senior_manager).get(reverse("dashboards:index"))
    assert response.status_code == 200
    return response.context["snapshot"].data


def _officer_turnout(client_for, returning_officer, election: Election) -> dict:
    page = client_for(returning_officer).get(
        reverse("council:election-manage", kwargs={"pk": election.pk})
    )
    assert page.status_code == 200
    return page.context["turnout"]


def _vote(election: Election, people, nominations) -> None:
    for voter in people:
        council_services.ballot_cast(
            election_id=election.pk, voter=voter, ranking=[nominations[0].pk]
        )


def _check_elections(client_for, senior_manager, returning_officer, elections) -> None:
    data = _dashboard(client_for, senior_manager)
    shown = {row["id"]: row for row in data["elections"]["held"]}
    for election in elections:
        officer = _officer_turnout(client_for, returning_officer, election)
        row = shown[election.pk]
        assert (row["voted"], row["roll"]) == (officer["voted"], officer["roll"])
        assert row["turnout"] == officer["percent"]
    summary = data["elections"]["summary"]
    assert summary["elections"] == len(elections)
    assert summary["voted"] == sum(
        _officer_turnout(client_for, returning_officer, e)["voted"] for e in elections
    )


def test_elections_match_the_returning_officer_on_every_opening_path(
    client_for, senior_manager, returning_officer
):
    # By hand: voting opened by the returning officer, no time planned.
    by_hand, noms, people = voting_election(returning_officer, voters=6)
    assert by_hand.voting_open_at is None and by_hand.voting_opened_at is not None
    _vote(by_hand, people[:4], noms)
    # By the schedule: the job opens voting at the planned time.
    scheduled = new_election(returning_officer, title="Scheduled")
    people_2 = members(scheduled.constituency, 5)
    council_services.election_open_nominations(election=scheduled, actor=returning_officer)
    noms_2 = candidates_for(
        scheduled, returning_officer, members(scheduled.constituency, 2, prefix="c")
    )
    council_services.election_close_nominations(election=scheduled, actor=returning_officer)
    Election.objects.filter(pk=scheduled.pk).update(
        voting_open_at=timezone.now() - timedelta(minutes=5)
    )
    assert council_services.election_schedule_run() == 1
    scheduled.refresh_from_db()
    assert scheduled.status == Election.Status.VOTING_OPEN and scheduled.voting_opened_at
    _vote(scheduled, people_2[:2], noms_2)
    # Closed by hand: the closing time is recorded too.
    council_services.election_close_voting(election=scheduled, actor=returning_officer)
    scheduled.refresh_from_db()
    assert scheduled.voting_closed_at is not None
    _check_elections(client_for, senior_manager, returning_officer, [by_hand, scheduled])


def test_a_rerun_election_after_ron_wins_is_counted_when_its_voting_opens(
    client_for, senior_manager, returning_officer
):
    """Nominations re-opened (RON won): the new election counts once its voting opens."""
    election, noms, people = voting_election(
        returning_officer, candidates=2, voters=4, include_ron=True
    )
    ron = next(n for n in election.nominations.all() if n.is_ron)
    for voter in people:
        council_services.ballot_cast(election_id=election.pk, voter=voter, ranking=[ron.pk])
    council_services.election_close_voting(election=election, actor=returning_officer)
    council_services.election_count(actor=returning_officer, election=election)
    council_services.election_release(actor=returning_officer, election=election)
    rerun = Election.objects.exclude(pk=election.pk).get(constituency=election.constituency)
    council_services.election_open_nominations(election=rerun, actor=returning_officer)
    candidates_for(rerun, returning_officer, members(rerun.constituency, 2, prefix="again"))
    council_services.election_close_nominations(election=rerun, actor=returning_officer)
    council_services.election_open_voting(election=rerun, actor=returning_officer)
    rerun.refresh_from_db()
    election.refresh_from_db()
    _check_elections(client_for, senior_manager, returning_officer, [election, rerun])


def test_backfill_takes_the_time_voting_opened_from_the_election_log(returning_officer):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("council.migrations.0005_election_opened_closed_at")
    election, _noms, _people = voting_election(returning_officer)
    opened = election.log_entries.get(action="voting opened").created_at
    Election.objects.filter(pk=election.pk).update(voting_opened_at=None, voting_closed_at=None)
    migration.backfill(apps, None)
    election.refresh_from_db()
    assert election.voting_opened_at == opened and election.voting_closed_at is None


def test_coding_percentages_match_the_coding_overview(client_for, senior_manager, staff):
    consultation, question, _book, codes = coded_consultation(staff)
    coder = make_user("staff")
    for item in items_of(question)[:4]:
        coding.coding_pass_save(item=item, actor=coder, code_ids=[codes[0].pk])
    page = client_for(staff).get(
        reverse("consultations:coding-overview", kwargs={"pk": consultation.pk})
    )
    progress = next(row for row in page.context["rows"] if row.question.pk == question.pk)
    data = _dashboard(client_for, senior_manager)
    row = next(r for r in data["consultations"]["rows"] if r["id"] == consultation.pk)
    assert (row["coded"], row["answers_to_code"]) == (progress.done, progress.total)
    assert round(row["coded_share"]) == progress.percent_done


def test_helpline_cover_matches_the_coverage_view(client_for, senior_manager, staff):
    shift = shift_in(staff, 30, mentors_needed=2)
    peer_services.shift_signup(shift=shift, user=helpline_mentor(staff))
    full = shift_in(staff, 50, mentors_needed=1, title="Saturday")
    peer_services.shift_signup(shift=full, user=helpline_mentor(staff))
    page = client_for(staff).get(reverse("peersupport:shift-coverage"))
    coverage = page.context["coverage"]
    helpline = _dashboard(client_for, senior_manager)["peer"]["helpline"]
    assert helpline["shifts"] == coverage.total
    assert helpline["shifts"] - helpline["covered"] == coverage.short_shifts
    assert helpline["needed"] - helpline["filled"] == coverage.places_short


def test_overdue_actions_match_the_action_plans_page(client_for, senior_manager, staff):
    late = [create_action(by=staff, title=f"Late {i}") for i in range(3)]
    create_action(by=staff, title="On time")
    Action.objects.filter(pk__in=[a.pk for a in late]).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    page = client_for(staff).get(reverse("actionplan:plan-list"))
    overdue = sum(plan.overdue_count for plan in page.context["plans"])
    data = _dashboard(client_for, senior_manager)
    assert data["actions"]["overdue"] == overdue == 3
    # The attention list says so, with the owners' role.
    assert data["actions"]["overdue_by_role"] == {"staff": 3}


def test_expenses_paid_match_the_expense_totals(client_for, senior_manager, staff):
    mentor = active_mentor(staff)
    approver = make_user("staff")
    for amount in ("4.50", "12.20"):
        session = attended_session(staff, mentor)
        claim = peer_services.claim_save(
            claimant=mentor,
            source=f"session-{session.pk}",
            journey_from="Loughborough",
            journey_to="Leicester",
            mode="bus",
            amount=Decimal(amount),
        )
        peer_services.claim_submit(claim=claim, actor=mentor, declaration=True)
        peer_services.claim_decide(claim=claim, actor=approver, approve=True)
        peer_services.claims_mark_paid(claim_ids=[claim.pk], actor=approver, reference="BACS-1")
    totals = selectors_expenses.totals(selectors_expenses.claims_with_status(ClaimStatus.PAID))
    expenses = _dashboard(client_for, senior_manager)["peer"]["expenses"]
    assert (expenses["paid_claims"], Decimal(expenses["paid_amount"])) == (
        totals.count,
        totals.amount,
    )


@pytest.mark.postgres
def test_on_postgresql(client_for, senior_manager, returning_officer):
    assert connection.vendor == "postgresql"
    test_elections_match_the_returning_officer_on_every_opening_path(
        client_for, senior_manager, returning_officer
    )
