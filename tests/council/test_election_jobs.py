"""Close voting and the count as background jobs, each behind a confirmation page (issue 19).

On SQLite the job runs in-process after the commit (eager Celery). The last test runs both
through a real worker on PostgreSQL + Redis, marked as tests/core/test_celery_worker.py is.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.models import Job
from core.templatetags.portal_dates import govuk_datetime
from council import jobs as council_jobs
from council import services
from council.models import Ballot, Election, ElectionCount, HeldBallot
from tests.core.test_celery_worker import worker  # noqa: F401  (a real worker, for the last test)
from tests.council.factories import voting_election

pytestmark = pytest.mark.django_db
S = Election.Status


def _url(name: str, election: Election) -> str:
    return reverse(f"council:{name}", kwargs={"pk": election.pk})


def _vote(election, noms, people, n: int) -> None:
    for voter in people[:n]:
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=[noms[0].pk])


def test_closing_early_asks_first_and_says_who_has_not_voted(client, returning_officer):
    election, noms, people = voting_election(returning_officer, voters=5)
    Election.objects.filter(pk=election.pk).update(
        voting_close_at=timezone.make_aware(datetime.datetime(2026, 12, 10, 17, 0))
    )
    _vote(election, noms, people, 2)
    client.force_login(returning_officer)
    manage = client.get(_url("election-manage", election)).content.decode()
    assert f'href="{_url("election-close-voting", election)}"' in manage  # a link, not a form
    page = client.get(_url("election-close-voting", election)).content.decode()
    assert "Close voting now?" in page
    election.refresh_from_db()
    assert f"{election.roll_size - 2} people on the roll have not voted yet" in page
    assert govuk_datetime(election.voting_close_at) in page
    election.refresh_from_db()
    assert election.status == S.VOTING_OPEN  # looking at the question changes nothing


def test_close_voting_runs_as_a_job(client, returning_officer, django_capture_on_commit_callbacks):
    election, noms, people = voting_election(returning_officer, voters=4)
    _vote(election, noms, people, 3)
    assert HeldBallot.objects.filter(election=election).count() == 3
    client.force_login(returning_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("election-close-voting", election))
    job = Job.objects.get(kind=council_jobs.CLOSE_VOTING)
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.started_by == returning_officer
    election.refresh_from_db()
    assert election.status == S.VOTING_CLOSED
    assert Ballot.objects.filter(election=election).count() == 3
    assert not HeldBallot.objects.filter(election=election).exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "ballot box is sealed" in page and _url("election-manage", election) in page
    # Once closed, the confirmation page is not offered again.
    again = client.get(_url("election-close-voting", election))
    assert again.status_code == 302 and again["Location"] == _url("election-manage", election)


def test_pressing_twice_follows_the_same_job(client, returning_officer):
    election, _noms, _people = voting_election(returning_officer)
    client.force_login(returning_officer)
    first = client.post(_url("election-close-voting", election))  # the job waits for commit
    second = client.post(_url("election-close-voting", election))
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind=council_jobs.CLOSE_VOTING).count() == 1
    # and the confirmation page sends you to it while it waits
    assert client.get(_url("election-close-voting", election))["Location"] == first["Location"]


def test_the_count_runs_as_a_job_and_stays_private(
    client, returning_officer, member, django_capture_on_commit_callbacks
):
    election, noms, people = voting_election(returning_officer, voters=5)
    _vote(election, noms, people, 5)
    services.election_close_voting(election=election, actor=returning_officer)
    client.force_login(returning_officer)
    confirm = client.get(_url("election-count", election)).content.decode()
    assert "Run the count?" in confirm and "5 people voted." in confirm
    assert "not shown to anyone but returning officers until you release it" in confirm
    assert not ElectionCount.objects.filter(election=election).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("election-count", election))
    job = Job.objects.get(kind=council_jobs.COUNT)
    assert response["Location"] == job.get_absolute_url()
    election.refresh_from_db()
    assert election.status == S.COUNTED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The count is done" in page and _url("election-results", election) in page
    client.force_login(member)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(_url("election-results", election)).status_code == 404


def test_a_count_that_cannot_run_says_why_in_plain_words(
    client, returning_officer, django_capture_on_commit_callbacks
):
    election, _noms, people = voting_election(returning_officer, voters=3)
    services.paper_vote_mark(actor=returning_officer, election=election, voter=people[0])
    services.election_close_voting(election=election, actor=returning_officer)
    client.force_login(returning_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("election-count", election))
    job = Job.objects.get(kind=council_jobs.COUNT)
    assert job.status == Job.Status.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "1 people voted on paper but only 0 paper ballots have been entered" in page
    election.refresh_from_db()
    assert election.status == S.VOTING_CLOSED  # nothing changed; it can be tried again


def test_a_count_run_again_after_a_crash_does_nothing_twice(returning_officer):
    election, noms, people = voting_election(returning_officer, voters=3)
    _vote(election, noms, people, 3)
    services.election_close_voting(election=election, actor=returning_officer)
    job = jobs.start(
        kind=council_jobs.COUNT, user=returning_officer, subject=jobs.subject_key(election)
    )
    services.election_count(actor=returning_officer, election=election)  # the crashed try
    assert jobs.run(job.pk) == "done"
    assert ElectionCount.objects.filter(election=election).count() == 1


@pytest.mark.redis
@pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis://"),
    reason="needs CELERY_BROKER_URL=redis://... (CI's PostgreSQL + Redis run sets it)",
)
@pytest.mark.usefixtures("worker")
def test_close_and_count_through_a_real_worker(returning_officer, monkeypatch):
    from django.db import connection

    from config.celery_app import app

    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("an in-memory SQLite database cannot be shared with a worker process")
    monkeypatch.setattr(jobs, "_send", lambda job_id: None)
    election, noms, people = voting_election(returning_officer, voters=6)
    _vote(election, noms, people, 5)
    app.conf.task_always_eager = False
    try:
        for kind in (council_jobs.CLOSE_VOTING, council_jobs.COUNT):
            job = jobs.start(kind=kind, user=returning_officer, subject=jobs.subject_key(election))
            result = app.send_task("core.tasks.run_job", args=[job.pk], queue="portal-test")
            assert result.get(timeout=120) == "done"
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    election.refresh_from_db()
    assert election.status == S.COUNTED
    assert Ballot.objects.filter(election=election).count() == 5
