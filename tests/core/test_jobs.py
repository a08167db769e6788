"""Background jobs (core/jobs.py): safe to start twice, a plain message when they fail, the
result only for those allowed, and a progress page that updates itself with or without
JavaScript."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.models import Job

pytestmark = pytest.mark.django_db


@jobs.register("tests.export", title="Making the test file")
def _export(job, progress):
    progress(50)
    return jobs.Result(filename="test.csv", content=b"a,b\n1,2\n", message="Your file is ready.")


@jobs.register("tests.boom", title="A job that breaks")
def _boom(job, progress):
    raise RuntimeError("internal detail: relation core_job does not exist")


@jobs.register("tests.refused", title="A job that is refused")
def _refused(job, progress):
    raise ValidationError("There is nothing to export yet.")


@jobs.register("tests.shared", title="A job staff may follow", can_see=lambda u, j: u.is_staff)
def _shared(job, progress):
    return jobs.Result(filename="shared.txt", content=b"shared")


@jobs.register("tests.page_data", title="Working out a table", downloadable=False)
def _page_data(job, progress):
    return jobs.Result(filename="table.json", content=b"{}", url="/", message="Ready to see.")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _started(user, kind="tests.export", subject="thing:1", callbacks=None):
    if callbacks is None:
        return jobs.start(kind=kind, user=user, subject=subject)
    with callbacks(execute=True):
        return jobs.start(kind=kind, user=user, subject=subject)


def test_starting_twice_gives_the_running_job(member, staff):
    first = _started(member)
    second = _started(staff)
    assert second.pk == first.pk
    assert Job.objects.count() == 1
    other = _started(member, subject="thing:2")
    assert other.pk != first.pk


def test_a_finished_job_can_be_started_again(member, django_capture_on_commit_callbacks):
    first = _started(member, callbacks=django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert first.status == Job.Status.DONE
    again = _started(member, callbacks=django_capture_on_commit_callbacks)
    assert again.pk != first.pk


def test_the_worker_claims_once(member):
    job = _started(member)
    assert jobs.run(job.pk) == "done"
    assert jobs.run(job.pk) == ""  # a second delivery of the task does nothing
    job.refresh_from_db()
    assert job.attempts == 1 and job.progress == 100
    assert job.result_file.read() == b"a,b\n1,2\n"


def test_a_job_whose_worker_died_is_claimed_again(member):
    job = _started(member)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert jobs.run(job.pk) == "done"


def test_a_failure_shows_a_plain_message_and_no_detail(client, member, caplog):
    job = _started(member, kind="tests.boom")
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error == str(jobs.FAILED_MESSAGE)
    assert "internal detail" in caplog.text  # the detail is in the log ...
    client.force_login(member)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "This could not be finished" in page and "Try again" in page
    assert "internal detail" not in page and "RuntimeError" not in page  # ... not the page
    assert 'http-equiv="refresh"' not in page and "hx-trigger" not in page


def test_a_refusal_is_shown_in_its_own_words(client, member):
    job = _started(member, kind="tests.refused")
    jobs.run(job.pk)
    client.force_login(member)
    assert "There is nothing to export yet." in client.get(job.get_absolute_url()).content.decode()


def test_the_result_is_only_for_those_allowed(client, member, mentor, staff):
    job = _started(member)
    jobs.run(job.pk)
    download = reverse("core:job-download", kwargs={"public_id": job.public_id})
    client.force_login(member)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    client.force_login(mentor)  # someone else: as if it did not exist
    assert client.get(download).status_code == 404
    assert client.get(job.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302  # to sign in
    shared = _started(member, kind="tests.shared")
    jobs.run(shared.pk)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)  # the kind says staff may see it
    url = reverse("core:job-download", kwargs={"public_id": shared.public_id})
    assert client.get(url).status_code == 200


def test_no_download_before_it_is_done(client, member):
    job = _started(member)
    client.force_login(member)
    url = reverse("core:job-download", kwargs={"public_id": job.public_id})
    assert client.get(url).status_code == 404


def test_the_progress_page_updates_itself_with_and_without_javascript(client, member):
    job = _started(member)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=40)
    client.force_login(member)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "This page updates itself" in page
    assert '<progress class="app-progress"' in page and 'value="40"' in page
    # Without JavaScript: the meta refresh (inside <noscript>, so htmx users do not reload).
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    # With JavaScript: htmx fetches the panel every 2 seconds.
    assert 'hx-trigger="every 2s"' in page and "js/htmx.min.js" in page
    panel = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert panel.lstrip().startswith('<div id="job-panel"') and "<html" not in panel
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
    jobs.run(job.pk)
    done = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and "Your file is ready." in done
    assert reverse("core:job-download", kwargs={"public_id": job.public_id}) in done


def test_progress_reported_inside_a_transaction_is_seen_through_the_cache(member):
    job = _started(member)
    report = jobs._reporter(job)
    from django.db import transaction

    with transaction.atomic():
        report(30)
    job.refresh_from_db()
    assert jobs.progress_of(job) == 30


def test_the_csp_allows_the_page_as_it_is(client, member):
    """No inline style or script without a nonce; the refresh is a meta tag (CSP has no say)."""
    job = _started(member)
    client.force_login(member)
    response = client.get(job.get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "connect-src 'self'" in csp  # htmx's polling goes to this site
    page = response.content.decode()
    assert "style=" not in page


def test_the_sweep_requeues_lost_jobs_and_removes_old_files(member, monkeypatch):
    sent = []
    monkeypatch.setattr(jobs, "_send", sent.append)
    now = timezone.now()
    lost = _started(member, subject="lost:1")
    Job.objects.filter(pk=lost.pk).update(created_at=now - datetime.timedelta(minutes=10))
    tired = _started(member, subject="tired:1")
    Job.objects.filter(pk=tired.pk).update(
        status=Job.Status.RUNNING, attempts=3, claimed_until=now - datetime.timedelta(minutes=1)
    )
    old = _started(member, subject="old:1")
    jobs.run(old.pk)
    old.refresh_from_db()
    path = old.result_file.path
    Job.objects.filter(pk=old.pk).update(finished_at=now - datetime.timedelta(days=8))
    assert jobs.sweep(now=now) == {"requeued": 1, "gave_up": 1, "expired": 1}
    assert sent == [lost.pk]
    tired.refresh_from_db()
    assert tired.status == Job.Status.FAILED
    old.refresh_from_db()
    assert not old.result_file and old.expired_at
    import os

    assert not os.path.exists(path)


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_make_one_job(member, monkeypatch):
    """On PostgreSQL, the partial unique index holds when many people press at once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (threads writing at once)")
    monkeypatch.setattr(jobs, "_send", lambda job_id: None)
    barrier = threading.Barrier(20)
    found: list[int] = []
    errors: list[BaseException] = []

    def press() -> None:
        try:
            barrier.wait()
            found.append(jobs.start(kind="tests.export", user=member, subject="race:1").pk)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(found)) == 1 and len(found) == 20
    assert Job.objects.filter(subject="race:1").count() == 1


def test_the_sweep_is_a_periodic_job():
    from config.celery_app import app
    from config.schedule import BEAT_SCHEDULE

    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert "core.tasks.sweep_jobs" in tasks
    app.loader.import_default_modules()
    assert "core.tasks.sweep_jobs" in app.tasks and "core.tasks.run_job" in app.tasks


def test_every_download_of_a_result_is_audited(client, member):
    from core.models import AuditEvent

    job = _started(member)
    jobs.run(job.pk)
    url = reverse("core:job-download", kwargs={"public_id": job.public_id})
    client.force_login(member)
    for _ in range(2):
        assert b"".join(client.get(url).streaming_content) == b"a,b\n1,2\n"
    events = AuditEvent.objects.filter(action="core.job.download")
    assert [(e.actor_id, e.detail["kind"]) for e in events] == [(member.pk, "tests.export")] * 2


def test_a_result_that_is_a_pages_data_is_not_offered_as_a_download(client, member):
    job = _started(member, kind="tests.page_data")
    jobs.run(job.pk)
    client.force_login(member)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Ready to see." in page and "Continue" in page
    download = reverse("core:job-download", kwargs={"public_id": job.public_id})
    assert download not in page and "Download the file" not in page
    assert client.get(download).status_code == 404
