"""The coding report's background job: one question's figures broken down by who answered.

At a million answers the breakdown takes about a second (two grouped queries over every coded
answer), longer than a page may wait, so the report page offers a button that starts a job
(``core/jobs.py``) and shows the result once it is ready: the last breakdown worked out for that
question and attribute, with the time it was worked out, and a button to work it out again.

- The subject is the question and the attribute, so pressing the button twice (or two people
  pressing it) follows the same job, and each attribute is its own job.
- The result is the suppressed table (small cells already hidden, ``coding.suppression``) kept
  as a small JSON file with the job: the report page reads it back. Nothing in it identifies
  anyone, and it is shown only to those who may read the report.
- Who may follow the job: those who may read coding reports (``permissions.READERS``), for a
  consultation that is not a draft, as on the report page itself.
- Safe to run twice: it only reads, and a second run writes the same table again.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.coding import permissions
from consultations.coding import reports as coding_reports
from consultations.coding.selectors import PROFILE_ATTRIBUTES
from consultations.models import Consultation, Question
from core import jobs
from core.models import Job

BREAKDOWN = "consultations.coding_breakdown"


def subject(question: Question, attribute: str) -> str:
    return f"consultations.question:{question.pk}:{attribute}"


def _question_of(job: Job) -> Question | None:
    _label, pk, _attribute = job.subject.split(":")
    return (
        Question.objects.select_related("consultation")
        .exclude(consultation__status=Consultation.Status.DRAFT)
        .filter(pk=int(pk))
        .first()
    )


def _may_read(user: Any, job: Job) -> bool:
    """Those who may read the question's report may follow its breakdown."""
    return permissions.can_read_reports(user) and _question_of(job) is not None


def start(*, question: Question, attribute: str, user: Any) -> Job:
    """Start working out the breakdown, or return the one already underway."""
    return jobs.start(
        kind=BREAKDOWN,
        user=user,
        subject=subject(question, attribute),
        params={"attribute": attribute},
    )


def underway(question: Question, attribute: str) -> Job | None:
    return jobs.active(kind=BREAKDOWN, subject=subject(question, attribute))


def latest_result(
    question: Question, attribute: str
) -> tuple[Job, coding_reports.Breakdown] | None:
    """The last breakdown worked out for the question and attribute, with its job, if its file
    is still kept (results are removed after a week: ``core.jobs.KEEP_RESULTS``)."""
    job = (
        Job.objects.filter(
            kind=BREAKDOWN, subject=subject(question, attribute), status=Job.Status.DONE
        )
        .exclude(result_file="")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if job is None:
        return None
    try:
        with job.result_file.open("rb") as stored:
            data = json.loads(stored.read().decode("utf-8"))
    except (OSError, ValueError):  # removed or unreadable: offer to work it out again
        return None
    return job, coding_reports.Breakdown(
        attribute=data["attribute"],
        label=data["label"],
        columns=data["columns"],
        rows=[(label, cells) for label, cells in data["rows"]],
        totals=data["totals"],
        hidden_any=data["hidden_any"],
    )


@jobs.register(
    BREAKDOWN,
    title=gettext_lazy("Working out the breakdown"),
    can_see=_may_read,
    downloadable=False,  # the table is shown on the report page; its file is the page's data
)
def work_out_breakdown(job: Job, progress: jobs.Progress) -> jobs.Result:
    attribute = str(job.params.get("attribute", ""))
    labels = dict(PROFILE_ATTRIBUTES)
    question = _question_of(job)
    if question is None:
        raise ValidationError(_("This question's report is no longer available."))
    if attribute not in labels:
        raise ValidationError(_("Answers cannot be broken down that way."))
    progress(10)
    report = coding_reports.question_report(question)
    progress(40)
    result = coding_reports.breakdown(report, attribute)
    if result is None:
        raise ValidationError(_("This question's answers cannot be broken down."))
    data = asdict(result)
    data["label"] = str(result.label)
    url = reverse(
        "consultations:coding-report-question",
        kwargs={"pk": question.consultation_id, "question_pk": question.pk},
    )
    return jobs.Result(
        filename=f"breakdown-q{question.pk}-{attribute}.json",
        content=json.dumps(data, ensure_ascii=False).encode("utf-8"),
        url=f"{url}?by={attribute}#breakdown",
        message=_("The answers to question %(n)s by %(by)s are ready to see.")
        % {"n": report.number, "by": str(labels[attribute]).lower()},
    )
