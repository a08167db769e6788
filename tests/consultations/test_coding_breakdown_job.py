"""The coding report's breakdown by who answered, as a background job (issue 19): a POST starts
it, the report page shows the last one worked out; safe to press twice; only for those who may
read the report; a build whose queries do not grow with the answers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.coding import jobs as coding_jobs
from consultations.coding import reports as coding_reports
from consultations.coding import services as coding
from consultations.models import Question
from core import jobs
from core.models import Job
from tests.consultations.coding_factories import coded_consultation, items_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _coded(staff, n: int = 10):
    profiles = [{"gender": "man"}] * (n - n // 5) + [{"gender": "woman"}] * (n // 5)
    consultation, question, _book, codes = coded_consultation(
        staff, texts=[f"T{i}" for i in range(n)], profiles=profiles
    )
    for item in items_of(question):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk])
    return consultation, question


def _urls(consultation, question) -> tuple[str, str]:
    kwargs = {"pk": consultation.pk, "question_pk": question.pk}
    return (
        reverse("consultations:coding-report-question", kwargs=kwargs),
        reverse("consultations:coding-report-breakdown", kwargs=kwargs),
    )


def test_the_page_offers_a_button_and_a_get_changes_nothing(client, staff):
    consultation, question = _coded(staff)
    report, _start = _urls(consultation, question)
    client.force_login(staff)
    body = client.get(report, {"by": "gender"}).content.decode()
    assert 'method="post"' in body and "Work it out" in body
    assert "Answers by Gender" not in body  # nothing worked out yet, and a GET works nothing out
    assert not Job.objects.exists()


def test_the_job_works_it_out_and_the_page_shows_it(
    client, staff, django_capture_on_commit_callbacks
):
    consultation, question = _coded(staff)
    report, start = _urls(consultation, question)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start, {"by": "gender"})
    job = Job.objects.get(kind=coding_jobs.BREAKDOWN)
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result_message == "The answers to question 1 by gender are ready to see."
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"{report}?by=gender#breakdown" in page
    body = client.get(report, {"by": "gender"}).content.decode()
    assert "Answers by Gender" in body and "Worked out on" in body and "Work it out again" in body
    # What the page shows is what the report's own function works out.
    _job, stored = coding_jobs.latest_result(question, "gender")
    expected = coding_reports.breakdown(coding_reports.question_report(question), "gender")
    assert expected is not None
    assert stored.columns == expected.columns and stored.totals == expected.totals
    assert stored.rows == [(label, cells) for label, cells in expected.rows]
    assert stored.hidden_any == expected.hidden_any
    # Another attribute has nothing yet.
    assert "Answers by Age" not in client.get(report, {"by": "age_band"}).content.decode()


def test_pressing_twice_follows_the_same_job(client, staff, senior_manager):
    consultation, question = _coded(staff)
    report, start = _urls(consultation, question)
    client.force_login(staff)
    first = client.post(start, {"by": "gender"})  # waits: its commit hook never ran
    client.force_login(senior_manager)
    second = client.post(start, {"by": "gender"})
    job = Job.objects.get()
    assert first["Location"] == second["Location"] == job.get_absolute_url()
    body = client.get(report, {"by": "gender"}).content.decode()
    assert "being broken down" in body and job.get_absolute_url() in body
    client.post(start, {"by": "area"})
    assert Job.objects.count() == 2


def test_nonsense_is_a_message_not_a_job(client, staff):
    consultation, question = _coded(staff)
    report, start = _urls(consultation, question)
    client.force_login(staff)
    response = client.post(start, {"by": "shoe_size"}, follow=True)
    assert "Choose what to break the answers down by." in response.content.decode()
    assert not Job.objects.exists()
    free_text = Question.objects.create(
        consultation=consultation, text="Anything else?", kind=Question.Kind.LONG_TEXT, position=9
    )
    _report, start_other = _urls(consultation, free_text)
    response = client.post(start_other, {"by": "gender"}, follow=True)
    assert "cannot be broken down" in response.content.decode()
    assert not Job.objects.exists()


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
def test_who_may_follow_a_breakdown(
    client, role_users, django_capture_on_commit_callbacks, who, allowed
):
    """Those who may read the coding report, as on the report page."""
    consultation, question = _coded(role_users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        job = coding_jobs.start(question=question, attribute="gender", user=role_users["staff"])
    client.force_login(role_users[who])
    page = client.get(job.get_absolute_url())
    assert page.status_code == (200 if allowed else 404)


def _build_queries(question, staff) -> int:
    job = coding_jobs.start(question=question, attribute="gender", user=staff)
    with CaptureQueriesContext(connection) as ctx:
        assert jobs.run(job.pk) == Job.Status.DONE
    return len(ctx.captured_queries)


def test_the_build_does_not_grow_with_answers(staff, django_assert_max_num_queries):
    """15 to run (claim, the question and its report, two grouped counts, finish); 3 to start."""
    _c, small = _coded(staff, n=5)
    _c, large = _coded(staff, n=40)
    few = _build_queries(small, staff)
    many = _build_queries(large, staff)
    assert few == many
    with django_assert_max_num_queries(18):
        _build_queries(large, staff)
