"""Fault tests for the notification outbox with a real worker on Redis (issue 19).

CI's PostgreSQL + Redis pass runs these (CELERY_BROKER_URL=redis://...). The worker uses
tests/core/worker_settings.py: e-mail and SMS backends that record every send in a file.
The broker's Redis database is emptied by these tests: point CELERY_BROKER_URL at a database
kept for tests (CI's own server; db 10 on a shared development machine).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery_app import app
from core import services
from core.models import Notification
from core.services import notifications_sweep, notify
from tests.core.recording_backends import read_records
from tests.factories import make_user
from users.roles import Role

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "celery"  # the default queue, where notify() and the sweep send delivery jobs

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL.startswith("redis://"),
        reason="needs CELERY_BROKER_URL=redis://... (CI's PostgreSQL + Redis run sets it)",
    ),
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def broker():
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("an in-memory SQLite database cannot be shared with a worker process")
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(QUEUE)
    app.conf.task_always_eager = False
    yield client
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    client.delete(QUEUE)


@pytest.fixture
def record(tmp_path) -> Path:
    return tmp_path / "sends.jsonl"


@pytest.fixture
def start_worker(record):
    started: list[subprocess.Popen] = []

    def _start(**extra_env: str) -> subprocess.Popen:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="tests.core.worker_settings",
            CELERY_TASK_ALWAYS_EAGER="false",
            DATABASE_URL=_database_url(),
            OUTBOX_RECORD_FILE=str(record),
            **extra_env,
        )
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                QUEUE,
                "-n",
                f"outbox-{os.getpid()}-{len(started)}@%h",
            ],
            cwd=ROOT,
            env=env,
        )
        started.append(process)
        return process

    yield _start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _people(count: int) -> list:
    people = []
    for index in range(count):
        person = make_user(Role.MEMBER, display_name=f"Person {index}")
        person.email = f"person{index}@example.org"
        person.phone = f"+44770090{index:04d}"
        person.messages_by = "both"
        person.save()
        people.append(person)
    return people


def _wait_for(condition, timeout: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def _references(records, channel: str) -> Counter:
    """Each send's reference (the e-mail's Message-ID is <reference@domain>)."""
    return Counter(
        r["reference"].strip("<>").split("@")[0] for r in records if r["channel"] == channel
    )


def _all_sent_once(record: Path, notes) -> bool:
    records = read_records(record)
    wanted = Counter(str(n.reference) for n in notes)
    return _references(records, "email") == wanted and _references(records, "sms") == wanted


def _later(minutes: float):
    return timezone.now() + timedelta(minutes=minutes)


def test_worker_killed_after_claiming_and_before_sending_every_message_is_sent_once(
    broker, record, start_worker, tmp_path
):
    """The worker is SIGKILLed holding a claim it has not acted on; the others are still
    queued. A new worker sends the queued ones; the killed one's lease runs out and the
    sweep queues it again. Every message is sent, once per channel.

    A kill *between* a send and the mark that it was sent (not tested here: there is no
    safe moment to catch) can send that one message twice. Both copies carry the same
    reference (Notify's ``reference``, which the Notify backend checks before a retry,
    and the e-mail's Message-ID), so Notify does not send it again and a mail client can
    tell the copy for what it is.
    """
    notes = [notify(user=person, kind="test") for person in _people(3)]
    assert broker.llen(QUEUE) == 3

    hang = tmp_path / "claimed"
    doomed = start_worker(OUTBOX_HANG_FILE=str(hang))
    _wait_for(hang.exists, what="the worker to claim a message")
    claimed_reference = hang.read_text().strip("<>").split("@")[0]
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)

    claimed = Notification.objects.get(reference=claimed_reference)
    assert claimed.claimed_until is not None and claimed.attempts == 1
    assert claimed.email_status == "queued" and claimed.sms_status == "queued"
    assert read_records(record) == []  # nothing was sent before the kill

    start_worker()
    others = [n for n in notes if n.pk != claimed.pk]
    _wait_for(lambda: _all_sent_once(record, others), what="the queued messages")
    assert notifications_sweep() == 0  # the dead worker's lease has not run out yet
    assert notifications_sweep(now=_later(services.OUTBOX_LEASE.total_seconds() / 60 + 1)) == 1
    _wait_for(lambda: _all_sent_once(record, notes), what="the killed worker's message")

    for note in Notification.objects.filter(pk__in=[n.pk for n in notes]):
        assert (note.email_status, note.sms_status) == ("sent", "sent")
        assert note.delivered_at is not None and note.claimed_until is None
    assert notifications_sweep(now=_later(600)) == 0
    time.sleep(2)
    assert _all_sent_once(record, notes)  # still once each


def test_redis_flushed_with_jobs_queued_the_sweep_queues_them_again_and_all_are_delivered(
    broker, record, start_worker
):
    notes = [notify(user=person, kind="test") for person in _people(4)]
    assert broker.llen(QUEUE) == 4
    broker.flushdb()  # Redis restarted without its data: the jobs are gone
    assert broker.llen(QUEUE) == 0

    start_worker()
    assert notifications_sweep() == 0  # too soon: a job may still be on its way
    assert notifications_sweep(now=_later(3)) == 4
    _wait_for(lambda: _all_sent_once(record, notes), what="every message")
    assert set(
        Notification.objects.filter(pk__in=[n.pk for n in notes]).values_list(
            "email_status", "sms_status"
        )
    ) == {("sent", "sent")}
    assert notifications_sweep(now=_later(600)) == 0
