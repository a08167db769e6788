"""The confirmation pages and the job progress page in a real browser (issue 19): the progress
page updates itself with JavaScript (htmx, no reload) and without it (the meta refresh).

``SCREENSHOT_DIR=/tmp/x`` saves each page at 390 and 1280 pixels wide.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from core import jobs
from core.models import Job
from council import jobs as council_jobs
from council import services
from tests.browser.test_pages import sign_in_as
from tests.council.factories import voting_election

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]


def _shots(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def _running_job(election, ro) -> Job:
    job = Job.objects.create(
        kind=council_jobs.CLOSE_VOTING,
        subject=jobs.subject_key(election),
        started_by=ro,
        status=Job.Status.RUNNING,
        progress=40,
    )
    return job


def _finish(job: Job, election) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        progress=100,
        result_message="Voting is closed and the ballot box is sealed.",
        result_url=f"/council/elections/{election.pk}/manage/",
    )


def test_the_confirmation_pages(live_server, context, page, audit, returning_officer):
    election, noms, people = voting_election(returning_officer, voters=5)
    services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[noms[0].pk])
    sign_in_as(context, live_server, returning_officer)
    page.goto(f"{live_server.url}/council/elections/{election.pk}/close-voting/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Close voting now?")
    audit(page)
    _shots(page, "close-confirm")
    services.election_close_voting(election=election, actor=returning_officer)
    page.goto(f"{live_server.url}/council/elections/{election.pk}/count/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Run the count?")
    audit(page)
    _shots(page, "count-confirm")


def test_the_progress_page_updates_itself_with_javascript(
    live_server, context, page, audit, returning_officer
):
    election, _noms, _people = voting_election(returning_officer)
    job = _running_job(election, returning_officer)
    sign_in_as(context, live_server, returning_officer)
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    expect(page.locator("#job-progress")).to_have_attribute("value", "40")
    expect(page.get_by_text("This page updates itself")).to_be_visible()
    audit(page)
    _shots(page, "progress-js")
    page.evaluate("window.notReloaded = true")
    _finish(job, election)
    expect(page.locator(".govuk-panel")).to_contain_text("ballot box is sealed", timeout=8000)
    assert page.evaluate("window.notReloaded === true")  # swapped in place by htmx
    audit(page)
    _shots(page, "progress-done")


def test_the_progress_page_refreshes_itself_without_javascript(
    live_server, browser, returning_officer, audit
):
    election, _noms, _people = voting_election(returning_officer)
    job = _running_job(election, returning_officer)
    context = browser.new_context(java_script_enabled=False)
    try:
        sign_in_as(context, live_server, returning_officer)
        page = context.new_page()
        page.goto(f"{live_server.url}{job.get_absolute_url()}")
        expect(page.get_by_text("This page updates itself")).to_be_visible()
        _shots(page, "progress-nojs")
        _finish(job, election)
        expect(page.locator(".govuk-panel")).to_contain_text("ballot box is sealed", timeout=8000)
    finally:
        context.close()
