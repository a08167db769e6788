"""Background jobs: long work (a count, a close, a large export) run by a worker.

An app declares a kind in its ``jobs.py`` (imported once at start-up)::

    @jobs.register("council.count", title=_("Counting the votes"), can_see=_can_see)
    def run_count(job, progress):
        progress(10)
        ...
        return jobs.Result(url=..., message=_("The count is done."))

A view starts one with ``jobs.start(kind=..., subject=..., user=...)`` and sends the person
to ``job.get_absolute_url()`` (``core:job``): a progress page that updates itself (htmx
every 2 s, or a ``<meta http-equiv="refresh">`` without JavaScript) and shows a link to the
result when it is done.

Safe to start twice: one job of a kind may be waiting or running per subject (a partial
unique constraint), so a second start returns the first. Safe to run twice: the worker claims
the row (queued, or running with a lapsed lease) with a conditional update before it runs,
and every job function must itself be safe to run again after a crash (check the state it
would change first).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Job

logger = logging.getLogger(__name__)

S = Job.Status
# How long a worker may hold a running job before another may take it (a dead worker).
LEASE = datetime.timedelta(minutes=30)
# A job still waiting this long was probably lost by the broker: the sweep queues it again.
REQUEUE_AFTER = datetime.timedelta(minutes=5)
# Result files are removed this long after the job finished.
KEEP_RESULTS = datetime.timedelta(days=7)
TRIES = 3
FAILED_MESSAGE = gettext_lazy(
    "Something went wrong and the job could not finish. Nothing was changed. Try again, and "
    "if it happens again tell the portal's administrators."
)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Result:
    """What a job leaves: a file to download, a page to see, a one-line summary."""

    filename: str = ""
    content: bytes = b""
    url: str = ""
    message: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    title: str | Promise  # translated when shown
    run: Callable[[Job, Progress], Result | None]
    # Who may see the job and its result. The person who started it always may.
    can_see: Callable[[Any, Job], bool]
    # False when the result file is data for the result page (not something to download):
    # the job page then links to the page only.
    downloadable: bool = True


_KINDS: dict[str, Kind] = {}


def register(
    name: str,
    *,
    title: str | Promise,
    can_see: Callable[[Any, Job], bool] | None = None,
    downloadable: bool = True,
) -> Callable:
    def decorator(func: Callable[[Job, Progress], Result | None]) -> Callable:
        _KINDS[name] = Kind(
            name=name,
            title=title,
            run=func,
            can_see=can_see or (lambda user, job: False),
            downloadable=downloadable,
        )
        return func

    return decorator


def kind(name: str) -> Kind:
    return _KINDS[name]


def subject_key(obj: Any) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def can_see(user: Any, job: Job) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if job.started_by_id == user.pk:
        return True
    spec = _KINDS.get(job.kind)
    return bool(spec and spec.can_see(user, job))


# --- starting ----------------------------------------------------------------------------------


def start(*, kind: str, user: Any, subject: str = "", params: dict | None = None) -> Job:
    """Queue a job, or return the one of this kind and subject already waiting or running."""
    if kind not in _KINDS:
        raise KeyError(kind)
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind, subject=subject, started_by=user, params=params or {}
            )
            transaction.on_commit(lambda: _send(job.pk))
            return job
    except IntegrityError:
        existing = active(kind=kind, subject=subject)
        if existing is None:  # it finished between our insert and this read: start again
            return start(kind=kind, user=user, subject=subject, params=params)
        return existing


def active(*, kind: str, subject: str) -> Job | None:
    return Job.objects.filter(kind=kind, subject=subject, status__in=Job.ACTIVE).first()


def latest(*, kind: str, subject: str) -> Job | None:
    return Job.objects.filter(kind=kind, subject=subject).order_by("-created_at", "-pk").first()


def _send(job_id: int) -> None:
    from core.tasks import run_job

    run_job.delay(job_id)


# --- running -----------------------------------------------------------------------------------


def _progress_key(job_id: int) -> str:
    return f"core:job:{job_id}:progress"


def progress_of(job: Job) -> int:
    """The furthest progress known: the row, or what the worker reported inside a transaction."""
    if job.status == S.DONE:
        return 100
    cached = cache.get(_progress_key(job.pk))
    return max(job.progress, int(cached or 0))


def _reporter(job: Job) -> Progress:
    def report(percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        # Inside the job's own transaction a row update is not seen until it commits: the
        # cache (Redis in production) is, so the page can show it at once.
        cache.set(_progress_key(job.pk), percent, timeout=int(LEASE.total_seconds()))
        if not connection.in_atomic_block:
            Job.objects.filter(pk=job.pk, progress__lt=percent).update(progress=percent)

    return report


def claim(job_id: int, *, now: datetime.datetime | None = None) -> Job | None:
    now = now or timezone.now()
    claimed = Job.objects.filter(
        Q(status=S.QUEUED) | Q(status=S.RUNNING, claimed_until__lt=now), pk=job_id
    ).update(
        status=S.RUNNING,
        claimed_until=now + LEASE,
        started_at=now,
        attempts=F("attempts") + 1,
    )
    return Job.objects.get(pk=job_id) if claimed else None


def run(job_id: int) -> str:
    """Run one job (the worker's task). Returns its status, or "" if it was not ours to run."""
    job = claim(job_id)
    if job is None:
        return ""
    spec = _KINDS.get(job.kind)
    try:
        if spec is None:
            raise ValidationError(_("This kind of job is no longer available."))
        result = spec.run(job, _reporter(job)) or Result()
    except ValidationError as exc:
        _finish(job, status=S.FAILED, error=" ".join(exc.messages)[:500])
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, status=S.FAILED, error=str(FAILED_MESSAGE))
    else:
        if result.content or result.filename:
            job.result_file.save(result.filename or "result", ContentFile(result.content), False)
        _finish(
            job,
            status=S.DONE,
            result_file=job.result_file.name or "",
            result_url=result.url,
            result_message=result.message[:300],
            progress=100,
        )
    cache.delete(_progress_key(job.pk))
    return Job.objects.filter(pk=job.pk).values_list("status", flat=True).get()


def _finish(job: Job, **values: Any) -> None:
    Job.objects.filter(pk=job.pk, status=S.RUNNING).update(
        finished_at=timezone.now(), claimed_until=None, **values
    )


# --- the sweep ---------------------------------------------------------------------------------


def sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue again jobs the broker lost, fail those tried too often, remove old result files."""
    now = now or timezone.now()
    lost = Job.objects.filter(
        Q(status=S.QUEUED, created_at__lt=now - REQUEUE_AFTER)
        | Q(status=S.RUNNING, claimed_until__lt=now)
    )
    gave_up = lost.filter(attempts__gte=TRIES).update(
        status=S.FAILED,
        error=str(FAILED_MESSAGE),
        finished_at=now,
        claimed_until=None,
    )
    requeued = 0
    for job_id in lost.filter(attempts__lt=TRIES).values_list("pk", flat=True):
        _send(job_id)
        requeued += 1
    expired = 0
    old = Job.objects.filter(finished_at__lt=now - KEEP_RESULTS, expired_at=None).exclude(
        result_file=""
    )
    for job in old.iterator():
        job.result_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result_file="", expired_at=now)
        expired += 1
    return {"requeued": requeued, "gave_up": gave_up, "expired": expired}
