"""The actions export as a background job (issue 19): the page asks, a POST starts the job, the
file is downloaded from the job's page; safe to press twice; audited; only for those who may
export actions; a build whose queries do not grow with the rows."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplan import jobs as action_jobs
from actionplan.models import Plan
from core import jobs
from core.audit_actions import AuditAction
from core.models import AuditEvent, Job
from tests.actionplan.factories import ObjectiveFactory, create_action

pytestmark = pytest.mark.django_db

CSV_URL = "/action-plan/actions/export/csv/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _rows(download) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(download).decode("utf-8-sig"))))


def test_the_page_asks_first_and_changes_nothing(client_for, staff):
    create_action(by=staff, title="Helpline", is_public=True)
    create_action(by=staff, title="Private", is_public=False)
    page = client_for(staff).get(CSV_URL + "?public=yes&q=Help").content.decode()
    assert "Export actions as CSV" in page
    assert "The file will have 1 action in it" in page
    assert "On the board" in page and "Public" in page and "Help" in page
    assert 'method="post"' in page
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ACTIONPLAN_ACTIONS_EXPORT).exists()


def test_the_job_builds_the_file_and_records_the_export(client_for, staff, exported):
    objective = ObjectiveFactory()
    create_action(by=staff, objective=objective, title="In the plan")
    create_action(by=staff, title="Elsewhere")
    download = exported(client_for(staff), "csv", f"plan={objective.plan_id}")
    assert [row[3] for row in _rows(download)] == ["title", "In the plan"]
    job = Job.objects.get(kind=action_jobs.EXPORT)
    assert job.started_by == staff and job.result_message == "1 action is in the file."
    event = AuditEvent.objects.get(action=AuditAction.ACTIONPLAN_ACTIONS_EXPORT)
    assert event.actor == staff
    assert event.detail["format"] == "csv" and event.detail["rows"] == 1
    assert event.detail["filters"] == f"plan={objective.plan_id}"
    page = client_for(staff).get(job.get_absolute_url()).content.decode()
    assert "Download the file" in page and "1 action is in the file." in page
    assert f"/action-plan/actions/?plan={objective.plan_id}" in page  # back to the same list


def test_only_mine_means_the_person_who_asked(client_for, staff, senior_manager, exported):
    create_action(by=staff, title="Staff's")
    create_action(by=senior_manager, title="Manager's")
    download = exported(client_for(senior_manager), "csv", "mine=on")
    assert [row[3] for row in _rows(download)][1:] == ["Manager's"]


def test_pressing_twice_follows_the_same_job(client_for, staff):
    client = client_for(staff)
    first = client.post(CSV_URL + "?status=done")  # the job waits (its commit hook never ran)
    second = client.post(CSV_URL + "?status=done")
    job = Job.objects.get()
    assert first["Location"] == second["Location"] == job.get_absolute_url()
    # Coming back to the page while it runs goes to the job too.
    again = client.get(CSV_URL + "?status=done")
    assert again.status_code == 302 and again["Location"] == job.get_absolute_url()
    # Other filters, another format, or another person: another job.
    client.post(CSV_URL + "?status=in_progress")
    client.post("/action-plan/actions/export/excel/?status=done")
    assert Job.objects.filter(kind=action_jobs.EXPORT).count() == 3
    assert len(set(Job.objects.values_list("subject", flat=True))) == 3


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("staff", True),
        ("senior_manager", True),
        ("administrator", True),
        ("member", False),
        ("representative", False),
        ("mentor", False),
        ("returning_officer", False),
        ("data_steward", False),
    ],
)
def test_who_may_follow_an_export_and_take_its_file(
    client_for, role_users, django_capture_on_commit_callbacks, who, allowed
):
    """The same people who may export actions today; nobody else learns the job exists."""
    staff = role_users["staff"]
    create_action(by=staff, title="Helpline")
    with django_capture_on_commit_callbacks(execute=True):
        job = action_jobs.start(user=staff, fmt="csv", filters=action_jobs.filters_from({}))
    client = client_for(role_users[who])
    page = client.get(job.get_absolute_url())
    download = client.get(reverse("core:job-download", kwargs={"public_id": job.public_id}))
    if allowed:
        assert page.status_code == 200 and download.status_code == 200
    else:
        assert page.status_code == 404 and download.status_code == 404


def test_a_plan_removed_before_the_job_runs_is_a_plain_failure(staff):
    objective = ObjectiveFactory()
    filters = action_jobs.filters_from({"plan": objective.plan})
    job = action_jobs.start(user=staff, fmt="csv", filters=filters)
    objective.delete()  # a plan with objectives cannot be removed (protected)
    Plan.objects.filter(pk=objective.plan_id).delete()
    assert jobs.run(job.pk) == Job.Status.FAILED
    job.refresh_from_db()
    assert job.error == "The plan chosen in the filters no longer exists."


def _build_queries(staff, fmt: str) -> int:
    job = action_jobs.start(user=staff, fmt=fmt, filters=action_jobs.filters_from({}))
    with CaptureQueriesContext(connection) as ctx:
        assert jobs.run(job.pk) == Job.Status.DONE
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_build_does_not_grow_with_rows(staff, django_assert_max_num_queries, fmt):
    """Claim and read the job and its starter, count, the rows (one query, and one for their
    sources per 2,000 rows), the audit event, finish: 10; and 3 to start the job."""
    objective = ObjectiveFactory()
    create_action(by=staff, objective=objective)
    few = _build_queries(staff, fmt)
    for i in range(25):
        create_action(by=staff, objective=objective, title=f"Action {i}")
    many = _build_queries(staff, fmt)
    assert few == many
    with django_assert_max_num_queries(13):
        _build_queries(staff, fmt)
